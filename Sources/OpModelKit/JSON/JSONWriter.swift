/// Writes JSON text the way every opmodel file is stored: keys sorted, two-space indentation,
/// one member per line, a trailing newline — so that files diff well in git.
public enum JSONWriter {
    /// The pretty, key-sorted text of `value`, ending with a newline.
    public static func prettyText(_ value: JSONValue) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(value, indent: 0, into: &output)
        output.append("\n")
        return output
    }

    /// The compact text of `value` on one line, keys sorted.
    public static func compactText(_ value: JSONValue) -> String {
        var output = ""
        writeCompact(value, into: &output)
        return output
    }

    /// The JSON spelling of a number: integral values without a fraction, others in the
    /// shortest form that reads back to the same `Double`. Non-finite values, which JSON
    /// cannot express, are written as `null`.
    public static func format(number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    /// `text` as a quoted JSON string with the mandatory escapes.
    public static func quoted(_ text: String) -> String {
        var output = ""
        appendQuoted(text, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, indent: Int, into output: inout String) {
        switch value {
        case .array(let elements):
            if elements.isEmpty {
                output.append("[]")
                return
            }
            output.append("[\n")
            for (index, element) in elements.enumerated() {
                appendIndent(indent + 1, to: &output)
                write(element, indent: indent + 1, into: &output)
                output.append(index == elements.count - 1 ? "\n" : ",\n")
            }
            appendIndent(indent, to: &output)
            output.append("]")
        case .object(let members):
            if members.isEmpty {
                output.append("{}")
                return
            }
            output.append("{\n")
            let keys = sortedKeys(members)
            for (index, key) in keys.enumerated() {
                appendIndent(indent + 1, to: &output)
                appendQuoted(key, to: &output)
                output.append(": ")
                if let member = members[key] {
                    write(member, indent: indent + 1, into: &output)
                }
                output.append(index == keys.count - 1 ? "\n" : ",\n")
            }
            appendIndent(indent, to: &output)
            output.append("}")
        default:
            writeCompact(value, into: &output)
        }
    }

    private static func writeCompact(_ value: JSONValue, into output: inout String) {
        switch value {
        case .null: output.append("null")
        case .bool(let flag): output.append(flag ? "true" : "false")
        case .number(let number): output.append(format(number: number))
        case .string(let text): appendQuoted(text, to: &output)
        case .array(let elements):
            output.append("[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(",") }
                writeCompact(element, into: &output)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            for (index, key) in sortedKeys(members).enumerated() {
                if index > 0 { output.append(",") }
                appendQuoted(key, to: &output)
                output.append(":")
                if let member = members[key] { writeCompact(member, into: &output) }
            }
            output.append("}")
        }
    }

    /// Keys in the order of their UTF-8 bytes, which is stable across platforms and locales.
    static func sortedKeys(_ members: JSONObject) -> [String] {
        members.keys.sorted(by: utf8Precedes)
    }

    /// Whether `left`'s UTF-8 bytes sort before `right`'s: a byte comparison of the two buffers
    /// when both strings are stored contiguously (as native strings are).
    static func utf8Precedes(_ left: String, _ right: String) -> Bool {
        let fast = left.utf8.withContiguousStorageIfAvailable { a in
            right.utf8.withContiguousStorageIfAvailable { b -> Bool in
                for index in 0..<min(a.count, b.count) where a[index] != b[index] {
                    return a[index] < b[index]
                }
                return a.count < b.count
            }
        }
        if let fast, let result = fast { return result }
        return left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private static func appendIndent(_ level: Int, to output: inout String) {
        for _ in 0..<max(0, level) { output.append("  ") }
    }

    private static func appendQuoted(_ text: String, to output: inout String) {
        output.append("\"")
        // Most strings need no escape: no quote, backslash or control character, and no 0xE2
        // byte (with which U+2028 and U+2029 start). Those are copied whole.
        let plain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F && byte != 0xE2
        }
        if plain {
            output.append(text)
            output.append("\"")
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case "\u{2028}": output.append("\\u2028")
            case "\u{2029}": output.append("\\u2029")
            default:
                // Control characters and bidirectional overrides are escaped, never written raw
                // (DESIGN §10.3): the file shows exactly what it holds.
                if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
                    || UntrustedText.isBidirectionalControl(scalar)
                {
                    let hex = String(scalar.value, radix: 16, uppercase: false)
                    output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
    }
}
