/// One respondent's row of a survey export: who answered, and their answer to each question.
public struct SurveyResponse: Sendable, Equatable {
    /// The respondent's name, from the `respondent` column, without surrounding spaces.
    public var respondent: String
    /// The respondent's role, from the optional `role` column; nil when absent or empty.
    public var role: String?
    /// Answers keyed by question id; unanswered questions (empty cells) have no entry.
    public var answers: [String: Answer]
    /// The spreadsheet row the response came from (the header is row 1).
    public var row: Int

    /// Creates a response.
    public init(respondent: String, role: String? = nil, answers: [String: Answer], row: Int) {
        self.respondent = respondent
        self.role = role
        self.answers = answers
        self.row = row
    }
}

/// The responses of a survey export (DESIGN §5.4) read with a questionnaire, and every problem
/// found in it.
///
/// The file is RFC 4180 CSV (see ``CSVReader``). Its first row is the header:
///
/// - `respondent` (required) and `role` (optional), in any position and any letter case;
/// - one column per question id of the questionnaire, whose cells hold a level of the scale,
///   `n/a` (any letter case), or nothing (unanswered);
/// - optional `<questionId> note` columns (such as `CO-03 note`): the note of a level answer, or
///   the reason of an `n/a` (``defaultNotApplicableReason`` when the note is empty).
///
/// Question ids match exactly, or else ignoring letter case. Unknown columns are reported as
/// warnings and ignored. Everything else is an error located by spreadsheet row (header = 1)
/// and column letter: a cell that is not a level of the scale or `n/a`, an empty or repeated
/// respondent, a row with more or fewer cells than the header, a CSV syntax error (located by
/// line and column instead). Rows whose cells are all empty are skipped. Line breaks inside
/// notes are normalised to LF.
///
/// A command that must write nothing when any row is bad calls ``validResponses()``, which
/// throws ``DataError/problems(file:_:)`` (exit 65) when ``hasErrors``.
///
/// The text is read record by record (``CSVRecordReader``), and a result read from text keeps
/// only where each good row starts: its responses are made from the text when asked for
/// (``responses``, ``validResponses()``, or one at a time with ``forEachResponse(_:)``). So
/// reading a large export, and refusing it, costs little memory beyond the text itself.
public struct SurveyResponses: Sendable, Equatable {
    /// The reason recorded for an `n/a` cell whose note is empty.
    public static let defaultNotApplicableReason = "marked n/a in the survey"

    /// The file the text came from, as named in messages.
    public var file: String
    /// The responses of the rows without errors, in file order. When ``hasErrors`` is true this
    /// is not every row of the file, so nothing should be written from it.
    public var responses: [SurveyResponse] {
        get {
            var all: [SurveyResponse] = []
            all.reserveCapacity(responseCount)
            forEachResponse { all.append($0) }
            return all
        }
        set { storage = .made(newValue) }
    }
    /// Every problem, in file order (header first); paths read `row 3, column D (CO-03)`.
    public var problems: [ValidationProblem]
    private var storage: Storage

    /// The responses: made, or to be made from the rows of the input.
    private enum Storage: Sendable {
        case made([SurveyResponse])
        case rows(input: SurveyInput, reader: SurveyReader, rows: [SurveyRow])
    }

    /// Creates a result.
    public init(file: String, responses: [SurveyResponse], problems: [ValidationProblem]) {
        self.file = file
        self.problems = problems
        storage = .made(responses)
    }

    private init(
        file: String, input: SurveyInput, reader: SurveyReader, rows: [SurveyRow], problems: [ValidationProblem]
    ) {
        self.file = file
        self.problems = problems
        storage = .rows(input: input, reader: reader, rows: rows)
    }

    /// The number of ``responses``.
    public var responseCount: Int {
        switch storage {
        case .made(let responses): return responses.count
        case .rows(_, _, let rows): return rows.count
        }
    }

    /// Calls `body` with each of the ``responses`` in turn, making one at a time.
    public func forEachResponse(_ body: (SurveyResponse) throws -> Void) rethrows {
        switch storage {
        case .made(let responses):
            for response in responses { try body(response) }
        case .rows(let input, let reader, let rows):
            for row in rows {
                var records = input.reader(from: row.offset, line: row.line, bufferSize: 4_096)
                var rowReader = reader
                var unchecked: RespondentIndex?
                guard let record = try? records.next(),
                    let response = rowReader.readRow(
                        record, row: row.number, offset: row.offset, respondents: &unchecked)
                else { continue }
                try body(response)
            }
        }
    }

