/// A condition of a `choices` question's rule, such as `a && !b || (c && d)`: choice ids combined
/// with `!` (not), `&&` (and), `||` (or) and parentheses, binding in that order (DESIGN §5.1).
///
/// A run of one operator is one node: `a && b && c` is `.and([a, b, c])`, so that a long list of
/// alternatives makes a wide tree, not a deep one. Parentheses and `!` may nest at most
/// ``maximumNesting`` levels deep, which bounds the depth of every tree ``parse(_:)`` returns;
/// evaluating, comparing and releasing a parsed condition therefore never recurse deeper than
/// about three times that, whatever the text.
public enum RuleExpression: Sendable, Equatable {
    /// True when the choice is ticked.
    case choice(String)
    /// True when the operand is false.
    indirect case not(RuleExpression)
    /// True when every operand is true (two or more operands).
    case and([RuleExpression])
    /// True when any operand is true (two or more operands).
    case or([RuleExpression])
    /// Always true: the `default` rule.
    case always

    /// How deep parentheses and `!` may nest in a condition: `((a))` nests 2 levels, `!!a` 2,
    /// `!(a || !b)` 3. Real conditions nest two or three levels; deeper ones are refused with a
    /// ``SyntaxError`` at the first character past the limit.
    public static let maximumNesting = 64

    /// A syntax error in a condition, with the 1-based character position.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// 1-based position in the condition.
        public var position: Int
        /// `message (at character N)`.
        public var description: String { "\(message) (at character \(position))" }
    }

    /// Parses a condition; `default` (alone) is ``always``.
    ///
    /// The parser keeps its open parentheses on an explicit stack rather than the call stack, so
    /// a condition of any length is parsed in time and memory linear in its length.
    public static func parse(_ text: String) throws(SyntaxError) -> RuleExpression {
        var parser = RuleParser(text: text)
        return try parser.parseCondition()
    }

    /// Whether the condition holds when exactly `selected` choices are ticked.
    ///
    /// Recursive, but only as deep as the tree, which ``parse(_:)`` bounds.
    public func evaluate(selected: Set<String>) -> Bool {
        switch self {
        case .choice(let id): return selected.contains(id)
        case .not(let operand): return !operand.evaluate(selected: selected)
        case .and(let operands): return operands.allSatisfy { $0.evaluate(selected: selected) }
        case .or(let operands): return operands.contains { $0.evaluate(selected: selected) }
        case .always: return true
        }
    }

    /// Every choice id the condition mentions, in order of appearance.
    public var choiceIDs: [String] {
        var ids: [String] = []
        appendChoiceIDs(to: &ids)
        return ids
    }

    private func appendChoiceIDs(to ids: inout [String]) {
        switch self {
        case .choice(let id): ids.append(id)
        case .not(let operand): operand.appendChoiceIDs(to: &ids)
        case .and(let operands), .or(let operands):
            for operand in operands { operand.appendChoiceIDs(to: &ids) }
        case .always: break
        }
    }

    /// The number of nodes (choice ids, operators and `default`): what one evaluation costs.
    public var size: Int {
        switch self {
        case .choice, .always: return 1
        case .not(let operand): return 1 + operand.size
        case .and(let operands), .or(let operands): return operands.reduce(1) { $0 + $1.size }
        }
    }

    /// The most node visits that the checks trying every selection of a question's choices may
    /// spend on one document, shared by all its questions (well under a second in a debug
    /// build). Those checks only find rules that no selection reaches, which is a warning, never
    /// an error; once the budget is spent, further questions are not searched.
    public static let exhaustiveSearchBudget = 1 << 24

    /// The most node visits that trying every selection of `choiceCount` choices against
    /// `expressions` costs, or nil when that is beyond ``exhaustiveSearchBudget`` anyway.
    public static func exhaustiveSearchCost(choiceCount: Int, expressions: [RuleExpression]) -> Int? {
        guard choiceCount < 30 else { return nil }
        var nodes = 0
        for expression in expressions {
            nodes += expression.size
            if nodes > exhaustiveSearchBudget { return nil }
        }
        // nodes ≤ 2^24 and choiceCount < 30: the shift cannot overflow.
        let cost = nodes << choiceCount
        return cost <= exhaustiveSearchBudget ? cost : nil
    }
}

/// An iterative operator-precedence parser: one ``Group`` per open parenthesis (and one for the
/// whole condition) on an explicit stack.
private struct RuleParser {
    enum Token: Equatable {
        case identifier(String)
        case not, and, or, open, close, end
    }

    /// A parenthesised group being read, or the whole condition.
    struct Group {
        /// The 0-based position of the group's `(`; nil for the whole condition.
        var openedAt: Int?
        /// `!` read before the operand being read, applied to it once it is complete.
        var pendingNots = 0
        /// The complete `&&` runs of the group, joined by `||`.
        var alternatives: [RuleExpression] = []
        /// The operands of the `&&` run being read.
        var conjuncts: [RuleExpression] = []

