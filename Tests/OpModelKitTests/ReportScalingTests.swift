import OpModelTestSupport
import Testing

@testable import OpModelKit

/// The report's linear-time pieces give what the straightforward code they replaced gave (kept
/// here as references), on random inputs full of the characters that matter.
@Suite("Reports at scale")
struct ReportScalingTests {
    // MARK: Tidying the rendered Markdown

    /// The tidy pass before it split lines by bytes.
    static func referenceTidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmedEnd = line.reversed().drop { $0 == " " || $0 == "\t" }
            let cleaned = Substring(String(trimmedEnd.reversed()))
            if cleaned.hasPrefix("```") { inFence.toggle() }
            if cleaned.isEmpty && !inFence {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(inFence ? line : cleaned)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func tidyAgreesWithTheCharacterByCharacterPass() {
        // U+0600 is a prepended mark: a space after it belongs to its character.
        let pieces = [
            "a", "é", "e\u{301}", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "```", "```mermaid", "| x |", "\u{600} ",
            "東", "👩🏽‍💻", "\u{301}",
        ]
        var random = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let text = (0..<random.below(12)).map { _ in random.pick(pieces) }.joined()
            #expect(ReportRenderer.tidy(text) == Self.referenceTidy(text), "\(text.debugDescription)")
        }
    }

    // MARK: Template names checked against lists of lists

    /// A name used inside a list of lists is known when any element of any inner list has it,
    /// and unknown when none has: the shapes of the elements are merged into one.
    @Test func namesInListsOfListsAreCheckedAgainstEveryElement() throws {
        let steps: (Int) -> JSONValue = { count in
            .array((0..<count).map { index in index == 7 ? ["id": "s7", "extra": "x"] : ["id": .string("s\(index)")] })
        }
        let context: JSONValue = [
            "milestones": .array(
                (0..<500).map { index in ["period": .string("q\(index)"), "steps": steps(index % 9)] })
        ]
        let template = try Template(
            source: "{{#milestones}}{{period}}{{#steps}}{{id}} {{extra}}{{/steps}}{{/milestones}}", name: "t")
        #expect(template.unknownNames(against: JSONShape.merge(context, [:])).isEmpty)
        let wrong = try Template(source: "{{#milestones}}{{#steps}}{{missing}}{{/steps}}{{/milestones}}", name: "t")
        #expect(
            wrong.unknownNames(against: JSONShape.merge(context, [:])).map(\.message) == [
                "unknown name 'missing': no value in scope has 'missing'"
            ])
        // Lists merge into one element that has the members of all of theirs.
        let merged = JSONShape.merge(["a": [["x": 1], ["y": .null]]], ["a": [["y": 2], ["z": [["w": 3]]]]])
        #expect(merged == ["a": [["x": 1, "y": 2, "z": [["w": 3]]]]])
        #expect(JSONShape.merge(["a": []], ["a": []]) == ["a": []])
    }

    // MARK: Anonymising

    /// Anonymising before names were filtered by word: every name tried on every string.
    static func referenceAnonymize(_ context: JSONValue, assessment: Assessment) -> JSONValue {
        let pairs = Anonymizer.replacements(for: assessment)
        guard !pairs.isEmpty else { return context }
        return Anonymizer.map(context) { text in
            var result = text
            for (name, alias) in pairs {
                result = Anonymizer.replaceWord(name, with: alias, in: result)
            }
            return result
        }
    }

    @Test func anonymisingAgreesWithTryingEveryName() {
        let names = [
            "Ana Silva", "Ana", "Ben", "Bob Ng", "José Núñez", "Jose\u{301} Nun\u{303}ez", "Participant", "A",
            "the facilitator", "-Dash", "O'Brien", "Mary-Jane Lee", "Li 2", "Zoë", "Ann", "Annabel", "Ng",
        ]
        let words = names + [" ", ", ", ".", "-", "x", "Participant A", "Anas", "'", "\n", "e\u{301}", "2"]
        var random = SplitMix64(seed: 9)
        for round in 0..<300 {
            var assessment = Fixtures.assessment()
            assessment.participants = (0..<(1 + random.below(6))).map { index in
                Participant(id: "p\(index)", name: random.pick(names))
            }
            assessment.facilitator = random.chance(1, in: 2) ? random.pick(names) : nil
            let context: JSONValue = .array(
                (0..<20).map { _ in .string((0..<random.below(8)).map { _ in random.pick(words) }.joined()) })
            #expect(
                Anonymizer.anonymize(context, assessment: assessment)
                    == Self.referenceAnonymize(context, assessment: assessment), "round \(round)")
        }
    }

    /// Thousands of participants: every one of their names is replaced in the text naming them.
    @Test func manyParticipantsAreAllReplaced() {
        var assessment = Fixtures.assessment()
        assessment.participants = (0..<3_000).map { Participant(id: "p\($0)", name: "Person \($0) Example") }
        let text = assessment.participants.map(\.name).joined(separator: ", ")
        guard case .string(let anonymous) = Anonymizer.anonymize(.string(text), assessment: assessment) else {
            Issue.record("not a string")
            return
        }
        #expect(!anonymous.contains("Example"))
        #expect(anonymous.hasPrefix("Participant A, Participant B, "))
        // Past Z, AA … ZZ, then AAA: no participant runs out of letters.
        #expect(anonymous.contains(", Participant ZZ, Participant AAA, Participant AAB, "))
        #expect(anonymous.hasSuffix(", Participant DKJ"))
    }

    // MARK: Looking questions up

    @Test func theIndexAnswersAsTheQuestionnaireDoes() {
        let questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "a", name: "A", questions: [Fixtures.question("Q1"), Fixtures.question("Q2")]),
            Domain(id: "b", name: "B", questions: [Fixtures.question("Q2", weight: 3), Fixtures.question("Q3")]),
        ])
        let index = QuestionIndex(questionnaire)
        for id in ["Q1", "Q2", "Q3", "Q4", ""] {
            #expect(index.question(id: id)?.question == questionnaire.question(id: id)?.question)
            #expect(index.question(id: id)?.domainIndex == questionnaire.question(id: id)?.domainIndex)
        }
        #expect(index.question(id: "Q2")?.domainIndex == 0, "the first question with a repeated id")
        #expect(index.count == 3)
    }
}
