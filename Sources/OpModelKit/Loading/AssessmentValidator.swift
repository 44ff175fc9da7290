/// Checks an assessment against its questionnaire: levels on the scale, reasons for not
/// applicable, votes by known participants, targets of known domains. Answers to questions the
/// questionnaire no longer has are reported as orphaned and kept, never dropped.
public enum AssessmentValidator {
    /// Every problem of `assessment` read with `questionnaire`.
    public static func problems(_ assessment: Assessment, questionnaire: Questionnaire) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        if assessment.questionnaire.id != questionnaire.id {
            problems.append(
                .error(
                    "questionnaire.id",
                    "the assessment was made with \"\(assessment.questionnaire.id)\", not with \"\(questionnaire.id)\"")
            )
        } else if assessment.questionnaire.version != questionnaire.version {
            problems.append(
                .warning(
                    "questionnaire.version",
                    "the assessment was made with version \(assessment.questionnaire.version); read with version \(questionnaire.version)"
                ))
        }
        if assessment.team.trimmingSpaces.isEmpty {
            problems.append(.error("team", "the team name is empty"))
        }
        var participantIDs: Set<String> = []
        for (index, participant) in assessment.participants.enumerated()
        where !participantIDs.insert(participant.id).inserted {
            problems.append(.error("participants[\(index)].id", "duplicate participant id \"\(participant.id)\""))
        }
        let levels = questionnaire.levelRange
        let questions = QuestionIndex(questionnaire)
        for id in assessment.discover.answers.keys.sorted() {
            guard let answer = assessment.discover.answers[id] else { continue }
            let path = JSONPath.member(id, of: "discover.answers")
            guard let (question, _) = questions.question(id: id) else {
                problems.append(
                    .warning(path, "orphaned answer: the questionnaire has no question \"\(id)\"; the answer is kept"))
                continue
            }
            if answer.notApplicable {
                if (answer.note ?? "").trimmingSpaces.isEmpty {
                    problems.append(.error(path + ".note", "a not-applicable answer needs a reason in \"note\""))
                }
                if answer.level != nil {
                    problems.append(
                        .warning(path + ".level", "the level is ignored because the question is not applicable"))
                }
            }
            if let level = answer.level, !levels.contains(level) {
                problems.append(
                    .error(
                        path + ".level",
                        "expected a level from \(levels.lowerBound) to \(levels.upperBound), found \(level)"))
            }
            for (participant, vote) in (answer.votes ?? [:]).sorted(by: { $0.key < $1.key }) {
                if !levels.contains(vote) {
                    problems.append(
                        .error(
                            JSONPath.member(participant, of: path + ".votes"),
                            "expected a level from \(levels.lowerBound) to \(levels.upperBound), found \(vote)"))
                }
                if !participantIDs.contains(participant) {
                    problems.append(
                        .warning(
                            JSONPath.member(participant, of: path + ".votes"),
                            "no participant has the id \"\(participant)\""))
                }
            }
            if let choices = answer.choices {
                let known = Set((question.choices ?? []).map(\.id))
                for (index, choice) in choices.enumerated() where !known.contains(choice) {
                    problems.append(
                        .error(path + ".choices[\(index)]", "unknown choice \"\(choice)\" for question \(id)"))
                }
            }
        }
        let domainIDs = Set(questionnaire.domains.map(\.id))
        for (domain, target) in assessment.build.targets.sorted(by: { $0.key < $1.key }) {
            let path = JSONPath.member(domain, of: "build.targets")
            if !domainIDs.contains(domain) {
                problems.append(.warning(path, "no domain has the id \"\(domain)\"; the target is kept but unused"))
            }
            if !levels.contains(target) {
                problems.append(
                    .error(path, "expected a level from \(levels.lowerBound) to \(levels.upperBound), found \(target)"))
            }
        }
        if let horizon = assessment.deliver.horizonQuarters, !(1...40).contains(horizon) {
            problems.append(.error("deliver.horizonQuarters", "expected 1 to 40 quarters, found \(horizon)"))
        } else if let horizon = assessment.deliver.horizonQuarters {
            // The planner starts where the room said, else in the quarter after the assessment.
            // (The default horizon is shortened to fit; one the room chose is its to change.)
            let start = assessment.deliver.startPeriod ?? assessment.period.next
            let longest = Deliver.longestHorizon(from: start)
            if horizon > longest {
                problems.append(
                    .error(
                        "deliver.horizonQuarters",
                        "a roadmap of \(horizon) quarters from \(start) would run past \(Period.latest), the last "
                            + "quarter opmodel plans; plan at most \(longest) quarter\(longest == 1 ? "" : "s")"))
            }
        }
        if let capacity = assessment.deliver.capacityPerQuarter, !(1...100).contains(capacity) {
            problems.append(
                .error("deliver.capacityPerQuarter", "expected 1 to 100 steps a quarter, found \(capacity)"))
        }
        var outcomeIDs: Set<String> = []
        for (index, outcome) in assessment.envision.outcomes.enumerated()
        where !outcomeIDs.insert(outcome.id).inserted {
            problems.append(.error("envision.outcomes[\(index)].id", "duplicate outcome id \"\(outcome.id)\""))
        }
        if let timebox = assessment.discover.timebox, !(timebox >= 1 && timebox <= 86_400) {
            problems.append(
                .error(
                    "discover.timebox",
                    "expected the seconds of a question's time box, from 1 to 86400 (a day), found "
                        + Formatting.trimmed(timebox)))
        }
        problems += parkingLotProblems(assessment, questions: questions)
        return problems
    }

    /// Every parking-lot item has text; its question, if any, is one of the questionnaire's; it
    /// is closed no earlier than it was raised, and in this assessment's quarter or before.
    static func parkingLotProblems(_ assessment: Assessment, questions: QuestionIndex) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        for (index, item) in assessment.parkingLot.enumerated() {
            let path = "parkingLot[\(index)]"
            if item.text.trimmingSpaces.isEmpty {
                problems.append(.error(path + ".text", "a parking-lot item needs text"))
            }
            if let question = item.question, questions.question(id: question) == nil {
                problems.append(
                    .warning(path + ".question", "the questionnaire has no question \"\(question)\"; the item is kept"))
            }
            if let raised = item.raisedIn, raised > assessment.period {
                problems.append(
                    .error(
                        path + ".raisedIn", "raised in \(raised), after this assessment's quarter \(assessment.period)")
                )
            }
            if let closed = item.closedIn {
                if let raised = item.raisedIn, closed < raised {
                    problems.append(
                        .error(path + ".closedIn", "closed in \(closed), before it was raised in \(raised)"))
                } else if closed > assessment.period {
                    problems.append(
                        .error(
                            path + ".closedIn",
                            "closed in \(closed), after this assessment's quarter \(assessment.period)"))
                }
            }
        }
        return problems
    }

    /// Answers whose question id the questionnaire does not have.
    public static func orphanedAnswerIDs(_ assessment: Assessment, questionnaire: Questionnaire) -> [String] {
        let known = Set(questionnaire.allQuestions.map(\.id))
        return assessment.discover.answers.keys.filter { !known.contains($0) }.sorted()
    }
}
