import OpModelKit

/// The answer grammar at a Discover question (DESIGN §6): `<level> [note…]`, `n <reason>`,
/// Enter to keep, `?`, `b`, `s`, `q`; with several participants in vote mode, a line of levels
/// (`3 4 2 3`) records each participant's vote.
enum DiscoverCommand: Equatable {
    /// A level with an optional note (nil keeps the existing note).
    case level(Int, note: String?)
    /// Not applicable, with its reason (nil when the reason is still to be asked).
    case notApplicable(reason: String?)
    /// One vote per participant, in participant order, with an optional note.
    case votes([Int], note: String?)
    /// Keep the shown answer.
    case keep
    /// Leave the question unanswered and move on.
    case skip
    /// Show the level descriptors, the help and the grammar.
    case help
    /// `??`: the facilitator's notes (what to listen for, the tie-breaker).
    case facilitatorNotes
    /// Go to the previous question.
    case back
    /// Save and stop.
    case stop(StopReason)
    /// Not understood; the message says what is expected.
    case invalid(String)
}

enum AnswerGrammar {
    /// Parses a reply at a Discover question whose scale runs over `levels`; `voters` is the number
    /// of participants when vote mode is on (0 otherwise).
    static func parse(_ reply: Reply, levels: ClosedRange<Int>, voters: Int = 0) -> DiscoverCommand {
        switch reply {
        case .empty: return .keep
        case .help: return .help
        case .back: return .back
        case .stop(let reason): return .stop(reason)
        case .text(let text): return parse(text, levels: levels, voters: voters)
        }
    }

    static func parse(_ text: String, levels: ClosedRange<Int>, voters: Int) -> DiscoverCommand {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return .keep }
        let lower = first.lowercased()
        if lower == "??" && words.count == 1 { return .facilitatorNotes }
        if lower == "s" || lower == "skip" {
            return words.count == 1 ? .skip : .invalid("'s' skips the question and takes nothing after it.")
        }
        if lower == "n" || lower == "n/a" || lower == "na" {
            let reason = words.dropFirst().joined(separator: " ")
            return .notApplicable(reason: reason.isEmpty ? nil : reason)
        }
        let expected =
            "Type a level from \(levels.lowerBound) to \(levels.upperBound) (optionally followed by a note), "
            + "n <reason> if it does not apply, Enter to keep, s to skip, b to go back, ? for help, q to save and quit."
        guard let level = Int(first) else {
            if Double(first.replacingOccurrences(of: ",", with: ".")) != nil {
                return .invalid("Levels are whole numbers. " + expected)
            }
            return .invalid(expected)
        }
        guard levels.contains(level) else {
            return .invalid("\(level) is not on the scale. " + expected)
        }
        // Vote mode: a run of levels, one per participant.
        if voters >= 2 {
            var votes: [Int] = []
            var index = 0
            while index < words.count, let vote = Int(words[index]) {
                guard levels.contains(vote) else {
                    return .invalid("\(vote) is not on the scale (\(levels.lowerBound)–\(levels.upperBound)).")
                }
                votes.append(vote)
                index += 1
            }
            let note = words[index...].joined(separator: " ")
            if votes.count > 1 {
                guard votes.count == voters else {
                    return .invalid(
                        "Give one level per participant (\(voters) in all, in the order listed), or a single level for the room's answer."
                    )
                }
                return .votes(votes, note: note.isEmpty ? nil : note)
            }
        }
        let note = words.dropFirst().joined(separator: " ")
        return .level(level, note: note.isEmpty ? nil : note)
    }
}
