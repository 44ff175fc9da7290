/// A parsed template: text, variables and (inverted) sections nested as in the source.
indirect enum TemplateNode: Equatable, Sendable {
    case text(String)
    case variable(TemplateName, raw: Bool)
    case section(TemplateName, inverted: Bool, children: [TemplateNode])
}

/// A name used in a tag, with where it was written.
struct TemplateName: Equatable, Sendable {
    /// The name as written, such as `assessment.team` or `.`.
    var text: String
    var line: Int
    var column: Int

    /// The dot-separated parts; empty for `.` (the current value).
    var parts: [String] {
        text == "." ? [] : text.split(separator: ".").map(String.init)
    }
}

/// Builds the node tree from tokens, reporting unclosed and mismatched sections and sections
/// nested deeper than ``Template/maximumSectionNesting``. The open sections are kept on an
/// explicit stack, so the parser itself never recurses.
enum TemplateParser {
    static func parse(_ tokens: [TemplateToken], name: String) -> (nodes: [TemplateNode], errors: [TemplateError]) {
        struct Frame {
            var name: TemplateName
            var inverted: Bool
            var children: [TemplateNode] = []
        }
        var root: [TemplateNode] = []
        var stack: [Frame] = []
        var errors: [TemplateError] = []

        func append(_ node: TemplateNode) {
            if stack.isEmpty {
                root.append(node)
            } else {
                stack[stack.count - 1].children.append(node)
            }
        }

        for token in tokens {
            switch token.kind {
            case .text(let text):
                append(.text(text))
            case .variable(let text, let raw):
                append(.variable(TemplateName(text: text, line: token.line, column: token.column), raw: raw))
            case .sectionOpen(let text), .invertedOpen(let text):
                if stack.count == Template.maximumSectionNesting {
                    // Stop here: the closing tags of the refused sections would each be an error.
                    errors.append(
                        TemplateError(
                            templateName: name, line: token.line, column: token.column,
                            message:
                                "'{{\(token.kind.sigil)\(text)}}' opens a section nested more than "
                                + "\(Template.maximumSectionNesting) levels deep, the most a template may have"))
                    return (root, errors)
                }
                let inverted = if case .invertedOpen = token.kind { true } else { false }
                stack.append(
                    Frame(name: TemplateName(text: text, line: token.line, column: token.column), inverted: inverted))
            case .sectionClose(let text):
                guard let open = stack.last else {
                    errors.append(
                        TemplateError(
                            templateName: name, line: token.line, column: token.column,
                            message: "'{{/\(text)}}' closes a section that was never opened"))
                    continue
                }
                if open.name.text != text {
                    errors.append(
                        TemplateError(
                            templateName: name, line: token.line, column: token.column,
                            message:
                                "'{{/\(text)}}' does not match the open section '\(open.name.text)' "
                                + "(opened at \(open.name.line):\(open.name.column))"))
                    continue
                }
                stack.removeLast()
                append(.section(open.name, inverted: open.inverted, children: open.children))
            case .comment:
                break
            }
        }
        for open in stack.reversed() {
            errors.append(
                TemplateError(
                    templateName: name, line: open.name.line, column: open.name.column,
                    message: "the section '\(open.name.text)' is never closed: add '{{/\(open.name.text)}}'"))
        }
        return (root, errors)
    }
}

extension TemplateToken.Kind {
    /// The character after `{{` that opens a section tag of this kind.
    var sigil: String {
        switch self {
        case .invertedOpen: return "^"
        case .sectionClose: return "/"
        default: return "#"
        }
    }
}
