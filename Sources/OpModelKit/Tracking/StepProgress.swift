/// What this quarter's answers say about a step of last quarter's roadmap, so that a step's
/// status and the answers never disagree without a word (DESIGN §10.1).
public enum StepProgress {
    /// What the answer shows.
    public enum Evidence: Sendable, Equatable {
        /// The question now stands at the step's level or above (for a `choices` question, the level
        /// its rules give the ticked choices).
        case reached(level: Int)
        /// The question stands below the step's level.
        case notReached(level: Int)
        /// Unanswered, not applicable, or a question the questionnaire no longer has: no evidence.
        case unknown
    }

    /// The evidence of `assessment`'s answers for `step`.
    public static func evidence(
        for step: RoadmapStep, in assessment: Assessment, questionnaire: Questionnaire
    ) -> Evidence {
        guard let question = questionnaire.question(id: step.questionID)?.question else { return .unknown }
        let answer = assessment.discover.answers[step.questionID]
        guard let level = AnswerState(question: question, answer: answer).level else { return .unknown }
        return level >= step.toLevel ? .reached(level: level) : .notReached(level: level)
    }

    /// The status to offer for a due step: what the room set when it set it in progress, done
    /// or dropped; otherwise done when the answers show its level reached, else as planned.
    public static func suggestedStatus(_ recorded: StepStatus, evidence: Evidence) -> StepStatus {
        if recorded != .planned { return recorded }
        if case .reached = evidence { return .done }
        return .planned
    }

    /// A sentence when `status` and the answers disagree: a step reported done whose level the
    /// answers do not show, or a step not done whose level they show; nil when they agree.
    public static func contradiction(
        _ step: RoadmapStep, status: StepStatus, evidence: Evidence, levelName: (Int) -> String
    ) -> String? {
        switch (status, evidence) {
        case (.done, .notReached(let level)):
            return "\(step.id) is reported done, but \(step.questionID) is answered \(level) — \(levelName(level)), "
                + "below level \(step.toLevel); check the answer or the status"
        case (.planned, .reached(let level)), (.inProgress, .reached(let level)):
            return "\(step.id) is reported \(status == .planned ? "not started" : "in progress"), but "
                + "\(step.questionID) is answered \(level) — \(levelName(level)), at or above level \(step.toLevel)"
        default:
            return nil
        }
    }
}
