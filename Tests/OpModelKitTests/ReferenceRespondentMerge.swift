@testable import OpModelKit

/// Respondent merging as it was before it was made linear: every person looked at for every
/// question, question ids and constraints deduplicated by scanning lists. Kept as an oracle:
/// ``RespondentMerge/merge(_:id:createdAt:questionnaire:)`` must give exactly its assessment.
enum ReferenceRespondentMerge {
    /// The merged workshop assessment, the quadratic way.
    static func merge(
        _ inputs: [RespondentMerge.Input], id: String, createdAt: String, questionnaire: Questionnaire? = nil
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
            let name = RespondentMerge.person(of: other).name
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
        var people: [(participant: Participant, answers: [String: Answer])] = []
        for (index, input) in inputs.enumerated() {
            var participant = RespondentMerge.person(of: input.assessment)
            participant.id = "p\(index + 1)"
            participant.unknownMembers = [:]
            merged.participants.append(participant)
            people.append((participant, input.assessment.discover.answers))
        }
        var questionIDs: [String] = []
        for (_, answers) in people {
            for id in answers.keys.sorted() where !questionIDs.contains(id) { questionIDs.append(id) }
        }
        for questionID in questionIDs {
            var votes: [String: Int] = [:]
            var notes: [String: String] = [:]
            var notApplicable: [(String, String)] = []
            var choices: [String]?
            var ticksByParticipant: [String: [String]] = [:]
            let choicesQuestion = questionnaire?.question(id: questionID)?.question
            for (participant, answers) in people {
                guard let answer = answers[questionID] else { continue }
                if answer.notApplicable {
                    notApplicable.append((participant.name, answer.note ?? "no reason given"))
                    continue
                }
                if let ticked = answer.choices, let question = choicesQuestion, question.effectiveKind == .choices {
                    ticksByParticipant[participant.id] = ticked
                    if let level = AnswerState(question: question, answer: answer).level {
                        votes[participant.id] = level
                    }
                } else if let level = answer.level {
                    votes[participant.id] = level
                }
                if let note = answer.note, !note.isEmpty { notes[participant.id] = note }
                if choices == nil, let ticked = answer.choices { choices = ticked }
            }
            if !ticksByParticipant.isEmpty, let median = Agreement.median(Array(votes.values)) {
                let chosen = merged.participants.first { votes[$0.id] == median && ticksByParticipant[$0.id] != nil }
                choices = chosen.flatMap { ticksByParticipant[$0.id] } ?? choices
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
                var parts = merged.participants.compactMap { participant in
                    notes[participant.id].map { "\(participant.name): \($0)" }
                }
                parts += notApplicable.map { "\($0.0) marked it not applicable: \($0.1)" }
                answer.note = parts.isEmpty ? nil : parts.joined(separator: "; ")
                answer.voteNotes = notes.isEmpty ? nil : notes
            }
            merged.discover.answers[questionID] = answer
        }
        var constraints: [String] = []
        var upskilling: [String] = []
        for input in inputs {
            for item in input.assessment.discover.constraints where !constraints.contains(item) {
                constraints.append(item)
            }
            for item in input.assessment.discover.upskilling where !upskilling.contains(item) {
                upskilling.append(item)
            }
        }
        merged.discover.constraints = constraints
        merged.discover.upskilling = upskilling
        return merged
    }
}
