/// Combines respondent files (each person's Discover answers) into one workshop assessment
/// (`opmodel merge`, DESIGN §3 "several respondents" and §5.4).
///
/// Every vote is kept; the consensus defaults to the median (the lower median on a tie); notes
/// are kept with their author in `voteNotes`, and joined as "Name: note" in the answer's note. A
/// question some marked not applicable and others answered keeps the levels as votes and notes
/// who marked it not applicable; if everyone did, it is not applicable with their reasons.
public enum RespondentMerge {
    /// One input file.
    public struct Input: Sendable {
        /// Where it was read from, for messages.
        public var path: String
        /// The respondent's assessment.
        public var assessment: Assessment

        /// An input file.
        public init(path: String, assessment: Assessment) {
            self.path = path
            self.assessment = assessment
        }
    }

    /// The person a respondent file belongs to.
    static func person(of assessment: Assessment) -> Participant {
        if let first = assessment.participants.first { return first }
        return Participant(id: "p1", name: assessment.respondent ?? assessment.team)
    }

    /// The merged workshop assessment, in the Envision phase with Discover answered. Files for
    /// different questionnaires, versions or periods, and the same person twice, are refused.
    ///
    /// With `questionnaire`, a `choices` question (an imported lens) gets each respondent's level
    /// (by the question's rules) as their vote, and the ticks of the respondent whose level is the
    /// (lower) median as the room's starting answer.
    public static func merge(
        _ inputs: [Input], id: String, createdAt: String, questionnaire: Questionnaire? = nil
    ) throws(DataError) -> Assessment {
        guard let first = inputs.first else {
            throw DataError.other(file: "merge", message: "no respondent files were given")
        }
        var seen: [String: String] = [:]
        for input in inputs {
            let other = input.assessment
            if other.questionnaire.id != first.assessment.questionnaire.id {
                throw DataError.invalid(
                    file: input.path, path: "questionnaire.id",
                    message: "\"\(other.questionnaire.id)\" differs from \"\(first.assessment.questionnaire.id)\" "
                        + "in \(first.path); only answers to the same questionnaire can be merged")
            }
            if other.questionnaire.version != first.assessment.questionnaire.version {
                throw DataError.invalid(
                    file: input.path, path: "questionnaire.version",
                    message: "\(other.questionnaire.version) differs from \(first.assessment.questionnaire.version) "
                        + "in \(first.path); merge answers to one questionnaire version")
            }
            if other.period != first.assessment.period {
                throw DataError.invalid(
                    file: input.path, path: "period",
                    message: "\(other.period) differs from \(first.assessment.period) in \(first.path); "
                        + "merge answers for one quarter")
            }
            let name = person(of: other).name
            let key = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let earlier = seen[key] {
                throw DataError.invalid(
                    file: input.path, path: "participants[0].name",
                    message: "\(name) also answered in \(earlier); each person can be merged once")
            }
            seen[key] = input.path
        }

        var merged = Assessment(
            id: id, organization: first.assessment.organization, team: first.assessment.team,
            period: first.assessment.period, questionnaire: first.assessment.questionnaire, createdAt: createdAt)
        merged.cursor = "envision/facilitator"
        // Each question's answers, person by person in file order: one pass over the answers,
        // instead of every person looked at for every question.
        var questionIDs: [String] = []
        var answersByQuestion: [String: [(person: Int, answer: Answer)]] = [:]
        var ids: [String] = []
        var names: [String] = []
        for (index, input) in inputs.enumerated() {
            var participant = person(of: input.assessment)
            participant.id = "p\(index + 1)"
            participant.unknownMembers = [:]
            ids.append(participant.id)
            names.append(participant.name)
            merged.participants.append(participant)
            let answers = input.assessment.discover.answers
            for id in answers.keys.sorted() {
                guard let answer = answers[id] else { continue }
                if answersByQuestion[id] == nil { questionIDs.append(id) }
                answersByQuestion[id, default: []].append((index, answer))
            }
        }
        let questions = questionnaire.map(QuestionIndex.init)
        for questionID in questionIDs {
            let answers = answersByQuestion.removeValue(forKey: questionID) ?? []
            var votes: [String: Int] = [:]
            var notes: [String: String] = [:]
            var notApplicable: [(String, String)] = []
            var choices: [String]?
            var ticksByParticipant: [String: [String]] = [:]
            let choicesQuestion = questions?.question(id: questionID)?.question
            for (person, answer) in answers {
                let id = ids[person]
                if answer.notApplicable {
                    notApplicable.append((names[person], answer.note ?? "no reason given"))
                    continue
                }
                if let ticked = answer.choices, let question = choicesQuestion, question.effectiveKind == .choices {
                    ticksByParticipant[id] = ticked
                    if let level = AnswerState(question: question, answer: answer).level {
                        votes[id] = level
                    }
                } else if let level = answer.level {
                    votes[id] = level
                }
                if let note = answer.note, !note.isEmpty { notes[id] = note }
                if choices == nil, let ticked = answer.choices { choices = ticked }
            }
            if !ticksByParticipant.isEmpty, let median = Agreement.median(Array(votes.values)) {
                // The first person (in file order) whose level is the median and who ticked.
                let chosen = answers.first {
                    votes[ids[$0.person]] == median && ticksByParticipant[ids[$0.person]] != nil
                }
                choices = chosen.flatMap { ticksByParticipant[ids[$0.person]] } ?? choices
            }
            var answer = Answer()
            if votes.isEmpty && !notApplicable.isEmpty && choices == nil {
                answer.notApplicable = true
                answer.note = notApplicable.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            } else {
                answer.votes = votes.isEmpty ? nil : votes
                if ticksByParticipant.isEmpty {
                    answer.level = Agreement.median(Array(votes.values))
                    answer.choices = votes.isEmpty ? choices : nil
                } else {
                    answer.choices = choices
                }
                var parts = answers.compactMap { entry in
                    notes[ids[entry.person]].map { "\(names[entry.person]): \($0)" }
                }
                parts += notApplicable.map { "\($0.0) marked it not applicable: \($0.1)" }
                answer.note = parts.isEmpty ? nil : parts.joined(separator: "; ")
                answer.voteNotes = notes.isEmpty ? nil : notes
            }
            merged.discover.answers[questionID] = answer
        }
        var constraints: [String] = []
        var upskilling: [String] = []
        var seenConstraints: Set<String> = []
        var seenUpskilling: Set<String> = []
        for input in inputs {
            for item in input.assessment.discover.constraints where seenConstraints.insert(item).inserted {
                constraints.append(item)
            }
            for item in input.assessment.discover.upskilling where seenUpskilling.insert(item).inserted {
                upskilling.append(item)
            }
        }
        merged.discover.constraints = constraints
        merged.discover.upskilling = upskilling
        return merged
    }
}