    /// Same file, problems and responses.
    public static func == (left: SurveyResponses, right: SurveyResponses) -> Bool {
        left.file == right.file && left.problems == right.problems && left.responses == right.responses
    }

    /// Whether any problem is an error, in which case no response should be imported.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// The problems that do not stop the import (unknown columns, ignored notes).
    public var warnings: [ValidationProblem] { problems.filter { $0.severity == .warning } }

    /// Every response, or ``DataError/problems(file:_:)`` with all the problems (warnings
    /// included) when any of them is an error.
    public func validResponses() throws(DataError) -> [SurveyResponse] {
        if hasErrors { throw .problems(file: file, problems) }
        return responses
    }

    /// Reads the survey export `text` of `file` with `questionnaire`. Never throws: every
    /// problem, CSV syntax errors included, is in ``problems`` (a syntax error alone: the rows
    /// of a file that is not valid CSV are not judged).
    public static func parse(text: String, file: String, questionnaire: Questionnaire) -> SurveyResponses {
        parse(.text(text), file: file, questionnaire: questionnaire, bufferSize: 65_536)
    }

    /// Reads the survey export `bytes` of `file`, as ``parse(text:file:questionnaire:)`` reads
    /// their text (`String(decoding:as:)`), without making that text: a file read this way
    /// needs memory for its bytes only, not also for a copy of them.
    public static func parse(bytes: [UInt8], file: String, questionnaire: Questionnaire) -> SurveyResponses {
        parse(bytes: bytes, file: file, questionnaire: questionnaire, bufferSize: 65_536)
    }

    /// ``parse(bytes:file:questionnaire:)`` reading `bufferSize` bytes at a time.
    static func parse(bytes: [UInt8], file: String, questionnaire: Questionnaire, bufferSize: Int) -> SurveyResponses {
        // Bytes that are not UTF-8 are decoded first, so that columns count as in the text.
        let input: SurveyInput =
            CSVRecordReader.isUTF8(bytes) ? .bytes(bytes) : .text(String(decoding: bytes, as: UTF8.self))
        return parse(input, file: file, questionnaire: questionnaire, bufferSize: bufferSize)
    }

    /// ``parse(text:file:questionnaire:)`` reading `bufferSize` bytes at a time; tests give a
    /// poor `respondentHash` to see respondents that share a hash told apart.
    static func parse(
        text: String, file: String, questionnaire: Questionnaire, bufferSize: Int,
        respondentHash: @escaping @Sendable (String) -> Int = { $0.hashValue }
    ) -> SurveyResponses {
        parse(
            .text(text), file: file, questionnaire: questionnaire, bufferSize: bufferSize,
            respondentHash: respondentHash)
    }

    private static func parse(
        _ input: SurveyInput, file: String, questionnaire: Questionnaire, bufferSize: Int,
        respondentHash: @escaping @Sendable (String) -> Int = { $0.hashValue }
    ) -> SurveyResponses {
        var records = input.reader(from: 0, line: 1, bufferSize: bufferSize)
        var reader = SurveyReader(questionnaire: questionnaire)
        var rows: [SurveyRow] = []
        var beyondRows: [SurveyResponse] = []
        do {
            guard let headerRecord = try records.next() else {
                reader.problems.append(
                    .error(
                        "row 1",
                        "the file is empty; expected a header row with \"respondent\", optionally \"role\", "
                            + "then one column per question id"))
                return SurveyResponses(file: file, responses: [], problems: reader.problems)
            }
            guard reader.readHeader(headerRecord) else {
                // The rows cannot be read, but a syntax error further down still counts.
                while try records.next() != nil {}
                return SurveyResponses(file: file, responses: [], problems: reader.problems)
            }
            var respondents: RespondentIndex? = RespondentIndex(
                input: input, column: reader.respondentColumn, hash: respondentHash)
            var sawResponse = false
            var row = 1
            while let record = try records.next() {
                row += 1
                if record.fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
                sawResponse = true
                let offset = records.recordOffset
                if let response = reader.readRow(record, row: row, offset: offset, respondents: &respondents) {
                    if let place = SurveyRow(offset: offset, line: record.line, number: row) {
                        rows.append(place)
                    } else {
                        beyondRows.append(response)  // past 4 GiB of input
                    }
                }
            }
            if !sawResponse {
                reader.problems.append(
                    .warning("row 2", "the file has a header but no responses; there is nothing to import"))
            }
        } catch {
            return SurveyResponses(file: file, responses: [], problems: [error.problem])
        }
        // The rows are read again with the header's columns only: none of the problems found.
        var rowReader = reader
        rowReader.problems = []
        guard beyondRows.isEmpty else {
            var all = SurveyResponses(
                file: file, input: input, reader: rowReader, rows: rows, problems: reader.problems
            )
            .responses
            all += beyondRows
            return SurveyResponses(file: file, responses: all, problems: reader.problems)
        }
        return SurveyResponses(file: file, input: input, reader: rowReader, rows: rows, problems: reader.problems)
    }

