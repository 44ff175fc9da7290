/// Reads opmodel documents (questionnaires, assessments): parse the JSON, check `format` and
/// `formatVersion`, migrate older versions, decode. Every failure names the file and the JSON
/// path, and nothing is ever written back here.
public enum DocumentLoader {
    /// Parses JSON text, reporting syntax errors with the file, line and column.
    public static func parseJSON(_ bytes: [UInt8], file: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw DataError.syntax(file: file, line: error.line, column: error.column, message: error.message)
        }
    }

    /// Decodes a questionnaire from the bytes of `file`.
    public static func questionnaire(from bytes: [UInt8], file: String) throws -> Questionnaire {
        let json = try checkedDocument(
            bytes, file: file, format: Questionnaire.format, supported: Questionnaire.currentFormatVersion)
        return try decode(Questionnaire.self, from: json, file: file)
    }

    /// Decodes an assessment from the bytes of `file`.
    public static func assessment(from bytes: [UInt8], file: String) throws -> Assessment {
        let json = try checkedDocument(
            bytes, file: file, format: Assessment.format, supported: Assessment.currentFormatVersion)
        return try decode(Assessment.self, from: json, file: file)
    }

    /// Reads and decodes a questionnaire file.
    public static func loadQuestionnaire(at path: String, fileSystem: any FileSystem) throws -> Questionnaire {
        try questionnaire(from: fileSystem.readFile(at: path, limit: FileLimits.document), file: path)
    }

    /// Reads and decodes an assessment file.
    public static func loadAssessment(at path: String, fileSystem: any FileSystem) throws -> Assessment {
        try assessment(from: fileSystem.readFile(at: path, limit: FileLimits.document), file: path)
    }

    /// Decodes `T` from a JSON value, turning decoding errors into ``DataError/invalid(file:path:message:)``.
    public static func decode<T: Decodable>(_ type: T.Type, from json: JSONValue, file: String) throws -> T {
        do {
            return try JSONValueDecoder().decode(type, from: json)
        } catch let error as JSONValueDecodingError {
            throw DataError.invalid(file: file, path: error.path, message: error.message)
        }
    }

    /// The document's JSON after checking `format` and `formatVersion` and migrating older
    /// versions to the current one.
    static func checkedDocument(_ bytes: [UInt8], file: String, format: String, supported: Int) throws -> JSONValue {
        let json = try parseJSON(bytes, file: file)
        guard case .object(let members) = json else {
            throw DataError.invalid(
                file: file, path: "$",
                message: "expected an object with \"format\": \"\(format)\", found \(json.kindDescription)")
        }
        guard let formatValue = members["format"] else {
            throw DataError.invalid(
                file: file, path: "format", message: "missing required member \"format\" (expected \"\(format)\")")
        }
        guard formatValue.stringValue == format else {
            var found = formatValue.kindDescription
            if let text = formatValue.stringValue, text.hasPrefix("opmodel.") {
                // "an assessment", "a questionnaire": the article follows the word.
                func named(_ kind: Substring) -> String { ("aeiou".contains(kind.first ?? "x") ? "an " : "a ") + kind }
                found +=
                    " (this is \(named(text.dropFirst("opmodel.".count))) file, "
                    + "not \(named(format.dropFirst("opmodel.".count))))"
            }
            throw DataError.wrongFormat(file: file, expected: format, found: found)
        }
        guard let versionValue = members["formatVersion"] else {
            throw DataError.invalid(
                file: file, path: "formatVersion", message: "missing required member \"formatVersion\"")
        }
        guard let version = versionValue.numberValue, version == version.rounded(), version >= 1 else {
            throw DataError.invalid(
                file: file, path: "formatVersion",
                message: "expected a whole number ≥ 1, found \(versionValue.kindDescription)")
        }
        if version > Double(supported) {
            let shown = literal(of: "formatVersion", in: bytes, equalTo: version) ?? spelling(of: version)
            throw DataError.newerFormatVersion(file: file, found: shown, supported: supported)
        }
        return FormatMigrations.migrate(json, format: format, from: Int(version))
    }
}

extension DocumentLoader {
    /// The longest number literal shown as written in a message.
    static let longestLiteralShown = 32

    /// The text of the number written after the first `"name":` in `bytes` whose value is
    /// `number`, when it is at most ``longestLiteralShown`` characters (so `1E300` is shown as
    /// `1E300`); nil otherwise. Only called on the way to an error, so one pass over the bytes
    /// costs nothing that matters.
    static func literal(of name: String, in bytes: [UInt8], equalTo number: Double) -> String? {
        let key = Array("\"\(name)\"".utf8)
        let numberBytes = Set("0123456789+-.eE".utf8)
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var start = 0
        while start + key.count <= bytes.count {
            defer { start += 1 }
            guard bytes[start] == key[0], bytes[start..<start + key.count].elementsEqual(key) else { continue }
            var index = start + key.count
            while index < bytes.count, whitespace.contains(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { continue }
            index += 1
            while index < bytes.count, whitespace.contains(bytes[index]) { index += 1 }
            var end = index
            while end < bytes.count, end - index <= longestLiteralShown, numberBytes.contains(bytes[end]) { end += 1 }
            guard end > index, end - index <= longestLiteralShown else { continue }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            if Double(text) == number { return text }
        }
        return nil
    }

    /// A number as a JSON file would spell it, at most about 25 characters: `7`, `2.5`, and
    /// `1e300` for a number too large to write out (never clamped to what an `Int` holds).
    static func spelling(of number: Double) -> String {
        JSONWriter.format(number: number).replacing("e+", with: "e")
    }
}

/// Upgrades documents written with an older `formatVersion` to the current one.
///
/// Format version 1 is the first; when version 2 arrives, its migration goes here, one step per
/// version, and the loader applies them in order.
enum FormatMigrations {
    static func migrate(_ json: JSONValue, format: String, from version: Int) -> JSONValue {
        json
    }
}

/// Writes documents the way DESIGN §5 asks: sorted keys, pretty-printed, a trailing newline.
public enum DocumentWriter {
    /// The JSON text of a model.
    public static func text<T: Encodable>(of value: T) throws -> String {
        JSONWriter.prettyText(try JSONValueEncoder().encode(value))
    }
}
