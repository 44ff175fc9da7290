import OpModelTestSupport
import Testing

@testable import OpModelKit

struct CSVParseCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var rows: [[String]]
    var lines: [Int]
    var testDescription: String { name }
}

struct CSVErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var error: CSVError
    var testDescription: String { name }
}

@Suite("CSV reader")
struct CSVReaderTests {
    static let cases: [CSVParseCase] = [
        CSVParseCase(name: "empty text", text: "", rows: [], lines: []),
        CSVParseCase(name: "byte order mark only", text: "\u{FEFF}", rows: [], lines: []),
        CSVParseCase(name: "one field", text: "a", rows: [["a"]], lines: [1]),
        CSVParseCase(name: "LF record ends", text: "a,b\nc,d\n", rows: [["a", "b"], ["c", "d"]], lines: [1, 2]),
        CSVParseCase(
            name: "CRLF record ends", text: "a,b\r\nc,d\r\n", rows: [["a", "b"], ["c", "d"]], lines: [1, 2]),
        CSVParseCase(
            name: "last record without a line break", text: "a,b\r\nc,d", rows: [["a", "b"], ["c", "d"]],
            lines: [1, 2]),
        CSVParseCase(
            name: "mixed CRLF, LF and lone CR", text: "a\r\nb\nc\rd", rows: [["a"], ["b"], ["c"], ["d"]],
            lines: [1, 2, 3, 4]),
        CSVParseCase(name: "empty fields", text: ",a,,\n", rows: [["", "a", "", ""]], lines: [1]),
        CSVParseCase(name: "trailing comma at the end", text: "a,", rows: [["a", ""]], lines: [1]),
        CSVParseCase(name: "quoted comma", text: "\"a,b\",c", rows: [["a,b", "c"]], lines: [1]),
        CSVParseCase(
            name: "doubled quotes", text: "\"say \"\"hi\"\"\",x", rows: [["say \"hi\"", "x"]], lines: [1]),
        CSVParseCase(name: "a lone doubled quote", text: "\"\"\"\"", rows: [["\""]], lines: [1]),
        CSVParseCase(name: "empty quoted fields", text: "\"\",\"\"", rows: [["", ""]], lines: [1]),
        CSVParseCase(
            name: "LF inside quotes", text: "\"a\nb\",c\nd,e", rows: [["a\nb", "c"], ["d", "e"]], lines: [1, 3]),
        CSVParseCase(
            name: "CRLF inside quotes is kept", text: "\"a\r\nb\"\r\nc", rows: [["a\r\nb"], ["c"]], lines: [1, 3]),
        CSVParseCase(name: "lone CR inside quotes", text: "\"a\rb\"\nc", rows: [["a\rb"], ["c"]], lines: [1, 3]),
        CSVParseCase(
            name: "two line breaks inside quotes", text: "x,\"1\n2\n3\"\ny", rows: [["x", "1\n2\n3"], ["y"]],
            lines: [1, 4]),
        CSVParseCase(
            name: "byte order mark before the header", text: "\u{FEFF}respondent,role\r\nAna,SRE\r\n",
            rows: [["respondent", "role"], ["Ana", "SRE"]], lines: [1, 2]),
        CSVParseCase(
            name: "byte order mark later is data", text: "a,\u{FEFF}b", rows: [["a", "\u{FEFF}b"]], lines: [1]),
        CSVParseCase(
            name: "blank line in the middle", text: "a\n\nb", rows: [["a"], [""], ["b"]], lines: [1, 2, 3]),
        CSVParseCase(name: "trailing empty line", text: "a,b\n\n", rows: [["a", "b"], [""]], lines: [1, 2]),
        CSVParseCase(name: "only a line break", text: "\r\n", rows: [[""]], lines: [1]),
        CSVParseCase(name: "two line breaks", text: "\n\n", rows: [[""], [""]], lines: [1, 2]),
        CSVParseCase(name: "spaces are data", text: " a , b ", rows: [[" a ", " b "]], lines: [1]),
        CSVParseCase(name: "space-only line", text: " ", rows: [[" "]], lines: [1]),
        CSVParseCase(
            name: "quoted field then CRLF", text: "\"a\"\r\n\"b\"", rows: [["a"], ["b"]], lines: [1, 2]),
        CSVParseCase(
            name: "non-ASCII text", text: "é,\u{1F600},\"日本\"", rows: [["é", "\u{1F600}", "日本"]], lines: [1]),
        CSVParseCase(
            name: "combining mark after a comma", text: "a,\u{301}b", rows: [["a", "\u{301}b"]], lines: [1]),
        CSVParseCase(
            name: "combining mark after a line break", text: "a\n\u{301}", rows: [["a"], ["\u{301}"]], lines: [1, 2]),
        CSVParseCase(name: "tab is data", text: "a\tb,c", rows: [["a\tb", "c"]], lines: [1]),
        CSVParseCase(
            name: "quote in quoted field at the end", text: "\"a\"\"\"", rows: [["a\""]], lines: [1]),
    ]

