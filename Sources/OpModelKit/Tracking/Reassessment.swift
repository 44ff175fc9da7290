/// A new quarter's assessment started from the team's previous one.
public struct Reassessment: Sendable, Equatable {
    /// The new assessment, in the Envision phase.
    public var assessment: Assessment
    /// Questions answered last quarter that the questionnaire no longer has; their answers are
    /// kept in the new file as orphaned answers.
    public var removedQuestions: [String]
    /// Questions the previous assessment's questionnaire did not have (asked for the first time).
    public var newQuestions: [String]

    /// Starts the assessment of `period` from `previous` (DESIGN §5.2, issue "Quarter after quarter").
    ///
    /// Carried forward: organization, facilitator and participants; vision, drivers and outcomes
    /// with their KPIs (the baseline keeps the quarter it was measured in); constraints and
    /// upskilling needs; targets, topology and end state; the horizon, the capacity, and each
    /// step's owner, status and (future) pinned quarter, by step id; the review cadence; the
    /// question time box; the parking lot's open items (each keeps the quarter it was raised in,
    /// and comes back every quarter until an Improve review closes it). Not
    /// carried: the answers themselves (Discover shows last quarter's answer at each question and
    /// Enter keeps it), except answers to questions the questionnaire no longer has, which are
    /// kept as orphaned answers so that nothing is ever dropped.
    /// `previousQuestionnaire` is the version `previous` was made with; without it, a question is
    /// taken to be new when `previous` has no answer for it.
    public static func start(
        from previous: Assessment, questionnaire: Questionnaire, previousQuestionnaire: Questionnaire? = nil,
        id: String, team: String, period: Period, createdAt: String
    ) -> Reassessment {
        var assessment = Assessment(
            id: id, organization: previous.organization, team: team, period: period,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version),
            createdAt: createdAt)
        assessment.facilitator = previous.facilitator
        assessment.participants = previous.participants

        assessment.envision = previous.envision
        for outcomeIndex in assessment.envision.outcomes.indices {
            for kpiIndex in assessment.envision.outcomes[outcomeIndex].kpis.indices {
                var kpi = assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex]
                kpi.baselinePeriod = kpi.baselinePeriod ?? previous.period
                assessment.envision.outcomes[outcomeIndex].kpis[kpiIndex] = kpi
            }
        }

        let known = Set(questionnaire.allQuestions.map(\.id))
        let removed = previous.discover.answers.keys.filter { !known.contains($0) }.sorted()
        for id in removed {
            assessment.discover.answers[id] = previous.discover.answers[id]
        }
        let asked = previousQuestionnaire.map { Set($0.allQuestions.map(\.id)) }
        let newQuestions =
            previous.questionnaire.version == questionnaire.version && previous.questionnaire.id == questionnaire.id
            ? []
            : questionnaire.allQuestions.map(\.id).filter { id in
                asked.map { !$0.contains(id) } ?? (previous.discover.answers[id] == nil)
            }
        assessment.discover.constraints = previous.discover.constraints
        assessment.discover.upskilling = previous.discover.upskilling
        assessment.discover.timebox = previous.discover.timebox
        assessment.parkingLot = previous.parkingLot.filter(\.isOpen).map { item in
            var carried = item
            carried.raisedIn = item.raisedIn ?? previous.period
            return carried
        }

        let domains = Set(questionnaire.domains.map(\.id))
        assessment.build.targets = previous.build.targets.filter { domains.contains($0.key) }
        assessment.build.topology = previous.build.topology
        assessment.build.endState = previous.build.endState

        let start = period.next
        // Late in 9999 fewer quarters fit than last time.
        assessment.deliver.horizonQuarters = previous.deliver.horizonQuarters.map {
            min($0, Deliver.longestHorizon(from: start))
        }
        assessment.deliver.capacityPerQuarter = previous.deliver.capacityPerQuarter
        for (stepID, decision) in previous.deliver.decisions {
            var carried = decision
            if let pinned = carried.quarter, pinned < start { carried.quarter = nil }
            if !carried.isEmpty { assessment.deliver.decisions[stepID] = carried }
        }

        assessment.improve.previous = previous.period
        assessment.improve.reviewCadence = previous.improve.reviewCadence
        assessment.cursor = "envision/facilitator"
        return Reassessment(assessment: assessment, removedQuestions: removed, newQuestions: newQuestions)
    }

    /// The steps of `previous`'s roadmap due by `period` (planned for it or earlier) that were
    /// not yet done or dropped: the ones Improve asks about.
    public static func stepsDue(previous: Assessment, questionnaire: Questionnaire, by period: Period)
        -> [RoadmapStep]
    {
        RoadmapPlanner.plan(previous, questionnaire: questionnaire).scheduledSteps.filter { step in
            guard let quarter = step.quarter, quarter <= period else { return false }
            return step.status != .done && step.status != .dropped
        }
    }
}
