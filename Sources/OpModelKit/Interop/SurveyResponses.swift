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
public struct SurveyResponses: Sendable, Equatable {
    /// The reason recorded for an `n/a` cell whose note is empty.
    public static let defaultNotApplicableReason = "marked n/a in the survey"

    /// The file the text came from, as named in messages.
    public var file: String
    /// The responses of the rows without errors, in file order. When ``hasErrors`` is true this
    /// is not every row of the file, so nothing should be written from it.
    public var responses: [SurveyResponse]
    /// Every problem, in file order (header first); paths read `row 3, column D (CO-03)`.
    public var problems: [ValidationProblem]

    /// Creates a result.
    public init(file: String, responses: [SurveyResponse], problems: [ValidationProblem]) {
        self.file = file
        self.responses = responses
        self.problems = problems
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
    /// problem, CSV syntax errors included, is in ``problems``.
    public static func parse(text: String, file: String, questionnaire: Questionnaire) -> SurveyResponses {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(text)
        } catch {
            return SurveyResponses(file: file, responses: [], problems: [error.problem])
        }
        var reader = SurveyReader(questionnaire: questionnaire)
        reader.read(records)
        return SurveyResponses(file: file, responses: reader.responses, problems: reader.problems)
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
private enum SurveyColumn {
    case respondent
    case role
    case answer(questionID: String)
    case note(questionID: String)
    case ignored
}

/// The state of reading one survey export.
private struct SurveyReader {
    let questionnaire: Questionnaire
    let questionsByID: [String: Question]
    let questionsByLowercasedID: [String: [Question]]
    var columns: [SurveyColumn] = []
    var header: [String] = []
    var responses: [SurveyResponse] = []
    var problems: [ValidationProblem] = []

    init(questionnaire: Questionnaire) {
        self.questionnaire = questionnaire
        let questions = questionnaire.allQuestions
        var byID: [String: Question] = [:]
        for question in questions where byID[question.id] == nil { byID[question.id] = question }
        questionsByID = byID
        questionsByLowercasedID = Dictionary(grouping: questions) { $0.id.lowercased() }
    }

    mutating func read(_ records: [CSVRecord]) {
        guard let headerRecord = records.first else {
            problems.append(
                .error(
                    "row 1",
                    "the file is empty; expected a header row with \"respondent\", optionally \"role\", "
                        + "then one column per question id"))
            return
        }
        guard readHeader(headerRecord) else { return }
        var rowsByRespondent: [String: Int] = [:]
        var sawResponse = false
        for (offset, record) in records.dropFirst().enumerated() {
            if record.fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            sawResponse = true
            readRow(record, row: offset + 2, rowsByRespondent: &rowsByRespondent)
        }
        if !sawResponse {
            problems.append(.warning("row 2", "the file has a header but no responses; there is nothing to import"))
        }
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

    mutating func readRow(_ record: CSVRecord, row: Int, rowsByRespondent: inout [String: Int]) {
        guard record.fields.count == header.count else {
            problems.append(
                .error(
                    location(row: row, record: record),
                    "the row has \(cells(record.fields.count)) but the header has \(header.count); "
                        + "look for a stray comma or a field that should be quoted"))
            return
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
                } else if let first = rowsByRespondent[Self.identity(cell)] {
                    problems.append(
                        .error(
                            cellLocation(row: row, record: record, column: index),
                            "respondent \"\(cell)\" already answered in row \(first)"))
                } else {
                    rowsByRespondent[Self.identity(cell)] = row
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
        if rowIsClean {
            responses.append(SurveyResponse(respondent: respondent, role: role, answers: answers, row: row))
        }
    }

    /// The answer in `cell`; nil when the cell is empty or wrong (then a problem is recorded).
    mutating func answer(_ cell: String, note: String?, row: Int, record: CSVRecord, column: Int) -> Answer? {
        if cell.isEmpty { return nil }
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        if cell.lowercased() == "n/a" {
            return .notApplicable(reason: note ?? SurveyResponses.defaultNotApplicableReason)
        }
        let levels = questionnaire.levelRange
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
