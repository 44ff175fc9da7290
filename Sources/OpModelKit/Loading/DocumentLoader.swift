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
            throw DataError.newerFormatVersion(file: file, found: Int(min(version, 1e9)), supported: supported)
        }
        return FormatMigrations.migrate(json, format: format, from: Int(version))
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
