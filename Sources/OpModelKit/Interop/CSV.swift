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
///
/// ``CSVRecordReader`` reads the records one at a time from the text's bytes; the functions
/// here collect them all.
public enum CSVReader {
    /// The fields of every record of `text`.
    public static func parse(_ text: String) throws(CSVError) -> [[String]] {
        try records(text).map(\.fields)
    }

    /// Every record of `text` with the physical line it starts on.
    public static func records(_ text: String) throws(CSVError) -> [CSVRecord] {
        var reader = CSVRecordReader(text: text)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }
}

/// Reads CSV records (the rules of ``CSVReader``) one at a time, straight from UTF-8 bytes: the
/// input is taken a buffer at a time, each byte goes once through a state machine that needs
/// no look-ahead, and only the record being read is held. So a record, a CRLF, a doubled quote
/// or the byte order mark may be split across buffers, and the memory used is that of the
/// longest record, whatever the size of the input.
///
/// Lines and columns are those of ``CSVError``: a column counts Unicode scalars (UTF-8 lead
/// bytes) from the start of its physical line.
public struct CSVRecordReader {
    /// Where the bytes come from.
    private enum Source {
        case text(String.UTF8View, String.Index)
        case bytes([UInt8], Int)
    }

    private enum State {
        /// At the start of a field (nothing of it read yet).
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Inside a quoted field, just after a CR (an LF now belongs to the same line break).
        case quotedAfterCR
        /// Inside a quoted field, just after a quote: a second one is a literal quote,
        /// anything else means the first one closed the field.
        case quoteInQuoted
        /// Just after the closing quote of a quoted field.
        case afterQuote
        /// Just after the CR that ended a record: an LF now is part of that line break.
        case afterRecordCR
        /// Collecting the bytes of the character found after a closing quote, for the error.
        case textAfterQuote
    }

    private var source: Source
    private let bufferSize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes of the input consumed so far (from where reading started).
    private var consumed: Int
    private var state = State.fieldStart
    /// At the very start of the input: the first bytes may be a byte order mark.
    private var orderMarkBytes: [UInt8]?
    private var line: Int
    private var column = 0
    private var quoteLine = 0
    private var quoteColumn = 0
    /// The character found after a closing quote, its bytes still missing, and where it is.
    private var found: [UInt8] = []
    private var foundRemaining = 0
    private var foundLine = 0
    private var foundColumn = 0
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var recordLine: Int
    private var finished = false

    /// The UTF-8 offset in the input at which the record last returned by ``next()`` starts
    /// (after a byte order mark, and after the line break that ended the record before). A
    /// reader made with ``init(text:from:line:bufferSize:)`` at this offset and the record's
    /// line reads the same record again.
    public private(set) var recordOffset = 0
    private var pendingRecordOffset = 0

    /// A reader of `text`'s UTF-8 bytes, `bufferSize` bytes at a time (at least 1).
    public init(text: String, bufferSize: Int = 65_536) {
        self.init(source: .text(text.utf8, text.utf8.startIndex), bufferSize: bufferSize, offset: 0, line: 1)
    }

