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
        var kept: [Substring] = []
        var blank = 0
        var inFence = false
        for line in lines(of: text) {
            let cleaned = trimmingTrailingBlanks(line)
            if cleaned.hasPrefix("```") { inFence.toggle() }
            if cleaned.isEmpty && !inFence {
                blank += 1
                if blank > 1 || kept.isEmpty { continue }
            } else {
                blank = 0
            }
            kept.append(inFence ? line : cleaned)
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        var output = ""
        output.reserveCapacity(text.utf8.count + 1)
        for (index, line) in kept.enumerated() {
            if index > 0 { output += "\n" }
            output += line
        }
        return output + "\n"
    }

    /// The lines of `text` as `text.split(separator: "\n", omittingEmptySubsequences: false)`
    /// gives them, found by looking for LF bytes: an LF is its own character unless a CR comes
    /// just before it (CRLF is one character, which does not end a line).
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                lines.append(text[start..<index])
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    /// `line` without the spaces and tabs at its end. Most lines end in neither, which a look at
    /// the last byte tells; only the others are trimmed character by character (a space after a
    /// prepended mark belongs to the character before it and stays).
    static func trimmingTrailingBlanks(_ line: Substring) -> Substring {
        guard let last = line.utf8.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") else {
            return line
        }
        var end = line.endIndex
        while end > line.startIndex {
            let before = line.index(before: end)
            guard line[before] == " " || line[before] == "\t" else { break }
            end = before
        }
        return line[..<end]
    }

    /// The context of a sample assessment in which every list has entries, so that a template's
    /// names can be checked in every branch.
    public static let sampleContext: JSONValue = ReportContext.build(SampleAssessment.input())
}

/// Shapes of JSON values, for checking template names against what a context can hold.
enum JSONShape {
    /// A value with the members of both: objects merged key by key; two arrays become one
    /// element that has the members of all of theirs (the shape checker merges a list's elements
    /// anyway, and one element keeps repeated merges linear: concatenating made a list of lists,
    /// such as milestones with their steps, quadratic to check).
    static func merge(_ left: JSONValue, _ right: JSONValue) -> JSONValue {
        switch (left, right) {
        case (.object(let a), .object(let b)):
            var merged = a
            for (key, value) in b {
                // Only what changes is written, so that merging many objects of one shape (the
                // elements of a list) copies none of them.
                switch (merged[key], value) {
                case (nil, _), (.null?, _):
                    if case .null = value, merged[key] != nil { continue }
                    merged[key] = value
                case (let current?, .object), (let current?, .array):
                    merged[key] = merge(current, value)
                default:
                    continue
                }
            }
            return .object(merged)
        case (.array(let a), .array(let b)):
            var elements = a[...].makeIterator()
            var rest = b[...].makeIterator()
            guard var shape = elements.next() ?? rest.next() else { return .array([]) }
            while let element = elements.next() { shape = merge(shape, element) }
            while let element = rest.next() { shape = merge(shape, element) }
            return .array([shape])
        case (.null, _):
            return right
        default:
            return left
        }
    }
}