    @Test(arguments: cases)
    func parses(_ example: CSVParseCase) throws {
        let records = try CSVReader.records(example.text)
        #expect(records.map(\.fields) == example.rows)
        #expect(records.map(\.line) == example.lines)
        #expect(try CSVReader.parse(example.text) == example.rows)
    }

    static let errors: [CSVErrorCase] = [
        CSVErrorCase(
            name: "quote inside an unquoted field", text: "ab\"c", error: .quoteInUnquotedField(line: 1, column: 3)),
        CSVErrorCase(
            name: "quote inside an unquoted field on line 2", text: "x,y\nab,c\"d",
            error: .quoteInUnquotedField(line: 2, column: 5)),
        CSVErrorCase(
            name: "text after the closing quote", text: "\"ab\"c",
            error: .textAfterClosingQuote(line: 1, column: 5, found: "c")),
        CSVErrorCase(
            name: "space after the closing quote", text: "\"ab\" ,x",
            error: .textAfterClosingQuote(line: 1, column: 5, found: " ")),
        CSVErrorCase(
            name: "combining mark after the closing quote", text: "\"e\"\u{301}",
            error: .textAfterClosingQuote(line: 1, column: 4, found: "\u{301}")),
        CSVErrorCase(
            name: "text after doubled quotes and the closing one", text: "\"a\"\"b\"x",
            error: .textAfterClosingQuote(line: 1, column: 7, found: "x")),
        CSVErrorCase(
            name: "column counts from the quoted line break", text: "\"a\nbc\"d",
            error: .textAfterClosingQuote(line: 2, column: 4, found: "d")),
        CSVErrorCase(
            name: "unterminated quoted field", text: "\"abc", error: .unterminatedQuotedField(line: 1, column: 1)),
        CSVErrorCase(
            name: "unterminated field reported where it opened", text: "a,b\nc,\"d\ne\nf",
            error: .unterminatedQuotedField(line: 2, column: 3)),
        CSVErrorCase(
            name: "byte order mark is not a column", text: "\u{FEFF}\"abc",
            error: .unterminatedQuotedField(line: 1, column: 1)),
        CSVErrorCase(
            name: "doubled quote at the end is not a closing quote", text: "a\r\n\"b\"\"",
            error: .unterminatedQuotedField(line: 2, column: 1)),
    ]

    @Test(arguments: errors)
    func refuses(_ example: CSVErrorCase) {
        #expect(throws: example.error) { try CSVReader.parse(example.text) }
    }

    @Test func errorsNameTheirPosition() {
        let error = CSVError.textAfterClosingQuote(line: 2, column: 5, found: "c")
        #expect(error.line == 2)
        #expect(error.column == 5)
        #expect(
            error.errorDescription
                == "line 2, column 5: expected a comma or the end of the line after the closing quote, found \"c\"")
        #expect(
            error.dataError(file: "responses.csv").errorDescription
                == "responses.csv: line 2, column 5: error: expected a comma or the end of the line after the "
                + "closing quote, found \"c\"")
        #expect(
            CSVError.textAfterClosingQuote(line: 1, column: 1, found: "\t").message.hasSuffix("found a tab"))
        #expect(
            CSVError.unterminatedQuotedField(line: 3, column: 7).errorDescription
                == "line 3, column 7: the quoted field that starts here is never closed; the file ends inside it")
        #expect(CSVError.quoteInUnquotedField(line: 1, column: 2).problem.path == "line 1, column 2")
    }
}

