public import Foundation

/// A file whose content is wrong: bad JSON, a wrong type at a JSON path, an unsupported format
/// version, a template or CSV error. The command line exits 65 (EX_DATAERR) on these.
public enum DataError: Error, LocalizedError, Equatable, Sendable {
    /// The text is not JSON.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A value has the wrong type or content.
    case invalid(file: String, path: String, message: String)
    /// The file is not the kind of document expected.
    case wrongFormat(file: String, expected: String, found: String)
    /// The file was written by a newer opmodel; `found` is its `formatVersion` as JSON spells
    /// it (`7`, `1e300`: never clamped, and short whatever the number).
    case newerFormatVersion(file: String, found: String, supported: Int)
    /// The file is larger than the documented limit and was not read.
    case tooLarge(file: String, size: Int, limit: Int)
    /// Several problems found by a validator.
    case problems(file: String, [ValidationProblem])
    /// A problem that is not tied to one JSON path.
    case other(file: String, message: String)

    /// The file concerned.
    public var file: String {
        switch self {
        case .syntax(let file, _, _, _), .invalid(let file, _, _), .wrongFormat(let file, _, _),
            .newerFormatVersion(let file, _, _), .tooLarge(let file, _, _), .problems(let file, _),
            .other(let file, _):
            return file
        }
    }

    /// One line per problem: `FILE:LINE:COLUMN: message` or `FILE: PATH: message`.
    public var errorDescription: String? {
        switch self {
        case .syntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): not valid JSON: \(MessageText.bounded(message))"
        case .invalid(let file, let path, let message):
            return "\(file): \(MessageText.bounded(path)): \(MessageText.bounded(message))"
        case .wrongFormat(let file, let expected, let found):
            return "\(file): format: expected \"\(expected)\", found \(found)"
        case .newerFormatVersion(let file, let found, let supported):
            return
                "\(file): formatVersion: the file has format version \(found), but this opmodel reads versions up to \(supported); upgrade opmodel to open it (the file was left untouched)"
        case .tooLarge(let file, let size, let limit):
            return
                "\(file): the file is \(Self.megabytes(size)), more than the limit of \(Self.megabytes(limit)); it was not read"
        case .problems(let file, let problems):
            return problems.map { "\(file): \($0.description)" }.joined(separator: "\n")
        case .other(let file, let message):
            return "\(file): \(MessageText.bounded(message))"
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        let value = Double(bytes) / 1_048_576
        return value >= 10 ? "\(Int(value.rounded())) MiB" : "\(Double(Int(value * 10)) / 10) MiB"
    }
}

/// One problem found by a validator, with its JSON path.
public struct ValidationProblem: Sendable, Equatable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable {
        /// The file cannot be used.
        case error
        /// The file works, but probably not as its author meant.
        case warning
    }

    /// How serious the problem is.
    public var severity: Severity
    /// Where the problem is, such as `domains[1].questions[2].next.3`.
    public var path: String
    /// What is wrong.
    public var message: String

    /// A problem; the path and message are kept to one line of reasonable length
    /// (``MessageText/bounded(_:)``), since both may echo what the file holds.
    init(severity: Severity, path: String, message: String) {
        self.severity = severity
        self.path = MessageText.bounded(path)
        self.message = MessageText.bounded(message)
    }

    /// An error at `path`.
    public static func error(_ path: String, _ message: String) -> ValidationProblem {
        ValidationProblem(severity: .error, path: path, message: message)
    }

    /// A warning at `path`.
    public static func warning(_ path: String, _ message: String) -> ValidationProblem {
        ValidationProblem(severity: .warning, path: path, message: message)
    }

    /// `PATH: error: message`.
    public var description: String { "\(path): \(severity.rawValue): \(message)" }
}

/// A problem with the file system: a missing input (exit 66), an output that cannot be created
/// (73), an I/O failure (74), or an assessment locked by another writer.
public enum FileError: Error, LocalizedError, Equatable, Sendable {
    /// The input does not exist.
    case notFound(path: String)
    /// The input exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The output cannot be created (permissions, missing folder, read-only file system).
    case cannotCreate(path: String, reason: String)
    /// Reading or writing failed midway (disk full, device error).
    case ioFailure(path: String, reason: String)
    /// Another opmodel process is writing the assessment.
    case locked(path: String, holder: String)

    /// A short description.
    public var errorDescription: String? {
        switch self {
        case .notFound(let path):
            return "\(path): no such file"
        case .unreadable(let path, let reason):
            return "\(path): cannot read the file: \(reason)"
        case .cannotCreate(let path, let reason):
            return "\(path): cannot write the file: \(reason)"
        case .ioFailure(let path, let reason):
            return "\(path): input/output error: \(reason)"
        case .locked(let path, let holder):
            return
                "\(path) is open in another opmodel session (\(holder)); finish or quit that session first. If it no longer runs, delete \(path).lock"
        }
    }
}

/// Keeps text echoed from a file in a message to one readable line: a 1 MB id or a note with
/// line breaks must not turn one problem into a screenful or into several lines (DESIGN §7).
enum MessageText {
    /// The longest message kept whole, in characters.
    static let limit = 500

    /// `text` with line breaks shown as `\n`, and its middle replaced by ` … ` when it is longer
    /// than ``limit`` characters (the start and the end, which says what was expected, stay).
    static func bounded(_ text: String) -> String {
        guard text.utf8.count > limit || text.contains(where: \.isNewline) else { return text }
        var flat = ""
        var count = 0
        for character in text {
            flat += character.isNewline ? "\\n" : String(character)
            count += 1
        }
        guard count > limit else { return flat }
        return String(flat.prefix(limit - 150)) + " … " + String(flat.suffix(140))
    }
}