    /// The spreadsheet letters of the 0-based column `index`: `A` for 0, `Z` for 25, `AA` for 26.
    public static func columnLetters(_ index: Int) -> String {
        var number = max(index, 0)
        var letters: [Unicode.Scalar] = []
        repeat {
            letters.append(Unicode.Scalar(UInt8(65 + number % 26)))
            number = number / 26 - 1
        } while number >= 0
        return String(String.UnicodeScalarView(letters.reversed()))
    }
}

/// What a header column holds.
private enum SurveyColumn: Sendable {
    case respondent
    case role
    case answer(questionID: String)
    case note(questionID: String)
    case ignored
}

/// A survey export read: its text, or its bytes when they are UTF-8.
private enum SurveyInput: Sendable {
    case text(String)
    case bytes([UInt8])

    /// A reader from `offset`, where a record on `line` starts (the start of the input: 0, 1).
    func reader(from offset: Int, line: Int, bufferSize: Int) -> CSVRecordReader {
        switch self {
        case .text(let text):
            return offset == 0
                ? CSVRecordReader(text: text, bufferSize: bufferSize)
                : CSVRecordReader(text: text, from: offset, line: line, bufferSize: bufferSize)
        case .bytes(let bytes):
            return offset == 0
                ? CSVRecordReader(bytes: bytes, bufferSize: bufferSize)
                : CSVRecordReader(bytes: bytes, from: offset, line: line, bufferSize: bufferSize)
        }
    }
}

/// The respondents met so far, for the "already answered" check, in little memory: the hash of
/// each respondent's identity (``SurveyReader/identity(_:)``) and where its first row is. When
/// a later identity has the same hash, the earlier row's respondent is read again from the
/// input to tell a repeated respondent from a different one; different identities that share
/// a hash are then kept by name.
private struct RespondentIndex: Sendable {
    /// Where a respondent's first row is, in 8 bytes.
    struct Seen: Sendable {
        var row: UInt32
        var offset: UInt32
    }

    let input: SurveyInput
    /// The respondent's column.
    let column: Int
    let hash: @Sendable (String) -> Int
    private var byHash: [Int: Seen] = [:]
    private var sharingAHash: [String: Int] = [:]

    init(input: SurveyInput, column: Int, hash: @escaping @Sendable (String) -> Int) {
        self.input = input
        self.column = column
        self.hash = hash
    }

    /// The row of an earlier respondent with `identity`; nil when there is none, and the
    /// respondent of `row` (at `offset`, on `line`) is then recorded.
    mutating func earlierRow(of identity: String, row: Int, offset: Int) -> Int? {
        let key = hash(identity)
        guard let seen = byHash[key] else {
            if let row32 = UInt32(exactly: row), let offset32 = UInt32(exactly: offset) {
                byHash[key] = Seen(row: row32, offset: offset32)
                return nil
            }
            // Past 4 GiB of input: kept by name.
            if let earlier = sharingAHash[identity] { return earlier }
            sharingAHash[identity] = row
            return nil
        }
        if self.identity(at: seen) == identity { return Int(seen.row) }
        if let earlier = sharingAHash[identity] { return earlier }
        sharingAHash[identity] = row
        return nil
    }

    /// The identity of the respondent of the row at `seen`, read again.
    private func identity(at seen: Seen) -> String? {
        // The line only places errors, and the row was read once without any.
        var records = input.reader(from: Int(seen.offset), line: 1, bufferSize: 4_096)
        guard let record = try? records.next(), column < record.fields.count else { return nil }
        return SurveyReader.identity(record.fields[column].trimmingSpaces)
    }
}

/// Where a good row of a survey export is in its text, in 12 bytes (inputs up to 4 GiB).
private struct SurveyRow: Sendable {
    private var offset32: UInt32
    private var line32: UInt32
    private var number32: UInt32

