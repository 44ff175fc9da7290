import Foundation

/// One piece of a template's source: literal text or a tag.
struct TemplateToken: Equatable {
    /// What a tag does.
    enum Kind: Equatable {
        case text(String)
        case variable(String, raw: Bool)
        case sectionOpen(String)
        case invertedOpen(String)
        case sectionClose(String)
        case comment
    }

    var kind: Kind
    var line: Int
    var column: Int
}

/// Splits a template into text and tags, removing "standalone" lines: a section, inverted
/// section, closing or comment tag alone on its line (apart from spaces and tabs) takes the
/// whole line with it, as the Mustache specification requires, so that a template can put
/// each section tag on its own line without leaving blank lines behind.
struct TemplateTokenizer {
    let name: String
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private(set) var tokens: [TemplateToken] = []
    private(set) var errors: [TemplateError] = []
    private var pendingText = ""
    private var textLine = 1
    private var textColumn = 1

    init(source: String, name: String) {
        self.name = name
        self.characters = Array(source)
    }

    /// Tokenizes the whole source.
    mutating func run() {
        while index < characters.count {
            if characters[index] == "{" && peek(1) == "{" {
                readTag()
            } else {
                appendText(characters[index])
                advance()
            }
        }
        flushText()
    }

    private func peek(_ offset: Int) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance() {
        if characters[index].isLineBreak {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func appendText(_ character: Character) {
        if pendingText.isEmpty {
            textLine = line
            textColumn = column
        }
        pendingText.append(character)
    }

    private mutating func flushText() {
        if !pendingText.isEmpty {
            tokens.append(TemplateToken(kind: .text(pendingText), line: textLine, column: textColumn))
            pendingText = ""
        }
    }

    private mutating func fail(_ message: String, line: Int, column: Int) {
        errors.append(TemplateError(templateName: name, line: line, column: column, message: message))
    }

    /// Reads one tag starting at `{{`.
    private mutating func readTag() {
        let tagLine = line
        let tagColumn = column
        let start = index
        let triple = peek(2) == "{"
        let closer: [Character] = triple ? ["}", "}", "}"] : ["}", "}"]
        var cursor = index + (triple ? 3 : 2)
        var found: Int?
        while cursor + closer.count <= characters.count {
            if Array(characters[cursor..<cursor + closer.count]) == closer {
                found = cursor
                break
            }
            cursor += 1
        }
        guard let end = found else {
            fail("this tag is never closed: '\(triple ? "}}}" : "}}")' is missing", line: tagLine, column: tagColumn)
            // Keep the rest as text so that later lines still get checked for nothing else.
            while index < characters.count { advance() }
            return
        }
        let inner = String(characters[(start + (triple ? 3 : 2))..<end])
        let afterTag = end + closer.count
        let kind = classify(inner, triple: triple, line: tagLine, column: tagColumn)
        while index < afterTag { advance() }
        guard let kind else { return }

        switch kind {
        case .sectionOpen, .invertedOpen, .sectionClose, .comment:
            if isStandalone(tagStart: start, tagEnd: afterTag) {
                dropTrailingLineWhitespaceFromText()
                // Swallow the rest of the line, including its newline.
                while index < characters.count && !characters[index].isLineBreak { advance() }
                if index < characters.count { advance() }
            }
        default:
            break
        }
        flushText()
        if kind != .comment {
            tokens.append(TemplateToken(kind: kind, line: tagLine, column: tagColumn))
        }
    }

    private mutating func classify(_ inner: String, triple: Bool, line: Int, column: Int) -> TemplateToken.Kind? {
        if triple {
            guard let name = checkedName(inner, line: line, column: column) else { return nil }
            return .variable(name, raw: true)
        }
        guard let sigil = inner.first else {
            fail("empty tag '{{}}'", line: line, column: column)
            return nil
        }
        let rest = String(inner.dropFirst())
        switch sigil {
        case "!":
            return .comment
        case "#":
            return checkedName(rest, line: line, column: column).map { .sectionOpen($0) }
        case "^":
            return checkedName(rest, line: line, column: column).map { .invertedOpen($0) }
        case "/":
            return checkedName(rest, line: line, column: column).map { .sectionClose($0) }
        case "&":
            return checkedName(rest, line: line, column: column).map { .variable($0, raw: true) }
        case ">":
            fail("partials ('{{>name}}') are not supported", line: line, column: column)
            return nil
        case "=":
            fail("changing delimiters ('{{=…=}}') is not supported", line: line, column: column)
            return nil
        case "{":
            fail("a raw tag '{{{…}}}' must end with '}}}'", line: line, column: column)
            return nil
        default:
            return checkedName(inner, line: line, column: column).map { .variable($0, raw: false) }
        }
    }

    /// The trimmed name of a tag, if it is `.` or dot-separated names of letters, digits, `_` and `-`.
    private mutating func checkedName(_ text: String, line: Int, column: Int) -> String? {
        let name = text.trimmingCharacters(in: .whitespaces)
        if name.isEmpty {
            fail("a tag needs a name", line: line, column: column)
            return nil
        }
        if name == "." { return name }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        }
        if !valid {
            // A tag whose '}}' is missing swallows the lines up to the next '}}': show its start only.
            let firstLine = name.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
            if firstLine.count < name.count || firstLine.count > 60 {
                fail(
                    "'\(firstLine.prefix(60))…' is not a valid name; is this tag's '}}' missing?", line: line,
                    column: column)
                return nil
            }
            fail(
                "'\(name)' is not a valid name: use letters, digits, '_' or '-', separated by dots", line: line,
                column: column)
            return nil
        }
        return name
    }

    /// Whether only spaces and tabs stand between the line's start and the tag, and between the tag
    /// and the line's end.
    private func isStandalone(tagStart: Int, tagEnd: Int) -> Bool {
        var before = tagStart - 1
        while before >= 0 && !characters[before].isLineBreak {
            if characters[before] != " " && characters[before] != "\t" { return false }
            before -= 1
        }
        var after = tagEnd
        while after < characters.count && !characters[after].isLineBreak {
            if characters[after] != " " && characters[after] != "\t" && characters[after] != "\r" { return false }
            after += 1
        }
        return true
    }

    private mutating func dropTrailingLineWhitespaceFromText() {
        while let last = pendingText.last, last == " " || last == "\t" {
            pendingText.removeLast()
        }
    }
}

extension Character {
    /// A line feed, or a CR LF pair (which Swift keeps together as one `Character`).
    fileprivate var isLineBreak: Bool { self == "\n" || self == "\r\n" }
}
