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
        for (index, participant) in assessment.participants.enumerated() {
            // A … Z, AA … ZZ, AAA …: spreadsheet column letters, for any number of people.
            pairs.append((participant.name, "Participant \(SurveyResponses.columnLetters(index))"))
        }
        var firstNames: [String: Int] = [:]
        for participant in assessment.participants {
            if let first = participant.name.split(separator: " ").first.map(String.init) {
                firstNames[first, default: 0] += 1
            }
        }
        for (index, participant) in assessment.participants.enumerated() {
            guard let first = participant.name.split(separator: " ").first.map(String.init), first.count >= 3,
                first != participant.name, firstNames[first] == 1
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
    ///
    /// Each string gets the replacements in order, longest name first, but only those whose
    /// name can occur in it (see ``Candidates``), so that a report of many participants costs
    /// its size, not its size times the number of names.
    public static func anonymize(_ context: JSONValue, assessment: Assessment) -> JSONValue {
        let pairs = replacements(for: assessment)
        guard !pairs.isEmpty else { return context }
        let candidates = Candidates(names: pairs.map(\.name), aliases: pairs.map(\.alias))
        return map(context) { text in
            var result = text
            for index in candidates.indices(for: text) {
                result = replaceWord(pairs[index].name, with: pairs[index].alias, in: result)
            }
            return result
        }
    }

    /// Which names can occur, as words, in a text.
    ///
    /// A name that starts with a letter or digit matches only where the text has a word (a
    /// maximal run of letters and digits) equal to the name's first word. Replacing a name puts
    /// an alias between characters that are not letters or digits, so a string only ever holds
    /// its own words and the aliases' words: a name whose first word is neither cannot match,
    /// before or after any replacement.
    struct Candidates {
        /// Names by their first word, as indices into the replacement list.
        private var byFirstWord: [String: [Int]] = [:]
        /// Names that may match anywhere: those starting with another character, and those whose
        /// first word is a word of an alias.
        private var always: [Int] = []

        init(names: [String], aliases: [String]) {
            var aliasWords: Set<String> = []
            for alias in aliases { aliasWords.formUnion(Anonymizer.words(in: alias)) }
            for (index, name) in names.enumerated() {
                if let first = Anonymizer.words(in: name, leadingOnly: true).first, !aliasWords.contains(first) {
                    byFirstWord[first, default: []].append(index)
                } else {
                    always.append(index)
                }
            }
        }

        /// The indices of the names that can occur in `text`, in order.
        func indices(for text: String) -> [Int] {
            var found = always
            for word in Set(Anonymizer.words(in: text)) { found += byFirstWord[word] ?? [] }
            return found.count > 1 ? found.sorted() : found
        }
    }

    /// The maximal runs of letters and digits in `text`; with `leadingOnly`, only a run that
    /// starts the text (none when the text starts with another character).
    static func words(in text: String, leadingOnly: Bool = false) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if leadingOnly { return current.isEmpty ? [] : [current] }
                if !current.isEmpty { words.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
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
