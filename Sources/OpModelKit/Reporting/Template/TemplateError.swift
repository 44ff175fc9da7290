public import Foundation

/// A problem in a report template, with the position of the tag that caused it.
public struct TemplateError: Error, Equatable, Sendable, LocalizedError {
    /// The template's name as given to ``Template/init(source:name:)``, usually its file name.
    public var templateName: String
    /// The 1-based line of the tag.
    public var line: Int
    /// The 1-based column of the tag's first brace.
    public var column: Int
    /// What is wrong, in a sentence.
    public var message: String

    /// Creates an error at `line`:`column` of `templateName`.
    public init(templateName: String, line: Int, column: Int, message: String) {
        self.templateName = templateName
        self.line = line
        self.column = column
        self.message = message
    }

    /// `name:line:column: message`, the form editors and compilers use.
    public var errorDescription: String? { "\(templateName):\(line):\(column): \(message)" }
}

/// Every syntax error found while parsing a template (parsing goes on after the first one).
public struct TemplateParseErrors: Error, Sendable, LocalizedError {
    /// The errors in source order; never empty.
    public var errors: [TemplateError]

    /// The errors, one per line.
    public var errorDescription: String? { errors.compactMap(\.errorDescription).joined(separator: "\n") }
}
