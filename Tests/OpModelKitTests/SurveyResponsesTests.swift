import Testing

@testable import OpModelKit

struct SurveyCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var responses: [SurveyResponse]
    var problems: [ValidationProblem] = []
    var testDescription: String { name }
}

@Suite("Survey responses")
struct SurveyResponsesTests {
    /// CO-01, CO-02 and SE-01 take levels 1 to 5; PE-01 is a choices question.
    static let questionnaire: Questionnaire = {
        var choices = Fixtures.question("PE-01")
        choices.kind = .choices
        choices.choices = [Choice(id: "a", title: "A"), Choice(id: "b", title: "B")]
        choices.rules = [Rule(when: "a && b", level: 3), Rule(when: "default", level: 1)]
        return Fixtures.questionnaire(domains: [
            Domain(id: "ops", name: "Operations", questions: [Fixtures.question("CO-01"), Fixtures.question("CO-02")]),
            Domain(id: "sec", name: "Security", questions: [Fixtures.question("SE-01"), choices]),
        ])
    }()

    static let naReason = SurveyResponses.defaultNotApplicableReason
    static let badLevel = "expected a level from 1 to 5 or n/a, found"

    static func ragged(_ cells: String) -> String {
        "the row has \(cells) but the header has 3; look for a stray comma or a field that should be quoted"
    }

