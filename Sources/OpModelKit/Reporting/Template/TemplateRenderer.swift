import Foundation

/// How a name resolves against a stack of values.
enum TemplateLookup {
    case found(JSONValue)
    case unknown(String)

    /// Resolves `name` against `stack` (innermost last): the first value from the top that is an
    /// object holding the name's first part, then member by member. A `null` on the way yields
    /// `null`; a missing member is unknown.
    static func resolve(_ name: TemplateName, in stack: [JSONValue]) -> TemplateLookup {
        let parts = name.parts
        guard let first = parts.first else { return .found(stack.last ?? .null) }
        guard let base = stack.reversed().lazy.compactMap({ $0[first] }).first else {
            return .unknown("unknown name '\(name.text)': no value in scope has '\(first)'")
        }
        var value = base
        for (offset, part) in parts.dropFirst().enumerated() {
            switch value {
            case .null:
                return .found(.null)
            case .object(let members):
                guard let next = members[part] else {
                    let prefix = parts.prefix(offset + 1).joined(separator: ".")
                    return .unknown("unknown name '\(name.text)': '\(prefix)' has no member '\(part)'")
                }
                value = next
            default:
                let prefix = parts.prefix(offset + 1).joined(separator: ".")
                return .unknown("unknown name '\(name.text)': '\(prefix)' is \(value.kindDescription), not an object")
            }
        }
        return .found(value)
    }

    /// Whether a section over `value` renders (for `{{#}}`) or is skipped.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .number, .object: return true
        }
    }
}

/// Renders template nodes against a context.
///
/// Recursion follows the nesting of sections, which the parser bounds
/// (``Template/maximumSectionNesting``); the stack of values in scope is one array grown and
/// shrunk in place, so memory stays linear in the depth. Sections repeating inside sections
/// multiply the work, so rendering stops with an error past ``Template/maximumRenderSteps``
/// nodes or ``Template/maximumOutputBytes`` of text.
struct TemplateRenderer {
    let templateName: String
    let escape: @Sendable (String) -> String
    /// The most nodes to render, ``Template/maximumRenderSteps`` but in tests.
    let stepLimit: Int
    /// The most bytes to produce, ``Template/maximumOutputBytes`` but in tests.
    let outputLimit: Int
    /// Nodes rendered so far.
    private(set) var steps = 0

    init(templateName: String, escape: @escaping @Sendable (String) -> String, stepLimit: Int, outputLimit: Int) {
        self.templateName = templateName
        self.escape = escape
        self.stepLimit = stepLimit
        self.outputLimit = outputLimit
    }

    /// Renders `nodes` with `stack` in scope (innermost last); `enclosing` is the innermost
    /// section being rendered, where a limit error is reported.
    mutating func render(
        _ nodes: [TemplateNode], stack: inout [JSONValue], enclosing: TemplateName?, into output: inout String
    ) throws(TemplateError) {
        for node in nodes {
            steps += 1
            if steps > stepLimit {
                throw limitError(
                    enclosing,
                    "rendering takes more than \(stepLimit) steps: sections repeat inside sections too often; "
                        + "nest fewer lists")
            }
            switch node {
            case .text(let text):
                output += text
            case .variable(let name, let raw):
                let value = try lookup(name, stack)
                output += try text(of: value, name: name, raw: raw)
            case .section(let name, let inverted, let children):
                let value = try lookup(name, stack)
                let truthy = TemplateLookup.isTruthy(value)
                if inverted {
                    if !truthy { try render(children, stack: &stack, enclosing: name, into: &output) }
                } else if truthy {
                    if case .array(let elements) = value {
                        for element in elements {
                            stack.append(element)
                            defer { stack.removeLast() }
                            try render(children, stack: &stack, enclosing: name, into: &output)
                        }
                    } else if case .bool = value {
                        try render(children, stack: &stack, enclosing: name, into: &output)
                    } else {
                        stack.append(value)
                        defer { stack.removeLast() }
                        try render(children, stack: &stack, enclosing: name, into: &output)
                    }
                }
            }
            if output.utf8.count > outputLimit {
                let name: TemplateName? =
                    switch node {
                    case .variable(let name, _), .section(let name, _, _): name
                    case .text: enclosing
                    }
                throw limitError(
                    name,
                    "the rendered report would be larger than \(DataError.megabytes(outputLimit)), the most "
                        + "opmodel writes")
            }
        }
    }

    private func limitError(_ name: TemplateName?, _ message: String) -> TemplateError {
        TemplateError(templateName: templateName, line: name?.line ?? 1, column: name?.column ?? 1, message: message)
    }

    private func lookup(_ name: TemplateName, _ stack: [JSONValue]) throws(TemplateError) -> JSONValue {
        switch TemplateLookup.resolve(name, in: stack) {
        case .found(let value): return value
        case .unknown(let message):
            throw TemplateError(templateName: templateName, line: name.line, column: name.column, message: message)
        }
    }

    private func text(of value: JSONValue, name: TemplateName, raw: Bool) throws(TemplateError) -> String {
        let plain: String
        switch value {
        case .null: return ""
        case .bool(let flag): plain = flag ? "true" : "false"
        case .number(let number): plain = JSONWriter.format(number: number)
        case .string(let text): plain = text
        case .array, .object:
            throw TemplateError(
                templateName: templateName, line: name.line, column: name.column,
                message:
                    "'\(name.text)' is \(value.kindDescription): use it as a section '{{#\(name.text)}}…{{/\(name.text)}}'"
            )
        }
        return raw ? plain : escape(plain)
    }
}

/// Checks a template's names against the shape of a context without rendering it.
///
/// Each node is checked once, however long the lists; recursion follows the nesting of
/// sections, which the parser bounds, and the stack of values in scope is grown and shrunk in
/// place.
struct TemplateShapeChecker {
    let templateName: String

    func check(_ nodes: [TemplateNode], stack: inout [JSONValue], errors: inout [TemplateError]) {
        for node in nodes {
            switch node {
            case .text:
                break
            case .variable(let name, _):
                if case .unknown(let message) = TemplateLookup.resolve(name, in: stack) {
                    errors.append(error(name, message))
                }
            case .section(let name, let inverted, let children):
                switch TemplateLookup.resolve(name, in: stack) {
                case .unknown(let message):
                    errors.append(error(name, message))
                case .found(let value):
                    if inverted {
                        check(children, stack: &stack, errors: &errors)
                        continue
                    }
                    switch value {
                    case .null:
                        continue
                    case .array(let elements):
                        guard let first = elements.first else { continue }
                        stack.append(elements.dropFirst().reduce(first) { JSONShape.merge($0, $1) })
                        check(children, stack: &stack, errors: &errors)
                        stack.removeLast()
                    case .bool:
                        check(children, stack: &stack, errors: &errors)
                    default:
                        stack.append(value)
                        check(children, stack: &stack, errors: &errors)
                        stack.removeLast()
                    }
                }
            }
        }
    }

    private func error(_ name: TemplateName, _ message: String) -> TemplateError {
        TemplateError(templateName: templateName, line: name.line, column: name.column, message: message)
    }
}
