import OpModelTestSupport
import Testing

@testable import OpModelKit

/// The streaming CSV reader gives, record for record and error for error, what reading the whole
/// text gave (``ReferenceCSVReader``), whatever the size of its buffer: a CRLF, a doubled
/// quote, a quoted line break, a multi-byte character or the byte order mark split across two
/// buffers changes nothing.
@Suite("CSV reading, streamed")
struct CSVStreamingTests {
    /// Every record of `text` read `bufferSize` bytes at a time, from the text or its bytes.
    static func streamed(_ text: String, bufferSize: Int, bytes: Bool) -> Result<[CSVRecord], CSVError> {
        var reader =
            bytes
            ? CSVRecordReader(bytes: Array(text.utf8), bufferSize: bufferSize)
            : CSVRecordReader(text: text, bufferSize: bufferSize)
        var records: [CSVRecord] = []
        do {
            while let record = try reader.next() { records.append(record) }
            return .success(records)
        } catch {
            return .failure(error)
        }
    }

    static func reference(_ text: String) -> Result<[CSVRecord], CSVError> {
        do {
            return .success(try ReferenceCSVReader.records(text))
        } catch {
            return .failure(error)
        }
    }

    static let bufferSizes = [1, 2, 3, 4, 5, 7, 64, 65_536]