@Suite("CSV writer")
struct CSVWriterTests {
    @Test(
        arguments: [
            ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("a\nb", "\"a\nb\""), ("a\r\nb", "\"a\r\nb\""), ("a\rb", "\"a\rb\""), (" lead", "\" lead\""),
            ("trail ", "\"trail \""), ("tab\t", "\"tab\t\""), ("in side", "in side"), ("é日本", "é日本"),
            ("\"", "\"\"\"\""), ("\u{FEFF}a", "\"\u{FEFF}a\""), ("a\u{FEFF}", "a\u{FEFF}"),
        ] as [(String, String)])
    func quotesOnlyWhenNeeded(_ field: String, _ expected: String) {
        #expect(CSVWriter().encode(field) == expected)
        #expect(CSVWriter(guardsAgainstFormulas: false).encode(field) == expected)
    }

    @Test(
        arguments: [
            ("=1+2", "'=1+2"),
            ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-", "'-"),
            ("-1+2", "'-1+2"),
            ("-1e5", "'-1e5"),
            ("-5 ", "\"'-5 \""),
            ("\t=1", "'\t=1"),
            ("\ttab", "'\ttab"),
            ("\r=1", "\"'\r=1\""),
            ("=1,2", "\"'=1,2\""),
            ("+", "'+"),
            ("-.", "'-."),
            ("--1", "'--1"),
            ("-1.", "'-1."),
            ("-3", "-3"),
            ("+1", "+1"),
            ("-0.25", "-0.25"),
            ("+4.5", "+4.5"),
            ("-.5", "-.5"),
            ("3", "3"),
            ("a=1", "a=1"),
            // What a spreadsheet skips before looking: white space and a byte order mark.
            (" =1", "' =1"),
            ("   @SUM(A1)", "'   @SUM(A1)"),
            ("\u{3000}+cmd", "'\u{3000}+cmd"),
            ("\u{A0}-2+3", "'\u{A0}-2+3"),
            ("\u{FEFF}=1", "'\u{FEFF}=1"),
            ("\u{FEFF} \u{FEFF}=1", "'\u{FEFF} \u{FEFF}=1"),
            (" -1.5", "' -1.5"),
            // Control characters a spreadsheet strips, whatever follows them.
            ("\n=1", "\"'\n=1\""),
            ("\nplain", "\"'\nplain\""),
            ("\r\n", "\"'\r\n\""),
            ("\u{0B}x", "'\u{0B}x"),
            ("\u{0C}x", "'\u{0C}x"),
            // Full-width and small forms of the signs.
            ("＝1+2", "'＝1+2"),
            ("＋cmd", "'＋cmd"),
            ("－1", "'－1"),
            ("＠SUM(A1)", "'＠SUM(A1)"),
            (" ＝1", "' ＝1"),
            ("﹦1", "'﹦1"),
            ("﹢1", "'﹢1"),
            ("﹣1", "'﹣1"),
            ("﹫x", "'﹫x"),
            // Left alone: plain numbers, and text whose first visible character is not a sign.
            ("-1.5", "-1.5"),
            (" plain", "\" plain\""),
            ("\u{FEFF}plain", "\"\u{FEFF}plain\""),
            ("a＝1", "a＝1"),
            ("   ", "\"   \""),
            ("\u{FEFF}", "\"\u{FEFF}\""),
        ] as [(String, String)])
    func guardsAgainstFormulas(_ field: String, _ expected: String) {
        #expect(CSVWriter().encode(field) == expected)
        #expect(CSVWriter.needsFormulaGuard(field) == expected.hasPrefix("'") || expected.hasPrefix("\"'"))
    }

    @Test func theGuardCanBeTurnedOff() {
        let writer = CSVWriter(guardsAgainstFormulas: false)
        #expect(writer.encode("=1+2") == "=1+2")
        #expect(writer.encode("@x") == "@x")
        #expect(writer.encode("=1,2") == "\"=1,2\"")
    }

