/// Makes text typed by people safe to place inside a line of GitHub-flavoured Markdown.
public enum MarkdownEscaping {
    /// `text` as literal inline Markdown: line breaks become spaces, characters that would start
    /// emphasis, code, links, HTML, table cells or (at the start) a heading, list or quote are
    /// backslash-escaped, and bare web addresses become autolinks so that they lint clean.
    public static func inline(_ text: String) -> String {
        let flattened = text.replacingLineBreaks()
        var output = ""
        var words = flattened.split(separator: " ", omittingEmptySubsequences: false).makeIterator()
        var isFirstWord = true
        // Up to three leading spaces still let `#`, `-`, `1.`… start a block.
        var atLineStart = true
        while let word = words.next() {
            if !isFirstWord { output += " " }
            if isWebAddress(word) {
                output += "<\(word)>"
            } else {
                output += escapeWord(word, atStart: atLineStart)
            }
            isFirstWord = false
            if !word.isEmpty { atLineStart = false }
        }
        return output
    }

    /// Characters that always need a backslash inline.
    private static let alwaysEscaped: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~"]
    /// Characters that need a backslash only at the start of a line.
    private static let leadingEscaped: Set<Character> = ["#", "+", "-", "=", "!"]

    private static func escapeWord(_ word: Substring, atStart: Bool) -> String {
        var output = ""
        let characters = Array(word)
        for (offset, character) in characters.enumerated() {
            if alwaysEscaped.contains(character) {
                output += "\\"
            } else if atStart && offset == 0 && leadingEscaped.contains(character) {
                output += "\\"
            } else if character == "&" && looksLikeEntity(characters[(offset + 1)...]) {
                output += "\\"
            } else if atStart && (character == "." || character == ")") && offset > 0
                && characters[..<offset].allSatisfy(\.isASCIIDigit) && offset + 1 == characters.count
            {
                // "1." or "1)" at the start of a line would begin an ordered list.
                output += "\\"
            }
            output.append(character)
        }
        return output
    }

    private static func looksLikeEntity(_ rest: ArraySlice<Character>) -> Bool {
        guard let semicolon = rest.firstIndex(of: ";"), semicolon > rest.startIndex else { return false }
        return rest[rest.startIndex..<semicolon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
    }

    private static func isWebAddress(_ word: Substring) -> Bool {
        (word.hasPrefix("https://") || word.hasPrefix("http://")) && word.count > 8
            && !word.contains(where: { $0 == "<" || $0 == ">" || $0 == "`" || $0 == "|" || $0 == "\\" })
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate func replacingLineBreaks() -> String {
        var output = ""
        var previousWasBreak = false
        for character in self {
            if character == "\n" || character == "\r" || character == "\r\n" {
                if !previousWasBreak { output.append(" ") }
                previousWasBreak = true
            } else {
                output.append(character)
                previousWasBreak = false
            }
        }
        return output
    }
}
