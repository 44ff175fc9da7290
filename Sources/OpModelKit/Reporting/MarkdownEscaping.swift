/// Makes text typed by people safe to place inside a line of GitHub-flavoured Markdown.
public enum MarkdownEscaping {
    /// `text` as literal inline Markdown: line breaks and tabs become spaces, characters that would start
    /// emphasis, code, links, HTML, table cells or (at the start) a heading, list or quote are
    /// backslash-escaped, and bare web addresses become autolinks so that they lint clean.
    public static func inline(_ text: String) -> String {
        isPlain(text) ? text : escaped(text)
    }

    /// `text` (an id such as `SM-02@2`, or a quarter) with a word joiner (U+2060) after each
    /// hyphen, so that a narrow table column does not break it there (browsers break after a
    /// hyphen even before a digit). The joiner is invisible, and find in page still matches the
    /// text typed with a plain hyphen; a non-breaking hyphen (U+2011) would not. Not escaped:
    /// pass the result through ``inline(_:)`` (or a template's `{{…}}`).
    public static func joiningHyphens(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "-")) else { return text }
        var output = ""
        for character in text {
            output.append(character)
            if character == "-" { output.append("\u{2060}") }
        }
        return output
    }

    /// `url` when it can be written as a Markdown link destination as it is: an `http` or
    /// `https` address of URL characters only (no space, parenthesis, angle bracket or quote);
    /// nil otherwise, and the link is left out.
    public static func linkDestination(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), url.count > 8 else { return nil }
        return url.unicodeScalars.allSatisfy { urlCharacters.contains($0) } ? url : nil
    }

    /// The characters of a URL that need no escaping in a Markdown link destination.
    static let urlCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'*+,;=%".unicodeScalars)

    /// ``inline(_:)`` word by word, for text that is not plain.
    static func escaped(_ text: String) -> String {
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

    /// Whether `text` comes out of ``inline(_:)`` unchanged, told from its bytes alone: no line
    /// break, no character that is escaped anywhere, no web address, and a first word that
    /// cannot start a block (no `#`, `+`, `-`, `=` or `!` first, not digits ending in `.` or
    /// `)`). Most report cells are like this, and skip the word-by-word pass.
    static func isPlain(_ text: String) -> Bool {
        // The first word: 0 not started, 1 digits so far, 2 digits then `.` or `)`, 3 anything
        // else, 4 over.
        var firstWord = 0
        // The last five bytes, to spot `http:` and `https:`.
        var recent: UInt64 = 0
        for byte in text.utf8 {
            switch (firstWord, byte) {
            case (0, UInt8(ascii: " ")):
                break
            case (0, UInt8(ascii: "#")), (0, UInt8(ascii: "+")), (0, UInt8(ascii: "-")), (0, UInt8(ascii: "=")),
                (0, UInt8(ascii: "!")), (2, UInt8(ascii: " ")):
                return false
            case (0, UInt8(ascii: "0")...UInt8(ascii: "9")), (1, UInt8(ascii: "0")...UInt8(ascii: "9")):
                firstWord = 1
            case (1, UInt8(ascii: ".")), (1, UInt8(ascii: ")")):
                firstWord = 2
            case (1, UInt8(ascii: " ")), (3, UInt8(ascii: " ")):
                firstWord = 4
            case (0, _), (1, _), (2, _):
                firstWord = 3
            default:
                break
            }
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "~"),
                UInt8(ascii: "&"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                return false
            case UInt8(ascii: ":"):
                // "http" or "https" just before the colon: perhaps a web address.
                if recent & 0xFFFF_FFFF == 0x6874_7470 || recent & 0xFF_FFFF_FFFF == 0x68_7474_7073 { return false }
            default:
                break
            }
            recent = recent << 8 | UInt64(byte)
        }
        return firstWord != 2
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

    /// Whether `rest` (what follows an `&`) starts like an entity: ASCII letters, digits or `#`,
    /// then `;`. The scan stops at the first other character, so a word full of `&` costs its
    /// length, not its square.
    private static func looksLikeEntity(_ rest: ArraySlice<Character>) -> Bool {
        var index = rest.startIndex
        while index < rest.endIndex {
            let character = rest[index]
            if character == ";" { return index > rest.startIndex }
            guard character.isASCII && (character.isLetter || character.isNumber || character == "#") else {
                return false
            }
            index += 1
        }
        return false
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
            if character == "\t" {
                // A tab is a hard tab in the Markdown (MD010): a space reads the same.
                output.append(" ")
                previousWasBreak = false
            } else if character == "\n" || character == "\r" || character == "\r\n" {
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
