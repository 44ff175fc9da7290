import Foundation

/// A report template in opmodel's strict Mustache subset (DESIGN §8).
///
/// Supported tags: `{{name}}` and `{{a.b}}` (escaped for Markdown), `{{{name}}}` and `{{& name}}`
/// (inserted as they are), `{{#name}}…{{/name}}` (a list repeats, an object or other truthy value
/// renders once), `{{^name}}…{{/name}}` (renders when the value is `null`, `false`, an empty
/// string or an empty list; the name itself must exist), `{{! comment}}` and `{{.}}` (the current value). Names are
/// looked up from the innermost section outwards. Unlike Mustache, a name that no enclosing value
/// has is an error, never a blank. Sections nest at most ``maximumSectionNesting`` levels, and
/// rendering is bounded by ``maximumRenderSteps`` and ``maximumOutputBytes``.
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

    /// The deepest nesting of sections (`{{#…}}` and `{{^…}}`) a template may have; a deeper
    /// section is a syntax error at its tag. The shipped templates nest three levels.
    public static let maximumSectionNesting = 64

    /// The most nodes (text, tags) one rendering may visit. Sections repeating inside sections
    /// multiply (ten lists of ten nested ten deep would be ten billion): past this, rendering
    /// stops with an error rather than run for hours. The default report visits about 21 nodes per
    /// question (43,000 for 2,000 questions), so 20,000 questions stay 40 times under the limit.
    public static let maximumRenderSteps = 1 << 24

    /// The largest text one rendering may produce, in bytes (64 MiB, four times the largest
    /// assessment opmodel reads).
    public static let maximumOutputBytes = 64 << 20

    /// Renders the template with `context` as the outermost value.
    ///
    /// Throws at the innermost section concerned when rendering would pass
    /// ``maximumRenderSteps`` or ``maximumOutputBytes``.
    public func render(_ context: JSONValue) throws(TemplateError) -> String {
        try render(context, stepLimit: Self.maximumRenderSteps, outputLimit: Self.maximumOutputBytes)
    }

    /// Renders with other limits than the documented ones (for tests).
    func render(_ context: JSONValue, stepLimit: Int, outputLimit: Int) throws(TemplateError) -> String {
        var output = ""
        var stack = [context]
        var renderer = TemplateRenderer(
            templateName: name, escape: escape, stepLimit: stepLimit, outputLimit: outputLimit)
        try renderer.render(nodes, stack: &stack, enclosing: nil, into: &output)
        return output
    }

    /// The names the template uses that a context shaped like `shape` would not have.
    ///
    /// Lists in `shape` stand for their elements (all elements' members merged); names inside a
    /// section whose list is empty or whose value is `null` in `shape` cannot be checked and are
    /// not reported.
    public func unknownNames(against shape: JSONValue) -> [TemplateError] {
        var errors: [TemplateError] = []
        var stack = [shape]
        TemplateShapeChecker(templateName: name).check(nodes, stack: &stack, errors: &errors)
        return errors
    }
}
