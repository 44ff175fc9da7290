/// What users of the AWS Well-Architected Tool look at first (DESIGN §10.2), for any
/// questionnaire whose scale names risks or that has `choices` questions: per domain the count
/// of questions at each level, unanswered and not applicable, and the worst level; the
/// questions at high and medium risk with what was selected and the practices not followed; and
/// the improvement plan, shown even when the room set no targets.
///
/// "High" is the scale level named "High risk" (or, on a scale that names no risks, its lowest
/// level), "medium" the level named "Medium risk" (else the next one up). The improvement plan
/// lists, for every answered `choices` question below the top of the scale, each choice not
/// selected (the "none of these" choice aside), highest risk first, then in questionnaire order.
public struct RiskView: Sendable, Equatable {
    /// One domain's counts.
    public struct DomainRisks: Sendable, Equatable {
        /// The domain's id.
        public var id: String
        /// The domain's name.
        public var name: String
        /// Questions per scale level, lowest level first: every level, zeros included.
        public var counts: [(level: Int, name: String, count: Int)]
        /// Applicable questions without an answer.
        public var unanswered: Int
        /// Questions marked not applicable.
        public var notApplicable: Int
        /// The name of the lowest level answered in the domain; nil when none is.
        public var worst: String?

        /// Equal when every field and count is equal.
        public static func == (lhs: DomainRisks, rhs: DomainRisks) -> Bool {
            lhs.id == rhs.id && lhs.name == rhs.name && lhs.unanswered == rhs.unanswered
                && lhs.notApplicable == rhs.notApplicable && lhs.worst == rhs.worst
                && lhs.counts.map(\.level) == rhs.counts.map(\.level)
                && lhs.counts.map(\.name) == rhs.counts.map(\.name)
                && lhs.counts.map(\.count) == rhs.counts.map(\.count)
        }
    }

    /// A question at high or medium risk.
    public struct RiskItem: Sendable, Equatable {
        /// The question's id.
        public var questionID: String
        /// The question's text.
        public var questionText: String
        /// The domain's id.
        public var domainID: String
        /// The domain's name.
        public var domainName: String
        /// The scale level's name ("High risk").
        public var levelName: String
        /// The titles of the selected choices (empty for a `levels` question or nothing selected).
        public var selected: [String]
        /// The titles of the choices not selected: the best practices not followed.
        public var notFollowed: [String]
    }

    /// A link found in an improvement or help text.
    public struct Link: Sendable, Equatable {
        /// The link's title.
        public var title: String
        /// The address.
        public var url: String
    }

    /// One best practice not followed, with what to do.
    public struct Improvement: Sendable, Equatable {
        /// The question's id.
        public var questionID: String
        /// The question's text.
        public var questionText: String
        /// The domain's name.
        public var domainName: String
        /// The choice's id.
        public var choiceID: String
        /// The choice's title (the best practice).
        public var title: String
        /// The question's risk level name.
        public var risk: String
        /// The choice's improvement text (from the lens's `improvementPlan` and resources).
        public var improvement: String?
        /// The links in the choice's improvement and help texts (the lens's `improvementPlan`,
        /// `helpfulResource` and additional resources), in order.
        public var links: [Link]
    }

    /// One entry per domain, in questionnaire order.
    public var domains: [DomainRisks]
    /// The questions at high risk, in questionnaire order.
    public var high: [RiskItem]
    /// The questions at medium risk, in questionnaire order.
    public var medium: [RiskItem]
    /// Every best practice not followed in a question at risk.
    public var improvementPlan: [Improvement]

    /// Whether `questionnaire` gets the risk view: its scale names risks, or it has a
    /// `choices` question.
    public static func applies(to questionnaire: Questionnaire) -> Bool {
        questionnaire.scale.contains { $0.name.lowercased().contains("risk") }
            || questionnaire.allQuestions.contains { $0.effectiveKind == .choices }
    }

