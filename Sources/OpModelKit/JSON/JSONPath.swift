/// Formats a Codable coding path as the JSON path users see in messages, such as
/// `domains[2].questions[4].levels` or `discover.answers.CO-03.level`.
public enum JSONPath {
    /// The path of `codingPath`, `$` for the document itself.
    public static func string(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue, key is IndexCodingKey || key.stringValue.hasPrefix("Index ") {
                result += "[\(index)]"
            } else {
                append(member: key.stringValue, to: &result)
            }
        }
        return result.isEmpty ? "$" : result
    }

    /// `path` extended by a member name.
    public static func member(_ name: String, of path: String) -> String {
        var result = path == "$" ? "" : path
        append(member: name, to: &result)
        return result
    }

    /// `path` extended by an array index.
    public static func index(_ index: Int, of path: String) -> String {
        (path == "$" ? "" : path) + "[\(index)]"
    }

    private static func append(member name: String, to result: inout String) {
        let plain =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                    || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-" || scalar == "@"
            }
        if plain {
            result += result.isEmpty ? name : "." + name
        } else {
            result += "[" + JSONWriter.quoted(name) + "]"
        }
    }
}

/// A coding key for any member name or array index.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    /// The member name, or the decimal index.
    public var stringValue: String
    /// The array index, if this key is one.
    public var intValue: Int?

    /// A key for a member name.
    public init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    /// A key for an array index.
    public init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// A key for a member name.
    public init(_ name: String) {
        self.init(stringValue: name)
    }
}

/// The coding key of an array element; JSON paths show it as `[index]`.
struct IndexCodingKey: CodingKey, Sendable {
    var stringValue: String { String(index) }
    var intValue: Int? { index }
    let index: Int

    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init(intValue: Int) { self.index = intValue }
}