    @Test func everyReaderTestInputReadsAsBeforeWithEveryBufferSize() {
        let texts = CSVReaderTests.cases.map(\.text) + CSVReaderTests.errors.map(\.text)
        for text in texts {
            let expected = Self.reference(text)
            for size in Self.bufferSizes {
                #expect(
                    Self.streamed(text, bufferSize: size, bytes: false) == expected, "\(text.debugDescription) \(size)")
                #expect(
                    Self.streamed(text, bufferSize: size, bytes: true) == expected, "\(text.debugDescription) \(size)")
            }
        }
    }

    @Test func edgesSplitAcrossBuffers() {
        let cases: [(String, [[String]])] = [
            ("\u{FEFF}a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
            ("\u{FEFF}\r\n", [[""]]),
            ("\u{FEFF}", []),
            ("\u{FEFF}\u{FEFF}x", [["\u{FEFF}x"]]),
            ("\"x\r\ny\"\r\n\"\"\"\"\r\nz", [["x\r\ny"], ["\""], ["z"]]),
            ("é,日本\r\n\u{1F600},\"a\u{301}\"", [["é", "日本"], ["\u{1F600}", "a\u{301}"]]),
            ("a\r\r\nb", [["a"], [""], ["b"]]),
        ]
        for (text, rows) in cases {
            for size in Self.bufferSizes {
                #expect(
                    (try? Self.streamed(text, bufferSize: size, bytes: true).get().map(\.fields)) == rows,
                    "\(text.debugDescription) \(size)")
            }
        }
        // An error naming a four-byte character found after a closing quote, split anywhere.
        for size in Self.bufferSizes {
            #expect(
                Self.streamed("x\n\"a\"\u{1F600}", bufferSize: size, bytes: false)
                    == .failure(.textAfterClosingQuote(line: 2, column: 4, found: "\u{1F600}")))
        }
    }

    /// Random texts over the characters CSV cares about, read whole and streamed.
    @Test func randomTextsReadAsBefore() {
        let pieces = [
            "a", "bc", ",", ",,", "\"", "\"\"", "\r", "\n", "\r\n", " ", "é", "\u{301}", "\u{1F600}", "\u{FEFF}", "日",
        ]
        var random = SplitMix64(seed: 17)
        for _ in 0..<5_000 {
            let text = (0..<random.below(14)).map { _ in random.pick(pieces) }.joined()
            let size = 1 + random.below(9)
            #expect(
                Self.streamed(text, bufferSize: size, bytes: random.chance(1, in: 2)) == Self.reference(text),
                "\(text.debugDescription)")
        }
    }

    /// A reader started where a record started reads that record again.
    @Test func aRecordIsReadAgainFromItsOffset() throws {
        let text = "\u{FEFF}h1,h2\r\n\"multi\r\nline\",x\r\n\r\né,\"\"\"q\"\"\"\nlast"
        var reader = CSVRecordReader(text: text, bufferSize: 3)
        var count = 0
        while let record = try reader.next() {
            count += 1
            for bytes in [false, true] {
                var again =
                    bytes
                    ? CSVRecordReader(
                        bytes: Array(text.utf8), from: reader.recordOffset, line: record.line, bufferSize: 2)
                    : CSVRecordReader(text: text, from: reader.recordOffset, line: record.line, bufferSize: 2)
                #expect(try again.next() == record)
            }
        }
        #expect(count == 5)
    }

    @Test func tellsUTF8FromOtherBytes() {
        #expect(CSVRecordReader.isUTF8(Array("é日本\u{1F600}".utf8)))
        #expect(CSVRecordReader.isUTF8([]))
        #expect(!CSVRecordReader.isUTF8([0x61, 0x80]))
        #expect(!CSVRecordReader.isUTF8([0xC0, 0x80]))
        #expect(!CSVRecordReader.isUTF8([0xE2, 0x82]))
    }

    // MARK: Survey exports

    /// Every survey test case reads the same from text, from bytes, and with a tiny buffer.
    @Test func surveysReadTheSameFromTextBytesAndTinyBuffers() {
        let questionnaire = SurveyResponsesTests.questionnaire
        for example in SurveyResponsesTests.cases {
            let expected = SurveyResponses(file: "f.csv", responses: example.responses, problems: example.problems)
            let bytes = Array(example.text.utf8)
            #expect(SurveyResponses.parse(text: example.text, file: "f.csv", questionnaire: questionnaire) == expected)
            #expect(SurveyResponses.parse(bytes: bytes, file: "f.csv", questionnaire: questionnaire) == expected)
            for size in [1, 2, 5] {
                #expect(
                    SurveyResponses.parse(
                        text: example.text, file: "f.csv", questionnaire: questionnaire, bufferSize: size)
                        == expected, "\(example.name) \(size)")
                #expect(
                    SurveyResponses.parse(bytes: bytes, file: "f.csv", questionnaire: questionnaire, bufferSize: size)
                        == expected, "\(example.name) \(size)")
            }
        }
    }

    /// Repeated respondents are found by the hash of their identity and, when two share a hash,
    /// by reading the earlier row again: with every identity sharing one hash, or hashes that
    /// only count letters, the results are the same.
    @Test func respondentsSharingAHashAreToldApart() {
        let questionnaire = SurveyResponsesTests.questionnaire
        var text = "respondent,CO-01\n"
        let names = ["Ana Lee", "Ben", " ana  lee ", "Cy", "BEN", "Dee", "Cy", "\"Eve,\nX\"", "eve, x", "Ana Lee"]
        for (index, name) in names.enumerated() { text += "\(name),\(1 + index % 5)\n" }
        let expected = SurveyResponses.parse(text: text, file: "f.csv", questionnaire: questionnaire)
        #expect(expected.problems.count == 5, "rows 4, 6, 8, 10 and 11 repeat earlier respondents")
        #expect(expected.problems.first?.message == "respondent \"ana  lee\" already answered in row 2")
        for hash: @Sendable (String) -> Int in [{ _ in 0 }, { $0.count }] {
            for size in [1, 3, 65_536] {
                #expect(
                    SurveyResponses.parse(
                        text: text, file: "f.csv", questionnaire: questionnaire, bufferSize: size, respondentHash: hash)
                        == expected)
            }
            for example in SurveyResponsesTests.cases {
                #expect(
                    SurveyResponses.parse(
                        text: example.text, file: "f.csv", questionnaire: questionnaire, bufferSize: 4,
                        respondentHash: hash)
                        == SurveyResponses(file: "f.csv", responses: example.responses, problems: example.problems),
                    "\(example.name)")
            }
        }
    }

    /// Bytes that are not UTF-8 read as their decoded text does, positions included.
    @Test func surveyBytesThatAreNotUTF8ReadAsTheirText() {
        let questionnaire = SurveyResponsesTests.questionnaire
        let bytes: [UInt8] =
            Array("respondent,CO-01,CO-01 note\nAna,2,".utf8) + [0xC0, 0x80, 0x41] + Array("\nBen,\u{1}x".utf8)
            + [0x80] + Array("\"q\"".utf8)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            SurveyResponses.parse(bytes: bytes, file: "f.csv", questionnaire: questionnaire)
                == SurveyResponses.parse(text: text, file: "f.csv", questionnaire: questionnaire))
    }

    /// Thousands of rows: each good row's response is made from the text when asked for, one at
    /// a time or all together, and a refused file keeps its good rows too.
    @Test func responsesAreMadeFromTheRowsWhenAskedFor() throws {
        let questionnaire = SurveyResponsesTests.questionnaire
        var text = "respondent,role,CO-01,CO-02,CO-02 note\r\n"
        for index in 0..<3_000 {
            text += "Person \(index),SRE,\(1 + index % 5),n/a,\"why, \"\"\(index)\"\"\r\nnot\"\r\n"
        }
        let parsed = SurveyResponses.parse(text: text, file: "f.csv", questionnaire: questionnaire)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.responseCount == 3_000)
        var seen = 0
        parsed.forEachResponse { response in
            #expect(response.respondent == "Person \(seen)")
            #expect(response.row == seen + 2)
            #expect(response.answers["CO-01"] == .level(1 + seen % 5))
            #expect(response.answers["CO-02"] == .notApplicable(reason: "why, \"\(seen)\"\nnot"))
            seen += 1
        }
        #expect(seen == 3_000)
        #expect(try parsed.validResponses().map(\.respondent) == (0..<3_000).map { "Person \($0)" })

        let refused = SurveyResponses.parse(
            text: text + "Zed,SRE,9,1,\r\n", file: "f.csv", questionnaire: questionnaire)
        #expect(refused.hasErrors)
        #expect(refused.responseCount == 3_000)
        #expect(throws: DataError.self) { try refused.validResponses() }
    }
}