    /// The risk view of `assessment`, or nil when the questionnaire does not get one.
    public static func make(_ assessment: Assessment, questionnaire: Questionnaire) -> RiskView? {
        guard applies(to: questionnaire) else { return nil }
        let scale = questionnaire.scale.sorted { $0.level < $1.level }
        let named = { (word: String) in scale.first { $0.name.lowercased().hasPrefix(word) }?.level }
        let highLevel = named("high") ?? scale.first?.level
        let mediumLevel = named("medium") ?? (scale.count > 2 ? scale[1].level : nil)
        let top = scale.last?.level
        var view = RiskView(domains: [], high: [], medium: [], improvementPlan: [])
        var plan: [(rank: Int, order: Int, item: Improvement)] = []
        for domain in questionnaire.domains {
            var counts: [Int: Int] = [:]
            var entry = DomainRisks(id: domain.id, name: domain.name, counts: [], unanswered: 0, notApplicable: 0)
            var worst: Int?
            for question in domain.questions {
                let answer = assessment.discover.answers[question.id]
                switch AnswerState(question: question, answer: answer) {
                case .unanswered: entry.unanswered += 1
                case .notApplicable: entry.notApplicable += 1
                case .answered(let level):
                    counts[level, default: 0] += 1
                    worst = min(worst ?? level, level)
                    let choices = question.effectiveKind == .choices ? (question.choices ?? []) : []
                    let selectedIDs = Set(answer?.choices ?? [])
                    let practices = choices.filter { $0.id != question.noneChoice }
                    let levelName = questionnaire.scaleLevel(level)?.name ?? String(level)
                    let item = RiskItem(
                        questionID: question.id, questionText: question.text, domainID: domain.id,
                        domainName: domain.name, levelName: levelName,
                        selected: choices.filter { selectedIDs.contains($0.id) }.map(\.title),
                        notFollowed: practices.filter { !selectedIDs.contains($0.id) }.map(\.title))
                    if level == highLevel { view.high.append(item) }
                    if level == mediumLevel { view.medium.append(item) }
                    guard let top, level < top else { continue }
                    for choice in practices where !selectedIDs.contains(choice.id) {
                        plan.append(
                            (
                                level, plan.count,
                                Improvement(
                                    questionID: question.id, questionText: question.text, domainName: domain.name,
                                    choiceID: choice.id, title: choice.title, risk: levelName,
                                    improvement: choice.improvement,
                                    links: Self.links(in: (choice.improvement ?? "") + "\n" + (choice.help ?? "")))
                            ))
                    }
                }
            }
            entry.counts = scale.map { (level: $0.level, name: $0.name, count: counts[$0.level] ?? 0) }
            entry.worst = worst.flatMap { questionnaire.scaleLevel($0)?.name }
            view.domains.append(entry)
        }
        view.improvementPlan = plan.sorted { $0.rank != $1.rank ? $0.rank < $1.rank : $0.order < $1.order }.map(\.item)
        return view
    }

    /// The links written as `title (https://…)` in `text` (the form the lens importer writes),
    /// and bare `https://…` addresses, in order and without repeats.
    public static func links(in text: String) -> [Link] {
        var links: [Link] = []
        var seen: Set<String> = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard Self.startsURL(characters, at: index) else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, !characters[end].isWhitespace, characters[end] != ")" { end += 1 }
            var url = String(characters[index..<end])
            while let last = url.last, ".,;".contains(last) { url.removeLast() }
            // `title (url)`: the title runs back from the parenthesis to the line's start or the
            // previous sentence.
            // A long text before the address is a description, not a title: then the host.
            let host = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
            var title = host ?? url
            if index > 0 && characters[index - 1] == "(" {
                var start = index - 1
                while start > 0, !"\n:".contains(characters[start - 1]) { start -= 1 }
                let before = String(characters[start..<(index - 1)]).trimmingSpaces
                let sentence = before.split(separator: ".", omittingEmptySubsequences: true).last.map(String.init)
                if let sentence, !sentence.trimmingSpaces.isEmpty, sentence.trimmingSpaces.count <= 60 {
                    title = sentence.trimmingSpaces
                }
            }
            // Only addresses made of URL characters, so that a link can be written as it is.
            if MarkdownEscaping.linkDestination(url) != nil && seen.insert(url).inserted {
                links.append(Link(title: title, url: url))
            }
            index = end
        }
        return links
    }

    private static func startsURL(_ characters: [Character], at index: Int) -> Bool {
        for prefix in ["https://", "http://"] {
            let count = prefix.count
            guard index + count <= characters.count else { continue }
            if String(characters[index..<(index + count)]).lowercased() == prefix { return true }
        }
        return false
    }
}
