public import Foundation

/// A syntax error in CSV text, with the 1-based line and column where it was found.
///
/// Lines are physical lines of the text (a quoted field that spans two lines moves every later
/// record down by one); columns count Unicode scalars from 1, as ``JSONSyntaxError`` does. The
/// reader does not know the file's name: ``dataError(file:)`` adds it.
public enum CSVError: Error, LocalizedError, Equatable, Sendable {
    /// A quote appears inside a field that did not start with one, such as `ab"c`; the position
    /// is the quote's.
    case quoteInUnquotedField(line: Int, column: Int)
    /// Something other than a comma or a line break follows the closing quote of a field, such
    /// as `"ab"c`; the position is that of the character found.
    case textAfterClosingQuote(line: Int, column: Int, found: String)
    /// The text ends inside a quoted field; the position is the field's opening quote.
    case unterminatedQuotedField(line: Int, column: Int)

    /// The 1-based line of the problem.
    public var line: Int {
        switch self {
        case .quoteInUnquotedField(let line, _), .textAfterClosingQuote(let line, _, _),
            .unterminatedQuotedField(let line, _):
            return line
        }
    }

    /// The 1-based column (in Unicode scalars) of the problem.
    public var column: Int {
        switch self {
        case .quoteInUnquotedField(_, let column), .textAfterClosingQuote(_, let column, _),
            .unterminatedQuotedField(_, let column):
            return column
        }
    }

    /// What is wrong and how to fix it, without the position.
    public var message: String {
        switch self {
        case .quoteInUnquotedField:
            return "a quote inside a field that does not start with one; quote the whole field and double the quote"
        case .textAfterClosingQuote(_, _, let found):
            return "expected a comma or the end of the line after the closing quote, found \(Self.describe(found))"
        case .unterminatedQuotedField:
            return "the quoted field that starts here is never closed; the file ends inside it"
        }
    }

    /// `line L, column C`, the position as messages show it.
    public var position: String { "line \(line), column \(column)" }

    /// `line L, column C: message`.
    public var errorDescription: String? { "\(position): \(message)" }

    /// The error as a validation problem at ``position``.
    public var problem: ValidationProblem { .error(position, message) }

    /// The error as a data error of `file` (the command line exits 65 on it).
    public func dataError(file: String) -> DataError { .problems(file: file, [problem]) }

    static func describe(_ found: String) -> String {
        switch found {
        case "\t": return "a tab"
        case " ": return "a space"
        default: return "\"\(found)\""
        }
    }
}

/// One record of CSV text: its fields and the physical line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted, in order; never empty.
    public var fields: [String]
    /// The 1-based physical line of the record's first character.
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// An RFC 4180 CSV reader.
///
/// - Fields are separated by commas; a field may be quoted with `"`, and a quote inside a quoted
///   field is doubled (`""`). Commas, CR, LF and CRLF inside a quoted field are part of the
///   field, kept exactly as written.
/// - Records end with CRLF, LF or a lone CR (files may mix them). A line break at the very end
///   of the text ends the last record; it does not start an empty one. The last record may also
///   end without a line break.
/// - An empty line in the middle is, as RFC 4180's grammar says, a record with one empty field;
///   callers that treat blank rows as nothing skip such records themselves.
/// - A UTF-8 byte order mark at the start is skipped. Spaces are part of fields (they are not
///   trimmed), and records may have different numbers of fields: checking that is the caller's
///   job.
/// - Errors: a quote inside an unquoted field, text after a closing quote, and a quoted field
///   that never closes (reported where it opened). See ``CSVError``.
public enum CSVReader {
    /// The fields of every record of `text`.
    public static func parse(_ text: String) throws(CSVError) -> [[String]] {
        try records(text).map(\.fields)
    }

    /// Every record of `text` with the physical line it starts on.
    public static func records(_ text: String) throws(CSVError) -> [CSVRecord] {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        return try scanner.scan()
    }

    private struct Scanner {
        enum State {
            /// At the start of a field (nothing of it read yet).
            case fieldStart
            /// Inside a field that did not start with a quote.
            case unquoted
            /// Inside a quoted field opened at the given position.
            case quoted(line: Int, column: Int)
            /// Just after the closing quote of a quoted field.
            case afterQuote
        }

        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 0
        var state = State.fieldStart
        var field = String.UnicodeScalarView()
        var fields: [String] = []
        var recordLine = 1
        var records: [CSVRecord] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
            if scalars.first == "\u{FEFF}" { index = 1 }
        }

