import OpModelTestSupport
import Testing

@testable import OpModelKit

@Suite("JSON parser and writer")
struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(
            #"{"a": [1, -2.5, 3e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00"}"#)
        #expect(value["a"] == .array([1, -2.5, 300, true, false, nil]))
        #expect(value["b"] == .string("x\"\\/\né😀"))
    }

    @Test func skipsByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
        #expect(try JSONParser.parse(bytes)["a"] == 1)
    }

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var column: Int
        var fragment: String
        var testDescription: String { fragment }
    }

    @Test(
        arguments: [
            SyntaxCase(text: "", line: 1, column: 1, fragment: "the file is empty"),
            SyntaxCase(text: "{\"a\": 1", line: 1, column: 8, fragment: "is the file truncated?"),
            SyntaxCase(text: "{\n  \"a\": 1,\n}", line: 3, column: 1, fragment: "remove the trailing comma"),
            SyntaxCase(text: "[1, 2,]", line: 1, column: 7, fragment: "remove the trailing comma"),
            SyntaxCase(text: "{\"a\" 1}", line: 1, column: 6, fragment: "expected ':'"),
            SyntaxCase(text: "{\"a\": NaN}", line: 1, column: 7, fragment: "NaN is not valid JSON"),
            SyntaxCase(text: "{\"a\": -Infinity}", line: 1, column: 7, fragment: "-Infinity is not valid JSON"),
            SyntaxCase(text: "{\"a\": True}", line: 1, column: 7, fragment: "found 'True'"),
            SyntaxCase(text: "{\"a\": 1, \"a\": 2}", line: 1, column: 10, fragment: "duplicate member name \"a\""),
            SyntaxCase(text: "{\"a\": \"x\ny\"}", line: 1, column: 9, fragment: "must be escaped"),
            SyntaxCase(text: "{\"a\": 01}", line: 1, column: 7, fragment: "must not start with 0"),
            SyntaxCase(text: "{\"a\": \"\\q\"}", line: 1, column: 8, fragment: "unknown escape"),
            SyntaxCase(text: "{} {}", line: 1, column: 4, fragment: "expected the end of the file"),
            SyntaxCase(text: "{'a': 1}", line: 1, column: 2, fragment: "member name in double quotes"),
            SyntaxCase(text: "\"é\" x", line: 1, column: 5, fragment: "found 'x'"),
        ])
    func reportsSyntaxErrorsWithLineAndColumn(_ example: SyntaxCase) {
        do {
            _ = try JSONParser.parse(example.text)
            Issue.record("expected a syntax error for \(example.text)")
        } catch {
            #expect(error.message.contains(example.fragment), "\(error.message)")
            #expect(error.line == example.line, "\(error.message)")
            #expect(error.column == example.column, "\(error.message)")
        }
    }

    @Test func refusesDeepNesting() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        let shallow = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect((try? JSONParser.parse(shallow)) != nil)
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array("[\"".utf8) + [0xFF, 0xFE] + Array("\"]".utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func writesSortedPrettyText() {
        let value: JSONValue = ["b": [1, 2.5], "a": ["z": nil, "y": "q\"uote"], "c": [], "d": [:]]
        let expected = """
            {
              "a": {
                "y": "q\\"uote",
                "z": null
              },
              "b": [
                1,
                2.5
              ],
              "c": [],
              "d": {}
            }

            """
        #expect(JSONWriter.prettyText(value) == expected)
    }

    @Test func roundTripsThroughWriterAndParser() throws {
        let value: JSONValue = [
            "text": "tab\tnewline\n\u{1}control é 😀 \u{2028}", "numbers": [0, -1, 1e-7, 123456789012, 0.1],
            "nested": ["deep": [["x": true]]],
        ]
        #expect(try JSONParser.parse(JSONWriter.prettyText(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.compactText(value)) == value)
    }

    /// Strings are quoted as escaping scalar by scalar did, whether or not they take the path
    /// that copies an unescaped string whole.
    @Test func quotingAgreesWithEscapingScalarByScalar() {
        func reference(_ text: String) -> String {
            var output = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                case "\u{08}": output += "\\b"
                case "\u{0C}": output += "\\f"
                case "\u{2028}": output += "\\u2028"
                case "\u{2029}": output += "\\u2029"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16)
                        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
            return output + "\""
        }
        let pieces = [
            "a", " ", "\"", "\\", "\n", "\r\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "—", "€",
            "é", "e\u{301}", "👩🏽‍💻", "東",
        ]
        var random = SplitMix64(seed: 21)
        for _ in 0..<5_000 {
            let text = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
            #expect(JSONWriter.quoted(text) == reference(text), "\(text.debugDescription)")
        }
    }

    /// Keys sort by their UTF-8 bytes, compared buffer to buffer or byte by byte alike.
    @Test func keysSortByTheirBytes() {
        let pieces = ["a", "b", "A", "p1", "p10", "p2", "é", "e\u{301}", "Ω", "👩🏽‍💻", "", "0", "-"]
        var random = SplitMix64(seed: 8)
        for _ in 0..<5_000 {
            let left = (0..<random.below(4)).map { _ in random.pick(pieces) }.joined()
            let right = (0..<random.below(4)).map { _ in random.pick(pieces) }.joined()
            #expect(JSONWriter.utf8Precedes(left, right) == left.utf8.lexicographicallyPrecedes(right.utf8))
        }
        let members: JSONObject = ["p10": 1, "p2": 2, "p1": 3, "é": 4, "z": 5]
        #expect(JSONWriter.sortedKeys(members) == ["p1", "p10", "p2", "z", "é"])
    }
}
