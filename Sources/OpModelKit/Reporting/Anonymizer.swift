/// Replaces people's names in a report context (`opmodel report --anonymize`).
///
/// Participants become "Participant A", "Participant B", … in the order they were named in
/// Envision, and the facilitator (when not a participant) "the facilitator". Full names are
/// replaced wherever they appear in text (votes, notes, owners, lists), and so is a first name
/// that belongs to one participant only, so that an owner typed as "Ana" is caught too.
public enum Anonymizer {
    /// The replacement of each name, longest names first so that "Ana Silva" wins over "Ana".
    public static func replacements(for assessment: Assessment) -> [(name: String, alias: String)] {
        var pairs: [(String, String)] = []
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (index, participant) in assessment.participants.enumerated() {
            let letter =
                index < letters.count
                ? String(letters[index]) : "\(letters[index / letters.count - 1])\(letters[index % letters.count])"
            pairs.append((participant.name, "Participant \(letter)"))
        }
        let firstNames = assessment.participants.compactMap { $0.name.split(separator: " ").first.map(String.init) }
        for (index, participant) in assessment.participants.enumerated() {
            guard let first = participant.name.split(separator: " ").first.map(String.init), first.count >= 3,
                first != participant.name, firstNames.filter({ $0 == first }).count == 1
            else { continue }
            pairs.append((first, pairs[index].1))
        }
        if let facilitator = assessment.facilitator, !facilitator.isEmpty,
            !assessment.participants.contains(where: { $0.name == facilitator })
        {
            pairs.append((facilitator, "the facilitator"))
        }
        return pairs.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
    }

    /// `context` with every name of `assessment` replaced in every string.
    public static func anonymize(_ context: JSONValue, assessment: Assessment) -> JSONValue {
        let pairs = replacements(for: assessment)
        guard !pairs.isEmpty else { return context }
        return map(context) { text in
            var result = text
            for (name, alias) in pairs {
                result = replaceWord(name, with: alias, in: result)
            }
            return result
        }
    }

    /// Replaces `name` where it stands as a word (not inside a longer word).
    static func replaceWord(_ name: String, with alias: String, in text: String) -> String {
        guard text.contains(name) else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: name) {
            let before = rest[..<range.lowerBound]
            let previous = before.last ?? (output.last ?? " ")
            let next = rest[range.upperBound...].first ?? " "
            output += before
            if previous.isLetter || previous.isNumber || next.isLetter || next.isNumber {
                output += rest[range]
            } else {
                output += alias
            }
            rest = rest[range.upperBound...]
        }
        return output + rest
    }

    static func map(_ value: JSONValue, _ transform: (String) -> String) -> JSONValue {
        switch value {
        case .string(let text): return .string(transform(text))
        case .array(let elements): return .array(elements.map { map($0, transform) })
        case .object(let members): return .object(members.mapValues { map($0, transform) })
        default: return value
        }
    }
}
