/// The three states of a question, kept apart and never conflated (DESIGN §2).
public enum AnswerState: Sendable, Equatable {
    /// A level was given (for a `choices` question, the level its rules yield).
    case answered(level: Int)
    /// The question does not apply; the reason is kept.
    case notApplicable(reason: String)
    /// Nothing recorded yet.
    case unanswered

    /// The state of `question` given the stored `answer` (nil when none).
    public init(question: Question, answer: Answer?) {
        guard let answer else {
            self = .unanswered
            return
        }
        if answer.notApplicable {
            self = .notApplicable(reason: answer.note ?? "")
            return
        }
        switch question.effectiveKind {
        case .levels:
            if let level = answer.level {
                self = .answered(level: level)
            } else {
                self = .unanswered
            }
        case .choices:
            if let selected = answer.choices {
                if let level = ChoiceScoring.level(of: question, selected: selected) {
                    self = .answered(level: level)
                } else {
                    self = .unanswered
                }
            } else if let level = answer.level {
                self = .answered(level: level)
            } else {
                self = .unanswered
            }
        }
    }

    /// The level, if answered.
    public var level: Int? {
        if case .answered(let level) = self { return level }
        return nil
    }
}

/// Turns the ticked choices of a `choices` question into a level with its rules.
public enum ChoiceScoring {
    /// The level of the first rule whose condition holds; nil when no rule matches or a rule
    /// does not parse (the validator reports those).
    public static func level(of question: Question, selected: [String]) -> Int? {
        let set = Set(selected)
        for rule in question.rules ?? [] {
            guard let expression = try? RuleExpression.parse(rule.when) else { return nil }
            if expression.evaluate(selected: set) { return rule.level }
        }
        return nil
    }
}