        mutating func scan() throws(CSVError) -> [CSVRecord] {
            while index < scalars.count {
                let scalar = scalars[index]
                column += 1
                switch state {
                case .fieldStart:
                    switch scalar {
                    case "\"": state = .quoted(line: line, column: column)
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default:
                        field.append(scalar)
                        state = .unquoted
                    }
                case .unquoted:
                    switch scalar {
                    case "\"": throw .quoteInUnquotedField(line: line, column: column)
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default: field.append(scalar)
                    }
                case .quoted:
                    if scalar == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            field.append(scalar)
                            index += 1
                            column += 1
                        } else {
                            state = .afterQuote
                        }
                    } else if scalar == "\r" || scalar == "\n" {
                        field.append(scalar)
                        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                            field.append("\n")
                            index += 1
                        }
                        line += 1
                        column = 0
                    } else {
                        field.append(scalar)
                    }
                case .afterQuote:
                    switch scalar {
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default:
                        throw .textAfterClosingQuote(line: line, column: column, found: String(Character(scalar)))
                    }
                }
                index += 1
            }
            switch state {
            case .quoted(let line, let column):
                throw .unterminatedQuotedField(line: line, column: column)
            case .fieldStart where fields.isEmpty:
                break  // empty text, or the line break that ended the last record
            case .fieldStart, .unquoted, .afterQuote:
                fields.append(String(field))
                records.append(CSVRecord(fields: fields, line: recordLine))
            }
            return records
        }

        /// Ends the current field at a comma.
        mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            state = .fieldStart
        }

        /// Ends the current field and record at the line break under `index` (CRLF counts once).
        mutating func endRecord() {
            fields.append(String(field))
            records.append(CSVRecord(fields: fields, line: recordLine))
            field = String.UnicodeScalarView()
            fields = []
            state = .fieldStart
            if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                index += 1
            }
            line += 1
            column = 0
            recordLine = line
        }
    }
}

/// An RFC 4180 CSV writer that guards against spreadsheet formula injection.
///
/// A field is quoted only when it must be: when it holds a comma, a quote, CR or LF, or starts
/// or ends with a space or a tab (which some readers would trim), or starts with U+FEFF (which
/// a reader would take for a byte order mark at the start of the file). Quotes inside are
/// doubled.
/// Every record ends with CRLF, as RFC 4180 asks.
///
/// **Formula injection.** A spreadsheet that opens a CSV file runs a cell that starts with `=`,
/// `+`, `-` or `@` as a formula, so a respondent's note such as `=HYPERLINK(…)` would run on the
/// reader's machine. With ``guardsAgainstFormulas`` on (the default), such a field gets a
/// leading apostrophe (`'=HYPERLINK(…)`), which spreadsheets show as text. A field starting with
/// a tab or a CR gets one too (the OWASP recommendation). Plain numbers such as `-3`, `+4.5` or
/// `-0.25` are left alone, since a spreadsheet reads them as the numbers they are, never as
/// formulas (see ``isPlainNumber(_:)``). The apostrophe is part of the written text: reading
/// the file back gives `'=HYPERLINK(…)`, so turn the guard off for files meant only for
/// programs.
public struct CSVWriter: Sendable, Equatable {
    /// Whether fields that a spreadsheet would run as formulas get a leading apostrophe.
    public var guardsAgainstFormulas: Bool

    /// A writer; the formula guard is on unless turned off.
    public init(guardsAgainstFormulas: Bool = true) {
        self.guardsAgainstFormulas = guardsAgainstFormulas
    }

    /// The CSV text of `records`, each ending with CRLF; empty text for no records.
    ///
    /// A record with no fields cannot be told apart from one empty field in CSV; both are
    /// written as an empty line, which reads back as one empty field.
    public func write(_ records: [[String]]) -> String {
        var text = ""
        for record in records { text += line(record) }
        return text
    }

    /// One record with its CRLF.
    public func line(_ fields: [String]) -> String {
        fields.map(encode).joined(separator: ",") + "\r\n"
    }

    /// One field as it appears in the file: guarded, then quoted if needed.
    public func encode(_ field: String) -> String {
        let value = guardsAgainstFormulas ? Self.neutralizingFormula(field) : field
        return Self.needsQuotes(value) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// `field` with a leading apostrophe when a spreadsheet would run it as a formula: it starts
    /// with `=`, `+`, `-`, `@`, a tab or a CR, and is not a plain number.
    public static func neutralizingFormula(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(field) else {
            return field
        }
        return "'" + field
    }

    /// Whether `text` is a plain decimal number: an optional `+` or `-`, ASCII digits, and
    /// optionally a point followed by digits (`-3`, `+4.5`, `-.5`). No exponent, no spaces, no
    /// thousands separators: `-1+2` or `-1e5` are not plain numbers.
    public static func isPlainNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let first = scalars.first, first == "+" || first == "-" { scalars.removeFirst() }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let isDigits = { (part: Substring.UnicodeScalarView.SubSequence) in
            part.allSatisfy { $0 >= "0" && $0 <= "9" }
        }
        switch parts.count {
        case 1:
            return !parts[0].isEmpty && isDigits(parts[0])
        case 2:
            return !parts[1].isEmpty && isDigits(parts[0]) && isDigits(parts[1])
        default:
            return false
        }
    }

    /// Whether `field` must be quoted: a comma, quote, CR or LF inside, a space or tab at either
    /// end, or U+FEFF at the start.
    public static func needsQuotes(_ field: String) -> Bool {
        let scalars = field.unicodeScalars
        if let first = scalars.first, first == " " || first == "\t" || first == "\u{FEFF}" { return true }
        if let last = scalars.last, last == " " || last == "\t" { return true }
        return scalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
