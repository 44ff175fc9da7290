import Foundation
import OpModelTestSupport

@testable import OpModelKit

/// Text people type that has broken tools before: Markdown and template syntax, HTML, control
/// characters, emoji, right-to-left and combining characters, path tricks.
enum NastyText {
    static let samples: [String] = [
        "**bold** _under_ `code` ~~strike~~",
        "| a | b |",
        "<script>alert(1)</script> <b>bold</b> &amp; &lt;",
        "{{team}} {{{raw}}} {{#x}}{{/x}} {{>partial}} {{! comment}}",
        "# heading",
        "- list item",
        "1. ordered",
        "> quote",
        "[link](https://example.com) ![image](x.png)",
        "https://example.com/a_b*c",
        "line one\nline two\r\nline three",
        "tab\there",
        "\u{0}\u{1}\u{7}\u{1B}[31mred\u{1B}[0m",
        "שלום עולם",
        "مرحبا بالعالم",
        "\u{202E}evil override\u{202C}",
        "e\u{301}\u{302}\u{303}",
        "👩🏽‍💻 🇫🇷 🏳️‍🌈",
        "../../etc/passwd",
        "/absolute/path",
        ".hidden",
        "\\ backslash \\",
        "=SUM(A1:A9)",
        "",
        " ",
        String(repeating: "x", count: 5_000),
    ]
}

/// Builders for complete documents over any questionnaire.
enum FuzzDocuments {
    /// The repository's questionnaire folder.
    static var questionnaireFolder: String { Fixtures.packageRoot.appendingPathComponent("Questionnaires").path }

    /// The shipped roadmap template.
    static var roadmapTemplate: String {
        let path = Fixtures.packageRoot.appendingPathComponent("Templates/roadmap.md").path
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// An assessment of `questionnaire` with every phase filled: two participants with votes,
    /// notes full of nasty text, one not-applicable answer per domain, targets for every
    /// domain, an outcome with KPIs, owners and pinned quarters, reflections.
    static func fullAssessment(for questionnaire: Questionnaire, seed: UInt64 = 1) -> Assessment {
        var random = SplitMix64(seed: seed)
        let period = Period("2026-Q4") ?? .earliest
        var assessment = Assessment(
            id: "fuzz", organization: "Acme | *Corp*", team: "Platform 👩🏽‍💻 שלום", period: period,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version),
            createdAt: "2026-11-01T09:00:00Z")
        assessment.facilitator = "Dana <Lee>"
        assessment.participants = [
            Participant(id: "p1", name: "Ana e\u{301} Silva", role: "CTO | lead"),
            Participant(id: "p2", name: "مرحبا Ben", role: nil),
        ]
        assessment.phase = .complete
        let levels = questionnaire.scale.map(\.level)
        var answers: [String: Answer] = [:]
        for (domainIndex, domain) in questionnaire.domains.enumerated() {
            for (questionIndex, question) in domain.questions.enumerated() {
                let note = random.chance(1, in: 2) ? random.pick(NastyText.samples) : nil
                if questionIndex == 1 && domainIndex % 2 == 0 {
                    answers[question.id] = .notApplicable(reason: "out of scope: " + random.pick(NastyText.samples))
                    continue
                }
                if question.effectiveKind == .choices, let choices = question.choices {
                    let chosen = choices.prefix(random.below(choices.count + 1)).map(\.id)
                    answers[question.id] = Answer(note: note, choices: chosen)
                    continue
                }
                guard !levels.isEmpty else { continue }
                let first = random.pick(levels)
                let second = random.pick(levels)
                answers[question.id] = Answer(
                    level: min(first, second), note: note, votes: ["p1": first, "p2": second])
            }
        }
        answers["ZZ-ORPHAN"] = .level(levels.first ?? 1, note: "an orphaned answer")
        assessment.discover = Discover(
            answers: answers, constraints: ["Hiring freeze | *2027*"], upskilling: ["Kubernetes <ops>"])
        var targets: [String: Int] = [:]
        for domain in questionnaire.domains { targets[domain.id] = levels.max() ?? 1 }
        assessment.build = Build(targets: targets, topology: .federated, endState: random.pick(NastyText.samples))
        var kpis: [OutcomeKPI] = questionnaire.kpis.prefix(2).map { definition in
            OutcomeKPI(
                id: definition.id, name: definition.name, unit: definition.unit, direction: definition.direction,
                baseline: 240, target: 60, due: Period("2027-Q4"), current: 200)
        }
        kpis.append(
            OutcomeKPI(
                id: "custom", name: "Trust | score", unit: "points", direction: .higher, baseline: 3.5, target: 4.5,
                due: Period("2027-Q2"), current: 3.75))
        assessment.envision = Envision(
            vision: "Ship *weekly* on a platform | teams trust", drivers: ["Time to market", "{{team}}"],
            outcomes: [Outcome(id: "o1", title: "Faster recovery <fast>", kpis: kpis)])
        var decisions: [String: StepDecision] = [:]
        if let question = questionnaire.allQuestions.first, let low = levels.min() {
            decisions["\(question.id)@\(low + 1)"] = StepDecision(owner: "Ana | owner", quarter: Period("2027-Q1"))
        }
        assessment.deliver = Deliver(
            startPeriod: Period("2027-Q1"), horizonQuarters: 4, capacityPerQuarter: 3, decisions: decisions)
        assessment.improve = Improve(
            previous: nil, reflections: "We argued *longest* about on-call.", reviewCadence: "monthly",
            nextAssessment: Period("2027-Q1"))
        return assessment
    }
}