        /// The group's expression, once its last operand is in `conjuncts`.
        mutating func finish() -> RuleExpression {
            closeRun()
            return alternatives.count == 1 ? alternatives[0] : .or(alternatives)
        }

        /// Ends the `&&` run at a `||`.
        mutating func closeRun() {
            alternatives.append(conjuncts.count == 1 ? conjuncts[0] : .and(conjuncts))
            conjuncts = []
        }
    }

    let scalars: [Unicode.Scalar]
    var index = 0
    var current: Token = .end
    var currentStart = 0

    init(text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func parseCondition() throws(RuleExpression.SyntaxError) -> RuleExpression {
        try advance()
        if current == .end {
            throw RuleExpression.SyntaxError(message: "the condition is empty", position: 1)
        }
        if current == .identifier("default") {
            try advance()
            if current == .end { return .always }
            throw RuleExpression.SyntaxError(
                message: "\"default\" must stand alone", position: currentStart + 1)
        }
        var groups = [Group(openedAt: nil)]
        // Open groups (beyond the whole condition) plus pending `!`s: the nesting depth.
        var nesting = 0
        while true {
            // An operand: any `!` and `(`, then a choice id.
            var operand: RuleExpression
            while true {
                if current == .not || current == .open {
                    nesting += 1
                    if nesting > RuleExpression.maximumNesting {
                        throw RuleExpression.SyntaxError(
                            message:
                                "parentheses and '!' are nested more than \(RuleExpression.maximumNesting) levels deep",
                            position: currentStart + 1)
                    }
                    if current == .not {
                        groups[groups.count - 1].pendingNots += 1
                    } else {
                        groups.append(Group(openedAt: currentStart))
                    }
                    try advance()
                    continue
                }
                guard case .identifier(let name) = current else {
                    throw RuleExpression.SyntaxError(
                        message: "expected a choice id, '!' or '(', found \(describe(current))",
                        position: currentStart + 1)
                }
                operand = .choice(name)
                try advance()
                break
            }
            // After an operand: its `!`s, then `)` closes a group (whose value is an operand of
            // the group around it), `&&` or `||` asks for the next operand, the end finishes.
            while true {
                let top = groups.count - 1
                for _ in 0..<groups[top].pendingNots { operand = .not(operand) }
                nesting -= groups[top].pendingNots
                groups[top].pendingNots = 0
                groups[top].conjuncts.append(operand)
                if current == .close, top > 0 {
                    operand = groups[top].finish()
                    groups.removeLast()
                    nesting -= 1
                    try advance()
                    continue
                }
                break
            }
            switch current {
            case .and:
                try advance()
            case .or:
                groups[groups.count - 1].closeRun()
                try advance()
            case .end where groups.count == 1:
                return groups[0].finish()
            default:
                if let openedAt = groups[groups.count - 1].openedAt {
                    throw RuleExpression.SyntaxError(
                        message: "the parenthesis opened at character \(openedAt + 1) is not closed",
                        position: currentStart + 1)
                }
                throw RuleExpression.SyntaxError(
                    message: "unexpected \(describe(current))", position: currentStart + 1)
            }
        }
    }

    func describe(_ token: Token) -> String {
        switch token {
        case .identifier(let name): return "\"\(name)\""
        case .not: return "'!'"
        case .and: return "'&&'"
        case .or: return "'||'"
        case .open: return "'('"
        case .close: return "')'"
        case .end: return "the end of the condition"
        }
    }

    static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
            || scalar == "." || scalar == ":" || scalar == "/"
    }

    mutating func advance() throws(RuleExpression.SyntaxError) {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        currentStart = index
        guard index < scalars.count else {
            current = .end
            return
        }
        let scalar = scalars[index]
        switch scalar {
        case "!":
            index += 1
            current = .not
        case "(":
            index += 1
            current = .open
        case ")":
            index += 1
            current = .close
        case "&", "|":
            guard index + 1 < scalars.count, scalars[index + 1] == scalar else {
                throw RuleExpression.SyntaxError(
                    message: "expected '\(scalar)\(scalar)', found a single '\(scalar)'", position: index + 1)
            }
            index += 2
            current = scalar == "&" ? .and : .or
        default:
            guard Self.isIdentifier(scalar) else {
                throw RuleExpression.SyntaxError(message: "unexpected character '\(scalar)'", position: index + 1)
            }
            var name = String.UnicodeScalarView()
            while index < scalars.count, Self.isIdentifier(scalars[index]) {
                name.append(scalars[index])
                index += 1
            }
            current = .identifier(String(name))
        }
    }
}
