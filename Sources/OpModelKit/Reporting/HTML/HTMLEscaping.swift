/// Makes text typed by people safe inside an HTML document (DESIGN §7, §10.4).
public enum HTMLEscaping {
    /// `text` safe as element text and as a quoted attribute value: `&`, `<`, `>`, `"` and `'`
    /// become character references, and the C0 controls HTML forbids (all but tab, line feed and
    /// carriage return) are left out, as are DEL and the noncharacters U+FFFE and U+FFFF. The
    /// templates quote every attribute, so nothing a value holds can end one or open a tag.
    public static func text(_ text: String) -> String {
        guard needsEscaping(text) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                let value = scalar.value
                if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D { continue }
                if value == 0x7F || value == 0xFFFE || value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether `text` holds a byte that ``text(_:)`` changes (most report cells hold none).
    static func needsEscaping(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"),
                0x7F:
                return true
            case 0x09, 0x0A, 0x0D: continue
            case 0..<0x20: return true
            case 0xEF:
                // U+FFFE and U+FFFF start with EF BF; checked on the slow path.
                return true
            default: continue
            }
        }
        return false
    }
}