    @Test(
        arguments: [
            ("1", true), ("-1", true), ("+1", true), ("1.5", true), ("-.5", true), ("007", true),
            ("", false), ("-", false), ("+", false), (".", false), ("1.", false), ("1.2.3", false),
            ("1e5", false), ("1,000", false), (" 1", false), ("١", false), ("--1", false),
        ] as [(String, Bool)])
    func recognisesPlainNumbers(_ text: String, _ expected: Bool) {
        #expect(CSVWriter.isPlainNumber(text) == expected)
    }

    @Test func endsRecordsWithCRLF() {
        let writer = CSVWriter()
        #expect(writer.line(["a", "b,c", ""]) == "a,\"b,c\",\r\n")
        #expect(writer.write([]) == "")
        #expect(writer.write([["x"], [""], ["y", "z"]]) == "x\r\n\r\ny,z\r\n")
        #expect(writer.write([[]]) == "\r\n")
    }

    static let nastyRecords: [[String]] = [
        ["respondent", "role", "CO-01", "CO-01 note"],
        ["Ana", "SRE, platform", "3", "runbooks \"exist\"\nbut untested"],
        ["", "", "", ""],
        [" padded ", "\ttabbed", "n/a", "line one\r\nline two\rline three"],
        ["\"", "\"\"", ",", "\r\n"],
        ["é", "\u{1F600}", "\u{301}", "日本, 中国"],
        [""],
        ["=1+2", "-3", "@SUM(A1)", "+cmd|' /C calc'!A0"],
        ["-", "-1+2", "+4.5", "=HYPERLINK(\"http://x\",\"y\")"],
        ["\u{FEFF}not a BOM at the start of a field", "last"],
        [" =1", "\u{FEFF}@x", "＝1+2", "\nplain", " -1.5", "－1"],
    ]

    @Test func roundTripsWithoutTheGuard() throws {
        let text = CSVWriter(guardsAgainstFormulas: false).write(Self.nastyRecords)
        #expect(try CSVReader.parse(text) == Self.nastyRecords)
    }

    @Test func roundTripsWithTheGuardAddingApostrophes() throws {
        let text = CSVWriter().write(Self.nastyRecords)
        let read = try CSVReader.parse(text)
        #expect(read == Self.nastyRecords.map { $0.map(CSVWriter.neutralizingFormula) })
        #expect(read[7] == ["'=1+2", "-3", "'@SUM(A1)", "'+cmd|' /C calc'!A0"])
        #expect(read[8] == ["'-", "'-1+2", "+4.5", "'=HYPERLINK(\"http://x\",\"y\")"])
        #expect(read.allSatisfy { $0.allSatisfy { !$0.hasPrefix("=") && !$0.hasPrefix("@") } })
        #expect(read[10] == ["' =1", "'\u{FEFF}@x", "'＝1+2", "'\nplain", "' -1.5", "'－1"])
        // Nothing read back would run: every field needing the guard got it.
        #expect(read.allSatisfy { $0.allSatisfy { !CSVWriter.needsFormulaGuard($0) } })
    }

    @Test func roundTripsAFirstFieldThatLooksLikeAByteOrderMark() throws {
        let records = [["\u{FEFF}", "x"], ["\u{FEFF}y"]]
        let text = CSVWriter().write(records)
        #expect(text == "\"\u{FEFF}\",x\r\n\"\u{FEFF}y\"\r\n")
        #expect(try CSVReader.parse(text) == records)
    }

    @Test func roundTripsGeneratedRecords() throws {
        var random = SplitMix64(seed: 4180)
        let alphabet: [String] = [
            "a", "Z", "0", "-", "=", "@", "+", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "é", "'",
        ]
        var records: [[String]] = []
        for _ in 0..<300 {
            let count = Int.random(in: 1...6, using: &random)
            records.append(
                (0..<count).map { _ in
                    let length = Int.random(in: 0...8, using: &random)
                    return (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
                        .joined()
                })
        }
        let plain = try CSVReader.parse(CSVWriter(guardsAgainstFormulas: false).write(records))
        #expect(plain == records)
        let guarded = try CSVReader.parse(CSVWriter().write(records))
        #expect(guarded == records.map { $0.map(CSVWriter.neutralizingFormula) })
    }
}
