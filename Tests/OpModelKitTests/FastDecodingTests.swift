import OpModelTestSupport
import Testing

@testable import OpModelKit

/// The shortcuts (answers read straight from their members, string-keyed dictionaries straight
/// from an object, unknown members found without copying, trimming told from the end bytes)
/// give exactly what the general path gives, errors included.
@Suite("Decoding and trimming shortcuts")
struct FastDecodingTests {
    /// A decoder that forwards to ``ValueDecoder`` but is not one, so that no shortcut applies.
    struct Opaque: Decoder {
        let inner: ValueDecoder
        var codingPath: [any CodingKey] { inner.codingPath }
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            try inner.container(keyedBy: type)
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try inner.unkeyedContainer() }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { try inner.singleValueContainer() }
    }

    static func slow<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> Result<T, JSONValueDecodingError> {
        do {
            return .success(try T(from: Opaque(inner: ValueDecoder(value: value, codingPath: []))))
        } catch let error as JSONValueDecodingError {
            return .failure(error)
        } catch {
            return .failure(JSONValueDecodingError(path: "?", message: "\(error)"))
        }
    }

    static func fast<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> Result<T, JSONValueDecodingError> {
        do {
            return .success(try JSONValueDecoder().decode(type, from: value))
        } catch let error as JSONValueDecodingError {
            return .failure(error)
        } catch {
            return .failure(JSONValueDecodingError(path: "?", message: "\(error)"))
        }
    }

    /// Random answers, right and wrong: every member with a value of the right type or not.
    static func randomAnswer(_ random: inout SplitMix64) -> JSONValue {
        let values: [JSONValue] = [
            .null, true, false, 3, 2.5, 1e300, -1, "text", "", [], ["a", "b"], ["a", 1], [:], ["p1": 3, "p2": 4],
            ["p1": "note"], ["p1": .null], ["p1": 2.5],
        ]
        var members: JSONObject = [:]
        for key in ["level", "notApplicable", "note", "votes", "choices", "reason", "voteNotes", "extra"]
        where random.chance(1, in: 2) {
            members[key] = random.pick(values)
        }
        return .object(members)
    }

    @Test func answersDecodeAsThroughTheContainer() {
        var random = SplitMix64(seed: 31)
        var decoded = 0
        for _ in 0..<20_000 {
            let value = Self.randomAnswer(&random)
            let fast = Self.fast(Answer.self, value)
            #expect(fast == Self.slow(Answer.self, value), "\(value)")
            if case .success = fast { decoded += 1 }
        }
        #expect(decoded > 100, "some random answers are well-formed")
    }

    @Test func dictionariesOfAnswersDecodeAsThroughTheContainer() {
        var random = SplitMix64(seed: 32)
        for _ in 0..<2_000 {
            var members: JSONObject = [:]
            for index in 0..<random.below(5) { members["Q\(index)"] = Self.randomAnswer(&random) }
            if random.chance(1, in: 10) { members["Q9"] = .null }
            let value = JSONValue.object(members)
            #expect(Self.fast([String: Answer].self, value) == Self.slow([String: Answer].self, value), "\(value)")
            #expect(Self.fast([String: Int].self, value) == Self.slow([String: Int].self, value))
        }
        // A null member is an error even where the value type could hold nil.
        let withNull: JSONValue = ["a": "x", "b": .null]
        #expect(Self.fast([String: String?].self, withNull) == Self.slow([String: String?].self, withNull))
        let votes: JSONValue = ["p1": 3, "p2": 4]
        #expect(Self.fast([String: Int].self, votes) == .success(["p1": 3, "p2": 4]))
    }

    @Test func discoverDecodesAsThroughTheContainer() {
        var random = SplitMix64(seed: 33)
        let lists: [JSONValue] = [.null, [], ["a", "b"], ["a", .null], "a", 3]
        for _ in 0..<3_000 {
            var members: JSONObject = [:]
            if random.chance(3, in: 4) {
                var answers: JSONObject = [:]
                for index in 0..<random.below(4) { answers["Q\(index)"] = Self.randomAnswer(&random) }
                if random.chance(1, in: 10) { answers["Q9"] = random.pick([.null, "x", 2]) }
                members["answers"] = random.chance(1, in: 12) ? random.pick([.null, "x", []]) : .object(answers)
            }
            for key in ["constraints", "upskilling"] where random.chance(1, in: 2) { members[key] = random.pick(lists) }
            if random.chance(1, in: 5) { members["extra"] = ["kept": true] }
            let value = JSONValue.object(members)
            #expect(Self.fast(Discover.self, value) == Self.slow(Discover.self, value), "\(value)")
        }
    }

    @Test func questionsDecodeAsThroughTheContainer() {
        var random = SplitMix64(seed: 34)
        let values: [JSONValue] = [
            .null, "text", "", "levels", "choices", "other", 3, 2.5, -1, true, [], ["a", "b"], ["a", 1], [:],
            ["1": "one", "2": "two"], ["1": 1], ["p": .null],
        ]
        var decoded = 0
        for _ in 0..<20_000 {
            var members: JSONObject = [:]
            // Each member usually of its type (or null), now and then anything at all.
            let valid: [(String, [JSONValue])] = [
                ("id", ["Q1"]), ("area", ["Area", .null]), ("text", ["Is it so?"]), ("help", ["Look.", .null]),
                ("weight", [2, 0.5, .null]), ("kind", ["levels", "choices", .null]), ("levels", [["1": "one"], .null]),
                ("next", [["1": "up"], [:]]), ("kpis", [["mttr"], []]), ("dependsOn", [["Q0"], .null]),
                ("target", [4, .null]), ("noneChoice", ["none", .null]), ("extra", [["x": 1]]),
            ]
            for (key, choices) in valid where random.chance(2, in: 3) {
                members[key] = random.chance(1, in: 15) ? random.pick(values) : random.pick(choices)
            }
            if random.chance(1, in: 20) { members["choices"] = [["id": "a", "title": "A"]] }
            if random.chance(1, in: 20) { members["rules"] = [["when": "default", "level": 1]] }
            let value = JSONValue.object(members)
            let fast = Self.fast(Question.self, value)
            #expect(fast == Self.slow(Question.self, value), "\(value)")
            if case .success = fast { decoded += 1 }
        }
        #expect(decoded > 100, "some random questions are well-formed")
    }

    @Test func unknownMembersAreKeptAndKnownOnesNot() throws {
        let value: JSONValue = ["level": 3, "extra": ["x": 1], "note": "n"]
        let answer = try JSONValueDecoder().decode(Answer.self, from: value)
        #expect(answer.unknownMembers == ["extra": ["x": 1]])
        let participant = try JSONValueDecoder().decode(Participant.self, from: ["id": "p1", "name": "Ana", "x": 2])
        #expect(participant.unknownMembers == ["x": 2])
        #expect(
            try JSONValueDecoder().decode(Participant.self, from: ["id": "p1", "name": "Ana"]).unknownMembers == [:])
    }

    /// Trimming as it was: scalar properties looked up at both ends, whatever the text.
    static func referenceTrimming(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test func trimmingAgreesWithLookingAtEveryEndScalar() {
        let pieces = [
            "a", "Z", "1", "-", " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}",
            "é",
            "\u{301}", "~", "\u{1F}",
        ]
        var random = SplitMix64(seed: 41)
        for _ in 0..<20_000 {
            let text = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
            #expect(text.trimmingSpaces == Self.referenceTrimming(text), "\(text.debugDescription)")
            #expect(text.dropFirst().trimmingSpaces == Self.referenceTrimming(String(text.dropFirst())))
        }
    }
}