    static let cases: [SurveyCase] = [
        SurveyCase(
            name: "levels, n/a with and without a note, empty role and cells",
            text: """
                respondent,role,CO-01,CO-02,SE-01,CO-02 note
                Ana,SRE lead,3,n/a,5,no on-call yet
                Ben,,1,N/A,,

                """,
            responses: [
                SurveyResponse(
                    respondent: "Ana", role: "SRE lead",
                    answers: [
                        "CO-01": .level(3), "CO-02": .notApplicable(reason: "no on-call yet"), "SE-01": .level(5),
                    ], row: 2),
                SurveyResponse(
                    respondent: "Ben", answers: ["CO-01": .level(1), "CO-02": .notApplicable(reason: naReason)],
                    row: 3),
            ]),
        SurveyCase(
            name: "note with a level and a quoted comma",
            text: "respondent,CO-01,CO-01 note\nAna,4,\"runbooks exist, untested\"\n",
            responses: [
                SurveyResponse(
                    respondent: "Ana", answers: ["CO-01": .level(4, note: "runbooks exist, untested")], row: 2)
            ]),
        SurveyCase(
            name: "BOM, CRLF and a quoted line break in a note",
            text: "\u{FEFF}respondent,CO-01,CO-01 note\r\nAna,2,\"line one\r\nline two\"\r\nBen,3,\r\n",
            responses: [
                SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(2, note: "line one\nline two")], row: 2),
                SurveyResponse(respondent: "Ben", answers: ["CO-01": .level(3)], row: 3),
            ]),
        SurveyCase(
            name: "n/a with a blank note gets the default reason",
            text: "respondent,CO-01,CO-01 note\nAna,n/a,\"  \"\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .notApplicable(reason: naReason)], row: 2)]
        ),
        SurveyCase(
            name: "doubled quotes in a note",
            text: "respondent,CO-01,CO-01 note\nAna,1,\"we say \"\"later\"\"\"\n",
            responses: [
                SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1, note: "we say \"later\"")], row: 2)
            ]),
        SurveyCase(
            name: "unknown columns are warnings",
            text: "respondent,Timestamp,CO-01,Email\nAna,2026-01-01,2,a@example.com\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(2)], row: 2)],
            problems: [
                .warning(
                    "row 1, column B (Timestamp)",
                    "unknown column: not \"respondent\", \"role\", a question of questionnaire \"test\" or a "
                        + "\"<question> note\" column; it is ignored"),
                .warning(
                    "row 1, column D (Email)",
                    "unknown column: not \"respondent\", \"role\", a question of questionnaire \"test\" or a "
                        + "\"<question> note\" column; it is ignored"),
            ]),
        SurveyCase(
            name: "a column without a name",
            text: "respondent,CO-01,\nAna,2,\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(2)], row: 2)],
            problems: [.warning("row 1, column C", "the column has no name; it is ignored")]),
        SurveyCase(
            name: "bad levels",
            text: "respondent,CO-01,CO-02\nAna,6,x\nBen,0,3.5\nCy,2,3\nDi,-1,na\n",
            responses: [SurveyResponse(respondent: "Cy", answers: ["CO-01": .level(2), "CO-02": .level(3)], row: 4)],
            problems: [
                .error("row 2, column B (CO-01)", "\(badLevel) \"6\""),
                .error("row 2, column C (CO-02)", "\(badLevel) \"x\""),
                .error("row 3, column B (CO-01)", "\(badLevel) \"0\""),
                .error("row 3, column C (CO-02)", "\(badLevel) \"3.5\""),
                .error("row 5, column B (CO-01)", "\(badLevel) \"-1\""),
                .error("row 5, column C (CO-02)", "\(badLevel) \"na\""),
            ]),
        SurveyCase(
            name: "duplicate respondents, ignoring case and spaces",
            text: "respondent,CO-01\nAna Lee,1\nBen,2\n ana  lee ,3\n",
            responses: [
                SurveyResponse(respondent: "Ana Lee", answers: ["CO-01": .level(1)], row: 2),
                SurveyResponse(respondent: "Ben", answers: ["CO-01": .level(2)], row: 3),
            ],
            problems: [.error("row 4, column A (respondent)", "respondent \"ana  lee\" already answered in row 2")]),
        SurveyCase(
            name: "empty respondent",
            text: "respondent,CO-01\n,1\n\" \",2\n",
            responses: [],
            problems: [
                .error("row 2, column A (respondent)", "the respondent is empty"),
                .error("row 3, column A (respondent)", "the respondent is empty"),
            ]),
        SurveyCase(
            name: "ragged rows",
            text: "respondent,CO-01,CO-02\nAna,1\nBen,1,2,3\nCy,1,2\nDi\n",
            responses: [SurveyResponse(respondent: "Cy", answers: ["CO-01": .level(1), "CO-02": .level(2)], row: 4)],
            problems: [
                .error("row 2", ragged("2 cells")),
                .error("row 3", ragged("4 cells")),
                .error("row 5", ragged("1 cell")),
            ]),
        SurveyCase(
            name: "empty file",
            text: "",
            responses: [],
            problems: [
                .error(
                    "row 1",
                    "the file is empty; expected a header row with \"respondent\", optionally \"role\", then one "
                        + "column per question id")
            ]),
        SurveyCase(
            name: "byte order mark only",
            text: "\u{FEFF}",
            responses: [],
            problems: [
                .error(
                    "row 1",
                    "the file is empty; expected a header row with \"respondent\", optionally \"role\", then one "
                        + "column per question id")
            ]),
        SurveyCase(
            name: "blank header row",
            text: "\nrespondent,CO-01\nAna,1\n",
            responses: [],
            problems: [
                .error(
                    "row 1",
                    "the header row is empty; expected \"respondent\", optionally \"role\", then one column per "
                        + "question id")
            ]),
        SurveyCase(
            name: "header only",
            text: "respondent,CO-01\r\n",
            responses: [],
            problems: [.warning("row 2", "the file has a header but no responses; there is nothing to import")]),
        SurveyCase(
            name: "blank lines and a trailing empty line are skipped",
            text: "respondent,CO-01\nAna,1\n\nBen,2\n\n",
            responses: [
                SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1)], row: 2),
                SurveyResponse(respondent: "Ben", answers: ["CO-01": .level(2)], row: 4),
            ]),
        SurveyCase(
            name: "a row of empty cells is skipped",
            text: "respondent,CO-01,CO-02\nAna,1,2\n,,\n , ,\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1), "CO-02": .level(2)], row: 2)]),
        SurveyCase(
            name: "no respondent column",
            text: "name,CO-01\nAna,1\n",
            responses: [],
            problems: [
                .warning(
                    "row 1, column A (name)",
                    "unknown column: not \"respondent\", \"role\", a question of questionnaire \"test\" or a "
                        + "\"<question> note\" column; it is ignored"),
                .error("row 1", "the header has no \"respondent\" column"),
            ]),
        SurveyCase(
            name: "no question column",
            text: "respondent,role\nAna,SRE\n",
            responses: [],
            problems: [
                .error(
                    "row 1",
                    "no column is a question of questionnaire \"test\"; expected question ids such as CO-01, CO-02")
            ]),
        SurveyCase(
            name: "header names ignore letter case",
            text: "Respondent,ROLE,co-01,Co-01 Note\nAna,Dev,N/a,not ours\n",
            responses: [
                SurveyResponse(
                    respondent: "Ana", role: "Dev", answers: ["CO-01": .notApplicable(reason: "not ours")], row: 2)
            ]),
        SurveyCase(
            name: "a repeated column",
            text: "respondent,CO-01,CO-01\nAna,1,2\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1)], row: 2)],
            problems: [.error("row 1, column C (CO-01)", "this column repeats column B (\"CO-01\")")]),
        SurveyCase(
            name: "a note for an unanswered question",
            text: "respondent,CO-01,CO-01 note\nAna,,why\n",
            responses: [SurveyResponse(respondent: "Ana", answers: [:], row: 2)],
            problems: [
                .warning("row 2, column C (CO-01 note)", "the note is ignored because question CO-01 is unanswered")
            ]),
        SurveyCase(
            name: "a note column without its question column",
            text: "respondent,CO-01,CO-02 note\nAna,1,x\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1)], row: 2)],
            problems: [
                .warning(
                    "row 1, column C (CO-02 note)",
                    "the note column has no \"CO-02\" column for its answers; it is ignored")
            ]),
        SurveyCase(
            name: "CSV syntax error",
            text: "respondent,CO-01\nAna,\"3\n",
            responses: [],
            problems: [
                .error("line 2, column 5", "the quoted field that starts here is never closed; the file ends inside it")
            ]),
        SurveyCase(
            name: "quoted line breaks move the physical line",
            text: "respondent,CO-01,CO-01 note\nAna,1,\"a\nb\"\nBen,9,\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1, note: "a\nb")], row: 2)],
            problems: [.error("row 3 (line 4), column B (CO-01)", "\(badLevel) \"9\"")]),
        SurveyCase(
            name: "spaces around cells",
            text: "respondent , CO-01 \n  Ana  , 3 \n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(3)], row: 2)]),
        SurveyCase(
            name: "a choices question cannot be a column",
            text: "respondent,CO-01,PE-01\nAna,1,a\n",
            responses: [SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1)], row: 2)],
            problems: [
                .error(
                    "row 1, column C (PE-01)",
                    "question PE-01 is answered by ticking choices, which a survey cell cannot hold; remove the column")
            ]),
        SurveyCase(
            name: "mixed line ends",
            text: "respondent,CO-01\r\nAna,1\nBen,2\rCy,3",
            responses: [
                SurveyResponse(respondent: "Ana", answers: ["CO-01": .level(1)], row: 2),
                SurveyResponse(respondent: "Ben", answers: ["CO-01": .level(2)], row: 3),
                SurveyResponse(respondent: "Cy", answers: ["CO-01": .level(3)], row: 4),
            ]),
        SurveyCase(
            name: "a bad row does not hide the good ones",
            text: "respondent,CO-01,SE-01\nAna,2,n/a\nBen,7,\nCy,,4\n",
            responses: [
                SurveyResponse(
                    respondent: "Ana", answers: ["CO-01": .level(2), "SE-01": .notApplicable(reason: naReason)],
                    row: 2),
                SurveyResponse(respondent: "Cy", answers: ["SE-01": .level(4)], row: 4),
            ],
            problems: [.error("row 3, column B (CO-01)", "\(badLevel) \"7\"")]),
    ]

    @Test(arguments: cases)
    func parses(_ example: SurveyCase) {
        let result = SurveyResponses.parse(text: example.text, file: "survey.csv", questionnaire: Self.questionnaire)
        #expect(result.responses == example.responses)
        #expect(result.problems == example.problems)
        #expect(result.hasErrors == example.problems.contains { $0.severity == .error })
        #expect(result.file == "survey.csv")
    }

    @Test func badFilesThrowEveryProblemAtOnce() {
        let text = "respondent,CO-01,Extra\nAna,6,x\nAna,2,y\n"
        let result = SurveyResponses.parse(text: text, file: "survey.csv", questionnaire: Self.questionnaire)
        let expected: [ValidationProblem] = [
            .warning(
                "row 1, column C (Extra)",
                "unknown column: not \"respondent\", \"role\", a question of questionnaire \"test\" or a "
                    + "\"<question> note\" column; it is ignored"),
            .error("row 2, column B (CO-01)", "\(Self.badLevel) \"6\""),
            .error("row 3, column A (respondent)", "respondent \"Ana\" already answered in row 2"),
        ]
        #expect(result.problems == expected)
        #expect(throws: DataError.problems(file: "survey.csv", expected)) { try result.validResponses() }
        let message = DataError.problems(file: "survey.csv", expected).errorDescription ?? ""
        #expect(message.contains("survey.csv: row 2, column B (CO-01): error: \(Self.badLevel) \"6\""))
    }

    @Test func goodFilesReturnTheirResponsesAndWarnings() throws {
        let text = "respondent,role,CO-01,Extra\nAna,Dev,2,x\n"
        let result = SurveyResponses.parse(text: text, file: "survey.csv", questionnaire: Self.questionnaire)
        #expect(
            try result.validResponses() == [
                SurveyResponse(respondent: "Ana", role: "Dev", answers: ["CO-01": .level(2)], row: 2)
            ])
        #expect(result.warnings.map(\.path) == ["row 1, column D (Extra)"])
        #expect(!result.hasErrors)
    }

    @Test(
        arguments: [
            (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"),
            (-1, "A"), (Int.max, "CRPXNLSKVLJFHH"),
        ] as [(Int, String)])
    func namesColumnsWithSpreadsheetLetters(_ index: Int, _ letters: String) {
        #expect(SurveyResponses.columnLetters(index) == letters)
    }

    @Test func columnsBeyondZAreNamedInMessages() {
        let header = ["respondent"] + (1...26).map { "x\($0)" } + ["CO-01"]
        let row = ["Ana"] + Array(repeating: "", count: 26) + ["9"]
        let text = CSVWriter().write([header, row])
        let result = SurveyResponses.parse(text: text, file: "survey.csv", questionnaire: Self.questionnaire)
        #expect(result.problems.last == .error("row 2, column AB (CO-01)", "\(Self.badLevel) \"9\""))
        #expect(result.problems.first?.path == "row 1, column B (x1)")
    }

    @Test func notesSurviveAWriterRoundTrip() throws {
        let notes = ["commas, \"quotes\"", "line one\nline two", "  padded  ", "=not a formula here"]
        var rows = [["respondent", "role", "CO-01", "CO-01 note"]]
        for (index, note) in notes.enumerated() {
            rows.append(["person \(index)", "role, with comma", String(index + 1), note])
        }
        let text = CSVWriter(guardsAgainstFormulas: false).write(rows)
        let responses = try SurveyResponses.parse(text: text, file: "s.csv", questionnaire: Self.questionnaire)
            .validResponses()
        #expect(
            responses.map { $0.answers["CO-01"]?.note } == [
                "commas, \"quotes\"", "line one\nline two", "padded", "=not a formula here",
            ])
        #expect(responses.map(\.role) == Array(repeating: "role, with comma", count: 4))
        #expect(responses.map { $0.answers["CO-01"]?.level } == [1, 2, 3, 4])
    }
}
