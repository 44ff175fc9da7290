/// A condition of a `choices` question's rule, such as `a && !b || (c && d)`: choice ids combined
/// with `!` (not), `&&` (and), `||` (or) and parentheses, binding in that order (DESIGN §5.1).
public indirect enum RuleExpression: Sendable, Equatable {
    /// True when the choice is ticked.
    case choice(String)
    /// True when the operand is false.
    case not(RuleExpression)
    /// True when both are true.
    case and(RuleExpression, RuleExpression)
    /// True when either is true.
    case or(RuleExpression, RuleExpression)
    /// Always true: the `default` rule.
    case always

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
    public static func parse(_ text: String) throws(SyntaxError) -> RuleExpression {
        var parser = RuleParser(text: text)
        return try parser.parseCondition()
    }

    /// Whether the condition holds when exactly `selected` choices are ticked.
    public func evaluate(selected: Set<String>) -> Bool {
        switch self {
        case .choice(let id): return selected.contains(id)
        case .not(let operand): return !operand.evaluate(selected: selected)
        case .and(let left, let right): return left.evaluate(selected: selected) && right.evaluate(selected: selected)
        case .or(let left, let right): return left.evaluate(selected: selected) || right.evaluate(selected: selected)
        case .always: return true
        }
    }

    /// Every choice id the condition mentions, in order of appearance.
    public var choiceIDs: [String] {
        switch self {
        case .choice(let id): return [id]
        case .not(let operand): return operand.choiceIDs
        case .and(let left, let right), .or(let left, let right): return left.choiceIDs + right.choiceIDs
        case .always: return []
        }
    }
}

private struct RuleParser {
    enum Token: Equatable {
        case identifier(String)
        case not, and, or, open, close, end
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
        let expression = try parseOr()
        guard current == .end else {
            throw RuleExpression.SyntaxError(message: "unexpected \(describe(current))", position: currentStart + 1)
        }
        return expression
    }

    mutating func parseOr() throws(RuleExpression.SyntaxError) -> RuleExpression {
        var left = try parseAnd()
        while current == .or {
            try advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    mutating func parseAnd() throws(RuleExpression.SyntaxError) -> RuleExpression {
        var left = try parseNot()
        while current == .and {
            try advance()
            left = .and(left, try parseNot())
        }
        return left
    }

    mutating func parseNot() throws(RuleExpression.SyntaxError) -> RuleExpression {
        if current == .not {
            try advance()
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(RuleExpression.SyntaxError) -> RuleExpression {
        switch current {
        case .identifier(let name):
            try advance()
            return .choice(name)
        case .open:
            let openedAt = currentStart
            try advance()
            let inner = try parseOr()
            guard current == .close else {
                throw RuleExpression.SyntaxError(
                    message: "the parenthesis opened at character \(openedAt + 1) is not closed",
                    position: currentStart + 1)
            }
            try advance()
            return inner
        default:
            throw RuleExpression.SyntaxError(
                message: "expected a choice id, '!' or '(', found \(describe(current))", position: currentStart + 1)
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