    /// The row, if its numbers fit.
    init?(offset: Int, line: Int, number: Int) {
        guard let offset = UInt32(exactly: offset), let line = UInt32(exactly: line),
            let number = UInt32(exactly: number)
        else { return nil }
        offset32 = offset
        line32 = line
        number32 = number
    }

    /// The UTF-8 offset of its record.
    var offset: Int { Int(offset32) }
    /// The physical line its record starts on.
    var line: Int { Int(line32) }
    /// Its spreadsheet row (the header is row 1).
    var number: Int { Int(number32) }
}

/// The state of reading one survey export.
private struct SurveyReader: Sendable {
    let questionnaire: Questionnaire
    /// The levels of the scale, worked out once rather than for every cell.
    let levels: ClosedRange<Int>
    let questionsByID: [String: Question]
    let questionsByLowercasedID: [String: [Question]]
    var columns: [SurveyColumn] = []
    var header: [String] = []
    var problems: [ValidationProblem] = []

    init(questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        levels = questionnaire.levelRange
        let questions = questionnaire.allQuestions
        var byID: [String: Question] = [:]
        for question in questions where byID[question.id] == nil { byID[question.id] = question }
        questionsByID = byID
        questionsByLowercasedID = Dictionary(grouping: questions) { $0.id.lowercased() }
    }

    // MARK: Header

