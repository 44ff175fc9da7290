/// A vote as people read it: who (by the participant list of the file it is stored in) and the level.
public struct NamedVote: Sendable, Equatable {
    /// The participant's id in the file.
    public var id: String
    /// The participant's name, or the id when the file lists no such participant.
    public var name: String
    /// The level voted.
    public var level: Int
}

extension Assessment {
    /// The votes of `answer` with their voters' names, in the order of this file's participant
    /// list (votes by ids the list does not have come last, under their ids).
    ///
    /// Votes are always resolved against the participants of the file that stores them (DESIGN
    /// §10.1): last quarter's votes with last quarter's list, never with this quarter's.
    public func namedVotes(of answer: Answer) -> [NamedVote] {
        guard let votes = answer.votes, !votes.isEmpty else { return [] }
        var result: [NamedVote] = []
        var named: Set<String> = []
        for participant in participants {
            guard let level = votes[participant.id], named.insert(participant.id).inserted else { continue }
            result.append(NamedVote(id: participant.id, name: participant.name, level: level))
        }
        for (id, level) in votes.sorted(by: { $0.key < $1.key }) where !named.contains(id) {
            result.append(NamedVote(id: id, name: id, level: level))
        }
        return result
    }
}

extension Participant {
    /// The id for a new participant called `name`: a readable slug of the name (`ana-silva`),
    /// unless a participant in `history` (this file's list and the team's earlier ones) holds it
    /// under another name; then the slug with a short suffix from the name. An id the team's
    /// history used for someone else is never given to a new person, so that a vote always keeps
    /// its voter. Files with ids such as `p1` keep them.
    public static func newID(for name: String, history: [Participant]) -> String {
        let key = Workspace.nameKey(name)
        var owners: [String: String] = [:]
        for participant in history where owners[participant.id] == nil {
            owners[participant.id] = Workspace.nameKey(participant.name)
        }
        let base = Workspace.slug(for: name)
        var candidate = base
        var salt = key
        for _ in 0..<64 {
            if owners[candidate] == nil || owners[candidate] == key { return candidate }
            candidate = base + "-" + String(Workspace.stableHash(salt).prefix(6))
            salt += "+"
        }
        return candidate
    }
}