    /// A reader of `text` from the UTF-8 offset `offset`, which must be where a record starts
    /// (see ``recordOffset``); `line` is that record's line.
    public init(text: String, from offset: Int, line: Int, bufferSize: Int = 65_536) {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: max(0, offset), limitedBy: utf8.endIndex) ?? utf8.endIndex
        self.init(
            source: .text(utf8, start), bufferSize: bufferSize, offset: utf8.distance(from: utf8.startIndex, to: start),
            line: line)
    }

    /// A reader of UTF-8 `bytes`, `bufferSize` bytes at a time. Bytes that are not UTF-8 read as
    /// U+FFFD in fields (and columns count their lead bytes): check with ``isUTF8(_:)`` first
    /// to read such input exactly as its decoded text.
    public init(bytes: [UInt8], bufferSize: Int = 65_536) {
        self.init(source: .bytes(bytes, 0), bufferSize: bufferSize, offset: 0, line: 1)
    }

    /// A reader of `bytes` from `offset`, which must be where a record starts (see
    /// ``recordOffset``); `line` is that record's line.
    public init(bytes: [UInt8], from offset: Int, line: Int, bufferSize: Int = 65_536) {
        let start = min(max(0, offset), bytes.count)
        self.init(source: .bytes(bytes, start), bufferSize: bufferSize, offset: start, line: line)
    }

    /// Whether `bytes` are well-formed UTF-8.
    public static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private init(source: Source, bufferSize: Int, offset: Int, line: Int) {
        self.source = source
        self.bufferSize = max(1, bufferSize)
        consumed = offset
        recordOffset = offset
        pendingRecordOffset = offset
        self.line = line
        recordLine = line
        orderMarkBytes = offset == 0 ? [] : nil
    }

    /// The next record; nil at the end of the input.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        while !finished {
            if position == buffer.count && !refill() {
                finished = true
                return try finish()
            }
            let byte = buffer[position]
            position += 1
            consumed += 1
            if orderMarkBytes != nil {
                if let record = try orderMark(byte) { return record }
                continue
            }
            if let record = try consume(byte) { return record }
        }
        return nil
    }

    /// Loads the next buffer of input; false at its end.
    private mutating func refill() -> Bool {
        buffer.removeAll(keepingCapacity: true)
        position = 0
        switch source {
        case .text(let utf8, let index):
            let end = utf8.index(index, offsetBy: bufferSize, limitedBy: utf8.endIndex) ?? utf8.endIndex
            buffer.append(contentsOf: utf8[index..<end])
            source = .text(utf8, end)
        case .bytes(let bytes, let index):
            let end = min(bytes.count, index + bufferSize)
            buffer.append(contentsOf: bytes[index..<end])
            source = .bytes(bytes, end)
        }
        return !buffer.isEmpty
    }

    /// Holds back the first bytes while they may be a byte order mark (EF BB BF), which is
    /// skipped; anything else is read as it is.
    private mutating func orderMark(_ byte: UInt8) throws(CSVError) -> CSVRecord? {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        var held = orderMarkBytes ?? []
        held.append(byte)
        if held == Array(mark.prefix(held.count)) {
            if held.count == mark.count {
                orderMarkBytes = nil
                recordOffset = consumed
                pendingRecordOffset = consumed
            } else {
                orderMarkBytes = held
            }
            return nil
        }
        orderMarkBytes = nil
        return try replay(held)
    }

    /// Reads `bytes` held back at the start. Only the last can end a record: the others are
    /// the start of a byte order mark, which is text.
    private mutating func replay(_ bytes: [UInt8]) throws(CSVError) -> CSVRecord? {
        var record: CSVRecord?
        for byte in bytes {
            if let ended = try consume(byte) { record = ended }
        }
        return record
    }

    /// Reads one byte.
    private mutating func consume(_ byte: UInt8) throws(CSVError) -> CSVRecord? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        switch state {
        case .afterRecordCR:
            state = .fieldStart
            if byte == lf {
                pendingRecordOffset = consumed
                return nil
            }
        case .quotedAfterCR:
            state = .quoted
            if byte == lf {
                field.append(byte)
                return nil
            }
        case .quoteInQuoted:
            if byte & 0xC0 != 0x80 { column += 1 }
            if byte == quote {
                field.append(byte)
                state = .quoted
                return nil
            }
            state = .afterQuote
            return try afterQuote(byte)
        case .textAfterQuote:
            found.append(byte)
            if foundRemaining > 1 && byte & 0xC0 == 0x80 {
                foundRemaining -= 1
                return nil
            }
            throw .textAfterClosingQuote(
                line: foundLine, column: foundColumn, found: String(decoding: found, as: UTF8.self))
        default:
            break
        }
        if byte & 0xC0 != 0x80 { column += 1 }
        switch state {
        case .fieldStart:
            switch byte {
            case quote:
                quoteLine = line
                quoteColumn = column
                state = .quoted
            case comma: endField()
            case cr, lf: return endRecord(at: byte)
            default:
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            switch byte {
            case quote: throw .quoteInUnquotedField(line: line, column: column)
            case comma: endField()
            case cr, lf: return endRecord(at: byte)
            default: field.append(byte)
            }
        case .quoted:
            switch byte {
            case quote:
                state = .quoteInQuoted
            case cr, lf:
                field.append(byte)
                line += 1
                column = 0
                if byte == cr { state = .quotedAfterCR }
            default:
                field.append(byte)
            }
        case .afterQuote:
            return try afterQuote(byte)
        case .quotedAfterCR, .quoteInQuoted, .afterRecordCR, .textAfterQuote:
            break
        }
        return nil
    }

    /// Reads the byte after the closing quote of a field (already counted in the column).
    private mutating func afterQuote(_ byte: UInt8) throws(CSVError) -> CSVRecord? {
        switch byte {
        case UInt8(ascii: ","):
            endField()
            return nil
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            return endRecord(at: byte)
        default:
            // The error names the whole character: collect the rest of its bytes first.
            let length: Int =
                switch byte {
                case 0xC0...0xDF: 2
                case 0xE0...0xEF: 3
                case 0xF0...0xF7: 4
                default: 1
                }
            if length == 1 {
                throw .textAfterClosingQuote(line: line, column: column, found: String(decoding: [byte], as: UTF8.self))
            }
            found = [byte]
            foundRemaining = length - 1
            foundLine = line
            foundColumn = column
            state = .textAfterQuote
            return nil
        }
    }

    /// Ends the current field at a comma.
    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    /// Ends the current field and record at a line break (a CRLF counts once).
    private mutating func endRecord(at byte: UInt8) -> CSVRecord {
        fields.append(String(decoding: field, as: UTF8.self))
        let record = CSVRecord(fields: fields, line: recordLine)
        recordOffset = pendingRecordOffset
        pendingRecordOffset = consumed
        field.removeAll(keepingCapacity: true)
        fields = []
        state = byte == UInt8(ascii: "\r") ? .afterRecordCR : .fieldStart
        line += 1
        column = 0
        recordLine = line
        return record
    }

    /// The last record at the end of the input, if one is open.
    private mutating func finish() throws(CSVError) -> CSVRecord? {
        if let held = orderMarkBytes, !held.isEmpty {
            orderMarkBytes = nil
            if let record = try replay(held) { return record }
        }
        switch state {
        case .quoted, .quotedAfterCR:
            throw .unterminatedQuotedField(line: quoteLine, column: quoteColumn)
        case .textAfterQuote:
            throw .textAfterClosingQuote(
                line: foundLine, column: foundColumn, found: String(decoding: found, as: UTF8.self))
        case .fieldStart where fields.isEmpty, .afterRecordCR:
            return nil  // empty text, or the line break that ended the last record
        case .fieldStart, .unquoted, .afterQuote, .quoteInQuoted:
            fields.append(String(decoding: field, as: UTF8.self))
            recordOffset = pendingRecordOffset
            let record = CSVRecord(fields: fields, line: recordLine)
            fields = []
            field = []
            return record
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
/// reader's machine. Spreadsheets also drop leading white space and a byte order mark before
/// looking, and some read the full-width `＝＋－＠` (and the small `﹦﹢﹣﹫`) as those signs. With
/// ``guardsAgainstFormulas`` on (the default), a field whose first character that is not white
/// space or U+FEFF is one of those gets a leading apostrophe (`'=HYPERLINK(…)`, `' =1`), which
/// spreadsheets show as text; so does a field that starts with a tab, CR, LF, vertical tab or
/// form feed, whatever follows (the OWASP recommendation). Plain numbers such as `-3`, `+4.5`
/// or `-0.25` are left alone, since a spreadsheet reads them as the numbers they are, never as
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

    /// `field` with a leading apostrophe when a spreadsheet could run it as a formula (see
    /// ``needsFormulaGuard(_:)``).
    public static func neutralizingFormula(_ field: String) -> String {
        needsFormulaGuard(field) ? "'" + field : field
    }

    /// Whether a spreadsheet could run `field` as a formula: it starts with a control character
    /// a spreadsheet strips (tab, CR, LF, vertical tab, form feed), or its first character that
    /// is not white space or U+FEFF is `=`, `+`, `-`, `@` or a full-width or small form of them,
    /// and it is not a plain number.
    public static func needsFormulaGuard(_ field: String) -> Bool {
        guard let first = field.unicodeScalars.first else { return false }
        if strippedControls.contains(first) { return true }
        for scalar in field.unicodeScalars where scalar != "\u{FEFF}" && !scalar.properties.isWhitespace {
            return formulaSigns.contains(scalar) && !isPlainNumber(field)
        }
        return false
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

    /// Signs that start a formula: ASCII, full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20) and small
    /// forms (U+FE66, U+FE62, U+FE63, U+FE6B), which compatibility normalisation turns into the
    /// ASCII ones.
    private static let formulaSigns: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", "\u{FE66}", "\u{FE62}", "\u{FE63}",
        "\u{FE6B}",
    ]

    /// Control characters at the start of a cell that a spreadsheet drops before reading it.
    private static let strippedControls: Set<Unicode.Scalar> = ["\t", "\r", "\n", "\u{0B}", "\u{0C}"]
}
