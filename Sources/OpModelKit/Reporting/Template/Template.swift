import Foundation

/// A report template in opmodel's strict Mustache subset (DESIGN §8).
///
/// Supported tags: `{{name}}` and `{{a.b}}` (escaped for Markdown), `{{{name}}}` and `{{& name}}`
/// (inserted as they are), `{{#name}}…{{/name}}` (a list repeats, an object or other truthy value
/// renders once), `{{^name}}…{{/name}}` (renders when the value is `null`, `false`, an empty
/// string or an empty list; the name itself must exist), `{{! comment}}` and `{{.}}` (the current value). Names are
/// looked up from the innermost section outwards. Unlike Mustache, a name that no enclosing value
/// has is an error, never a blank.
public struct Template: Sendable {
    /// The name used in error messages, usually the template's file name.
    public let name: String
    let nodes: [TemplateNode]
    let escape: @Sendable (String) -> String

    /// Parses `source`; throws every syntax error found, each with line and column.
    public init(
        source: String, name: String,
        escaping escape: @escaping @Sendable (String) -> String = MarkdownEscaping.inline
    ) throws(TemplateParseErrors) {
        var tokenizer = TemplateTokenizer(source: source, name: name)
        tokenizer.run()
        let (nodes, parseErrors) = TemplateParser.parse(tokenizer.tokens, name: name)
        let errors = (tokenizer.errors + parseErrors).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
        if !errors.isEmpty { throw TemplateParseErrors(errors: errors) }
        self.name = name
        self.nodes = nodes
        self.escape = escape
    }

    /// Renders the template with `context` as the outermost value.
    public func render(_ context: JSONValue) throws(TemplateError) -> String {
        var output = ""
        try TemplateRenderer(templateName: name, escape: escape).render(nodes, stack: [context], into: &output)
        return output
    }

    /// The names the template uses that a context shaped like `shape` would not have.
    ///
    /// Lists in `shape` stand for their elements (all elements' members merged); names inside a
    /// section whose list is empty or whose value is `null` in `shape` cannot be checked and are
    /// not reported.
    public func unknownNames(against shape: JSONValue) -> [TemplateError] {
        var errors: [TemplateError] = []
        TemplateShapeChecker(templateName: name).check(nodes, stack: [shape], errors: &errors)
        return errors
    }
}
