/// Renders reports from templates (DESIGN §8) and checks templates without data.
public enum ReportRenderer {
    /// The Markdown report of `input` rendered with the template `template` (named `templateName`
    /// in messages). Template problems are data errors with line and column.
    public static func markdown(_ input: ReportInput, template: String, templateName: String) throws -> String {
        let parsed = try parse(template, name: templateName)
        let context = ReportContext.build(input)
        let unknown = parsed.unknownNames(against: JSONShape.merge(context, sampleContext))
        if !unknown.isEmpty {
            throw DataError.problems(file: templateName, unknown.map(problem))
        }
        do {
            return tidy(try parsed.render(context))
        } catch {
            throw DataError.problems(file: templateName, [problem(error)])
        }
    }

    /// Every problem of a template: syntax errors, then names the report context does not have.
    public static func problems(template: String, name: String) -> [ValidationProblem] {
        do {
            let parsed = try parse(template, name: name)
            return parsed.unknownNames(against: sampleContext).map(problem)
        } catch let error as DataError {
            if case .problems(_, let problems) = error { return problems }
            return [.error("$", error.errorDescription ?? "")]
        } catch {
            return [.error("$", "\(error)")]
        }
    }

    static func parse(_ text: String, name: String) throws -> Template {
        do {
            return try Template(source: text, name: name)
        } catch {
            throw DataError.problems(file: name, error.errors.map(problem))
        }
    }

    static func problem(_ error: TemplateError) -> ValidationProblem {
        .error("\(error.line):\(error.column)", error.message)
    }

    /// Collapses runs of blank lines left by empty sections and ends with one newline, so that
    /// the Markdown lints clean.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        var inFence = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmedEnd = line.reversed().drop { $0 == " " || $0 == "\t" }
            let cleaned = Substring(String(trimmedEnd.reversed()))
            if cleaned.hasPrefix("```") { inFence.toggle() }
            if cleaned.isEmpty && !inFence {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(inFence ? line : cleaned)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The context of a sample assessment in which every list has entries, so that a template's
    /// names can be checked in every branch.
    public static let sampleContext: JSONValue = ReportContext.build(SampleAssessment.input())
}

/// Shapes of JSON values, for checking template names against what a context can hold.
enum JSONShape {
    /// A value with the members of both: objects merged key by key, arrays concatenated.
    static func merge(_ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch (left, right) {
        case (.object(let a), .object(let b)):
            var merged = a
            for (key, value) in b {
                merged[key] = merged[key].map { merge($0, value) } ?? value
            }
            return .object(merged)
        case (.array(let a), .array(let b)):
            return .array(a + b)
        case (.null, _):
            return right
        default:
            return left
        }
    }
}
