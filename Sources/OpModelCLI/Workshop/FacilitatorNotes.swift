import OpModelKit

/// The facilitator's view of a question, drawn from the questionnaire's help: what to listen
/// for (what to ask and open), the tie-breaker (the sentences that settle a level), and the
/// scope (which neighbouring question owns what). `??` at a question shows it; with
/// `assess --facilitator-notes` each question's notes go to standard error as the room reaches
/// it, for a second window that the projector does not show.
struct FacilitatorNotes: Equatable {
    /// What to ask, open and listen for.
    var listenFor: [String] = []
    /// The sentences that settle between two levels, or say when not applicable is honest.
    var tieBreakers: [String] = []
    /// What another question owns, and why this one weighs what it does.
    var scope: [String] = []

    /// The notes of `question`: each sentence of its help in one of the three groups.
    init(_ question: Question) {
        for sentence in Self.sentences(question.help ?? "") {
            if Self.settlesALevel(sentence) {
                tieBreakers.append(sentence)
            } else if Self.namesScope(sentence, besides: question.id) {
                scope.append(sentence)
            } else {
                listenFor.append(sentence)
            }
        }
    }

    /// Whether nothing was found.
    var isEmpty: Bool { listenFor.isEmpty && tieBreakers.isEmpty && scope.isEmpty }

    /// A sentence that names a level ("counts as level 2", "level 3 or below") or when not
    /// applicable is honest.
    static func settlesALevel(_ sentence: String) -> Bool {
        let lower = sentence.lowercased()
        if lower.contains("not applicable") { return true }
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for (index, word) in words.enumerated() where word == "level" || word == "levels" {
            if index + 1 < words.count, Int(words[index + 1]) != nil { return true }
        }
        return false
    }

    /// A sentence about another question (`SM-05`) or about this question itself ("This
    /// question owns …", "… has weight 2 because …").
    static func namesScope(_ sentence: String, besides id: String) -> Bool {
        if sentence.hasPrefix("This question") || sentence.contains(" weight ") || sentence.contains(" weighs ") {
            return true
        }
        let words = sentence.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "(" || $0 == ")" })
        return words.contains { word in
            let trimmed = String(word).trimming(".:")
            return trimmed != id && Self.looksLikeQuestionID(trimmed)
        }
    }

    /// `SM-05`, `CO-11`, `GR-09`: capitals, a dash, digits.
    static func looksLikeQuestionID(_ word: String) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let letters = parts.first, let digits = parts.last else { return false }
        return (1...4).contains(letters.count) && letters.allSatisfy { $0.isASCII && $0.isUppercase }
            && !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The sentences of `text`: broken after `.`, `?` or `!` followed by a space and a capital
    /// letter (so "e.g. the" and "2.5 days" stay whole).
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            if ".?!".contains(character), index + 2 < characters.count, characters[index + 1] == " ",
                characters[index + 2].isUppercase
            {
                result.append(current.trimmingSpaces)
                current = ""
                index += 1
            }
            index += 1
        }
        if !current.trimmingSpaces.isEmpty { result.append(current.trimmingSpaces) }
        return result
    }
}

extension String {
    /// The text without the given characters at either end.
    fileprivate func trimming(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

extension Workshop {
    /// The `??` page of a question: its notes, one group under each heading.
    func facilitatorPage(_ question: Question) -> [String] {
        let notes = FacilitatorNotes(question)
        guard !notes.isEmpty else {
            return prompter.wrapped("The questionnaire gives no help for \(question.id) to draw notes from.", indent: 2)
        }
        var lines = ["", "  " + style.bold("For the facilitator: \(question.id)")]
        for (heading, sentences) in [
            ("Listen for", notes.listenFor), ("Tie-breaker", notes.tieBreakers), ("Scope", notes.scope),
        ] where !sentences.isEmpty {
            lines += prompter.wrapped(style.bold(heading + ": ") + sentences.joined(separator: " "), indent: 4)
        }
        return lines
    }

    /// With `--facilitator-notes`, writes the notes of the question the room has reached to
    /// standard error: plain text, wrapped, for a second window.
    func writeFacilitatorNotes(_ question: Question, place: (domain: Domain, domainNumber: Int, questionNumber: Int)) {
        guard facilitatorNotes else { return }
        let notes = FacilitatorNotes(question)
        var text =
            "── \(question.id) · \(place.domain.name), question \(place.questionNumber) of "
            + "\(place.domain.questions.count) ──\n"
        text += TextWrapping.wrap(question.text, width: 78) + "\n"
        for (heading, sentences) in [
            ("Listen for", notes.listenFor), ("Tie-breaker", notes.tieBreakers), ("Scope", notes.scope),
        ] where !sentences.isEmpty {
            text +=
                TextWrapping.wrap("\(heading): " + sentences.joined(separator: " "), width: 78, hangingIndent: 2) + "\n"
        }
        if notes.isEmpty { text += "(no help in the questionnaire for this question)\n" }
        prompter.terminal.writeError(text + "\n")
    }
}
