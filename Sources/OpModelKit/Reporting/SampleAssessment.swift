/// A small, complete assessment used to check templates in every branch and to show template
/// authors what the report context holds.
public enum SampleAssessment {
    /// A questionnaire with two domains, a KPI and a dependency.
    public static let questionnaire: Questionnaire = {
        let levels = [
            "1": "Nothing is written down.", "2": "Some teams do it.", "3": "Everyone does it the same way.",
            "4": "It is measured.", "5": "It improves from the measures.",
        ]
        let next = ["1": "Write it down.", "2": "Agree one way.", "3": "Measure it.", "4": "Act on the measures."]
        return Questionnaire(
            id: "sample", version: "1.0.0", title: "Sample", description: "A sample questionnaire.",
            scale: [
                ScaleLevel(level: 1, name: "Initial"), ScaleLevel(level: 2, name: "Repeatable"),
                ScaleLevel(level: 3, name: "Defined"), ScaleLevel(level: 4, name: "Managed"),
                ScaleLevel(level: 5, name: "Optimizing"),
            ],
            domains: [
                Domain(
                    id: "alpha", name: "Alpha", description: "The first domain.",
                    questions: [
                        Question(
                            id: "A-01", area: "One", text: "Is it written down?", help: "Look for it.", levels: levels,
                            next: next, kpis: ["mttr"]),
                        Question(id: "A-02", area: "One", text: "Is it applicable?", levels: levels, next: next),
                        Question(id: "A-03", area: "Two", text: "Is it answered?", levels: levels, next: next),
                    ]),
                Domain(
                    id: "beta", name: "Beta",
                    questions: [
                        Question(
                            id: "B-01", area: "Three", text: "Is it measured?", weight: 2, levels: levels, next: next,
                            dependsOn: ["A-01"])
                    ]),
            ],
            kpis: [
                KPIDefinition(
                    id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower,
                    category: .operationalEfficiency)
            ])
    }()

    /// A report input with every section filled: outcomes, votes, N/A, an unanswered and an
    /// orphaned answer, targets, owners, a pinned and a dropped step, a backlog, a conflict and a
    /// previous assessment.
    public static func input() -> ReportInput {
        guard let period = Period("2026-Q4"), let previousPeriod = Period("2026-Q3"), let due = Period("2027-Q4"),
            let pin = Period("2027-Q1")
        else {
            return ReportInput(
                assessment: previousAssessment(), questionnaire: questionnaire, toolVersion: OpModel.version)
        }
        var assessment = Assessment(
            id: "sample", organization: "Example Corp", team: "Platform", period: period,
            questionnaire: QuestionnaireReference(id: "sample", version: "1.0.0"), createdAt: "2026-11-01T09:00:00Z")
        assessment.facilitator = "Facilitator"
        assessment.participants = [
            Participant(id: "p1", name: "Ana", role: "SRE lead"), Participant(id: "p2", name: "Ben"),
        ]
        assessment.phase = .complete
        assessment.envision = Envision(
            vision: "A vision.", drivers: ["A driver."],
            outcomes: [
                Outcome(
                    id: "o1", title: "An outcome.",
                    kpis: [
                        OutcomeKPI(
                            id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower, baseline: 240,
                            target: 60, due: due, current: 200)
                    ])
            ])
        assessment.discover = Discover(
            answers: [
                "A-01": Answer(level: 2, note: "A note.", votes: ["p1": 1, "p2": 3]),
                "A-02": .notApplicable(reason: "A reason."),
                "B-01": .level(1),
                "Z-99": .level(3, note: "An orphan."),
            ],
            constraints: ["A constraint."], upskilling: ["A skill."])
        assessment.build = Build(targets: ["alpha": 5, "beta": 4], topology: .federated, endState: "An end state.")
        assessment.deliver = Deliver(
            horizonQuarters: 2, capacityPerQuarter: 1,
            decisions: [
                "A-01@3": StepDecision(owner: "Ana", quarter: pin),
                "A-01@4": StepDecision(quarter: pin),
                "B-01@3": StepDecision(status: .dropped),
            ])
        assessment.improve = Improve(
            previous: previousPeriod, reflections: "A reflection.", reviewCadence: "monthly",
            nextAssessment: Period("2027-Q1"))
        return ReportInput(
            assessment: assessment, questionnaire: questionnaire, previous: previousAssessment(),
            toolVersion: OpModel.version)
    }

    static func previousAssessment() -> Assessment {
        var previous = Assessment(
            id: "sample-previous", organization: "Example Corp", team: "Platform",
            period: Period("2026-Q3") ?? .earliest,
            questionnaire: QuestionnaireReference(id: "sample", version: "1.0.0"), createdAt: "2026-08-01T09:00:00Z")
        previous.discover.answers = ["A-01": .level(1), "B-01": .level(1)]
        return previous
    }
}