    /// Reads the header; false when the rows cannot be read.
    mutating func readHeader(_ record: CSVRecord) -> Bool {
        header = record.fields.map(\.trimmingSpaces)
        if header.allSatisfy(\.isEmpty) {
            problems.append(
                .error(
                    location(row: 1, record: record),
                    "the header row is empty; expected \"respondent\", optionally \"role\", "
                        + "then one column per question id"))
            return false
        }
        var firstColumn: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let column = classify(name, at: index, record: record)
            columns.append(column)
            let key: String
            switch column {
            case .respondent: key = "respondent"
            case .role: key = "role"
            case .answer(let id): key = "answer " + id
            case .note(let id): key = "note " + id
            case .ignored: continue
            }
            if let first = firstColumn[key] {
                problems.append(
                    .error(
                        cellLocation(row: 1, record: record, column: index),
                        "this column repeats column \(SurveyResponses.columnLetters(first)) (\"\(header[first])\")"))
                columns[index] = .ignored
            } else {
                firstColumn[key] = index
            }
        }
        for (index, column) in columns.enumerated() {
            if case .note(let id) = column, firstColumn["answer " + id] == nil {
                problems.append(
                    .warning(
                        cellLocation(row: 1, record: record, column: index),
                        "the note column has no \"\(id)\" column for its answers; it is ignored"))
                columns[index] = .ignored
            }
        }
        var usable = true
        if firstColumn["respondent"] == nil {
            problems.append(.error(location(row: 1, record: record), "the header has no \"respondent\" column"))
            usable = false
        }
        if !columns.contains(where: { if case .answer = $0 { true } else { false } }) {
            let examples = questionnaire.allQuestions.prefix(2).map(\.id).joined(separator: ", ")
            problems.append(
                .error(
                    location(row: 1, record: record),
                    "no column is a question of questionnaire \"\(questionnaire.id)\""
                        + (examples.isEmpty ? "" : "; expected question ids such as \(examples)")))
            usable = false
        }
        return usable
    }

    mutating func classify(_ name: String, at index: Int, record: CSVRecord) -> SurveyColumn {
        let lowercased = name.lowercased()
        if lowercased == "respondent" { return .respondent }
        if lowercased == "role" { return .role }
        let location = cellLocation(row: 1, record: record, column: index)
        if let question = question(named: name) {
            guard question.effectiveKind == .levels else {
                problems.append(
                    .error(
                        location,
                        "question \(question.id) is answered by ticking choices, which a survey cell cannot hold; "
                            + "remove the column"))
                return .ignored
            }
            return .answer(questionID: question.id)
        }
        if lowercased.hasSuffix(" note"), let question = question(named: String(name.dropLast(5)).trimmingSpaces) {
            return .note(questionID: question.id)
        }
        if name.isEmpty {
            problems.append(.warning(location, "the column has no name; it is ignored"))
        } else {
            problems.append(
                .warning(
                    location,
                    "unknown column: not \"respondent\", \"role\", a question of questionnaire "
                        + "\"\(questionnaire.id)\" or a \"<question> note\" column; it is ignored"))
        }
        return .ignored
    }

    /// The question whose id is `name`, exactly or else ignoring letter case (when unambiguous).
    func question(named name: String) -> Question? {
        if let question = questionsByID[name] { return question }
        guard let candidates = questionsByLowercasedID[name.lowercased()], candidates.count == 1 else { return nil }
        return candidates.first
    }

    // MARK: Rows

    /// The respondent's column (the first, when the header repeats it).
    var respondentColumn: Int {
        columns.firstIndex { if case .respondent = $0 { true } else { false } } ?? 0
    }

    /// The response of a row (at `offset` in the input); nil when the row has an error
    /// (recorded in ``problems``). A repeated respondent is an error when `respondents` is given.
    mutating func readRow(
        _ record: CSVRecord, row: Int, offset: Int, respondents: inout RespondentIndex?
    ) -> SurveyResponse? {
        guard record.fields.count == header.count else {
            problems.append(
                .error(
                    location(row: row, record: record),
                    "the row has \(cells(record.fields.count)) but the header has \(header.count); "
                        + "look for a stray comma or a field that should be quoted"))
            return nil
        }
        let problemCount = problems.count
        var respondent = ""
        var role: String?
        var answers: [String: Answer] = [:]
        var notes: [String: (text: String, column: Int)] = [:]
        for (index, column) in columns.enumerated() {
            if case .note(let id) = column {
                notes[id] = (Self.normalisingLineBreaks(record.fields[index]).trimmingSpaces, index)
            }
        }
        for (index, column) in columns.enumerated() {
            let cell = record.fields[index].trimmingSpaces
            switch column {
            case .respondent:
                respondent = cell
                if cell.isEmpty {
                    problems.append(
                        .error(cellLocation(row: row, record: record, column: index), "the respondent is empty"))
                } else if let first = respondents?.earlierRow(of: Self.identity(cell), row: row, offset: offset) {
                    problems.append(
                        .error(
                            cellLocation(row: row, record: record, column: index),
                            "respondent \"\(cell)\" already answered in row \(first)"))
                }
            case .role:
                role = cell.isEmpty ? nil : cell
            case .answer(let id):
                let note = notes[id]
                if let answer = answer(cell, note: note?.text, row: row, record: record, column: index) {
                    answers[id] = answer
                } else if cell.isEmpty, let note, !note.text.isEmpty {
                    problems.append(
                        .warning(
                            cellLocation(row: row, record: record, column: note.column),
                            "the note is ignored because question \(id) is unanswered"))
                }
            case .note, .ignored:
                continue
            }
        }
        let rowIsClean = !problems[problemCount...].contains { $0.severity == .error }
        return rowIsClean ? SurveyResponse(respondent: respondent, role: role, answers: answers, row: row) : nil
    }

    /// The answer in `cell`; nil when the cell is empty or wrong (then a problem is recorded).
    mutating func answer(_ cell: String, note: String?, row: Int, record: CSVRecord, column: Int) -> Answer? {
        if cell.isEmpty { return nil }
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        if cell.lowercased() == "n/a" {
            return .notApplicable(reason: note ?? SurveyResponses.defaultNotApplicableReason)
        }
        if let level = Int(cell), levels.contains(level) {
            return .level(level, note: note)
        }
        problems.append(
            .error(
                cellLocation(row: row, record: record, column: column),
                "expected a level from \(levels.lowerBound) to \(levels.upperBound) or n/a, found \"\(cell)\""))
        return nil
    }

    // MARK: Helpers

    /// `row 3`, or `row 3 (line 5)` when quoted line breaks moved the record to another line.
    func location(row: Int, record: CSVRecord) -> String {
        record.line == row ? "row \(row)" : "row \(row) (line \(record.line))"
    }

    /// `row 3, column D (CO-03)`; just `column D` for a column without a name.
    func cellLocation(row: Int, record: CSVRecord, column: Int) -> String {
        let letters = SurveyResponses.columnLetters(column)
        let name = column < header.count ? header[column] : ""
        return location(row: row, record: record) + ", column \(letters)" + (name.isEmpty ? "" : " (\(name))")
    }

    func cells(_ count: Int) -> String { count == 1 ? "1 cell" : "\(count) cells" }

    /// The key under which two respondents count as the same person: letter case and runs of
    /// spaces do not matter.
    static func identity(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `text` with CRLF and lone CR turned into LF.
    static func normalisingLineBreaks(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            scalars.append(previousWasCR ? "\n" : scalar)
        }
        return String(scalars)
    }
}
