import OpModelTestSupport
import Testing

@testable import OpModelKit

/// Merging groups the answers by question in one pass (README, "Performance"); it must give
/// exactly what looking at every person for every question gave (``ReferenceRespondentMerge``).
@Suite("Merging respondents at scale")
struct MergeScalingTests {
    /// CO-01 and CO-02 take levels; PE-01 is a choices question.
    static let questionnaire: Questionnaire = {
        var choices = Fixtures.question("PE-01")
        choices.kind = .choices
        choices.choices = [Choice(id: "a", title: "A"), Choice(id: "b", title: "B"), Choice(id: "c", title: "C")]
        choices.rules = [Rule(when: "a && b", level: 3), Rule(when: "a", level: 2), Rule(when: "default", level: 1)]
        return Fixtures.questionnaire(domains: [
            Domain(id: "ops", name: "Operations", questions: [Fixtures.question("CO-01"), Fixtures.question("CO-02")]),
            Domain(id: "pe", name: "Platform", questions: [choices]),
        ])
    }()

    static func respondent(_ name: String, answers: [String: Answer]) -> Assessment {
        var assessment = Fixtures.assessment(answers: answers)
        assessment.respondent = name
        assessment.participants = [Participant(id: "p1", name: name)]
        return assessment
    }

    @Test(arguments: [false, true])
    func randomRespondentsMergeAsTheReferenceDoes(withQuestionnaire: Bool) throws {
        var random = SplitMix64(seed: withQuestionnaire ? 3 : 4)
        let ids = ["CO-01", "CO-02", "PE-01", "OLD-9", "ZZ-1"]
        let texts = ["", "runbooks exist", "no; not yet", "Same"]
        for round in 0..<200 {
            var inputs: [RespondentMerge.Input] = []
            for person in 0..<(1 + random.below(9)) {
                var answers: [String: Answer] = [:]
                for id in ids where random.chance(2, in: 3) {
                    switch random.below(6) {
                    case 0: answers[id] = .notApplicable(reason: random.pick(texts))
                    case 1: answers[id] = Answer(choices: ["a", "b", "c"].filter { _ in random.chance(1, in: 2) })
                    case 2: answers[id] = Answer(note: random.pick(texts))
                    default:
                        let note = random.chance(1, in: 2) ? random.pick(texts) : nil
                        answers[id] = .level(1 + random.below(5), note: note)
                    }
                }
                var assessment = Self.respondent("Person \(person)", answers: answers)
                assessment.discover.constraints = (0..<random.below(3)).map { _ in random.pick(texts) }
                assessment.discover.upskilling = (0..<random.below(3)).map { _ in random.pick(texts) }
                inputs.append(.init(path: "p\(person).json", assessment: assessment))
            }
            let questionnaire = withQuestionnaire ? Self.questionnaire : nil
            let merged = try RespondentMerge.merge(inputs, id: "m", createdAt: "now", questionnaire: questionnaire)
            let reference = try ReferenceRespondentMerge.merge(
                inputs, id: "m", createdAt: "now", questionnaire: questionnaire)
            #expect(merged == reference, "round \(round)")
        }
    }

    /// Five thousand respondents, each answering a question of their own plus CO-01: every
    /// question keeps its one voter, CO-01 all of them, and each constraint is listed once.
    @Test func thousandsOfRespondentsKeepEveryVote() throws {
        let count = 5_000
        let inputs: [RespondentMerge.Input] = (0..<count).map { index in
            var assessment = Self.respondent(
                "Person \(index)",
                answers: ["CO-01": .level(1 + index % 5), "Q-\(index)": .level(2, note: "n\(index)")])
            assessment.discover.constraints = ["Constraint \(index % 10)"]
            return .init(path: "p\(index).json", assessment: assessment)
        }
        let merged = try RespondentMerge.merge(inputs, id: "m", createdAt: "now")
        #expect(merged.participants.count == count)
        #expect(merged.discover.answers.count == count + 1)
        #expect(merged.discover.answers["CO-01"]?.votes?.count == count)
        #expect(merged.discover.answers["CO-01"]?.level == 3)
        #expect(merged.discover.answers["Q-4321"]?.votes == ["p4322": 2])
        #expect(merged.discover.answers["Q-4321"]?.note == "Person 4321: n4321")
        #expect(merged.discover.constraints == (0..<10).map { "Constraint \($0)" })
        // The file written reads back as the same assessment (objects and arrays of thousands
        // of members are encoded in place).
        let text = try DocumentWriter.text(of: merged)
        #expect(try DocumentLoader.assessment(from: Array(text.utf8), file: "merged.json") == merged)
    }
}
