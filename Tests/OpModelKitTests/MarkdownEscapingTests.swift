import OpModelTestSupport
import Testing

@testable import OpModelKit

@Suite("Markdown escaping")
struct MarkdownEscapingTests {
    @Test(
        arguments: [
            "", "plain words", "R&D", "AT&T and a & b", "it's Ada's team", "Größe café 東京 Привет мир",
            "1.5 times", "Step 1. then 2.", "a # b - c + d = e ! f", "50% done (mostly)", "a/b: c; d", "{{name}}",
        ])
    func leavesOrdinaryTextAlone(_ text: String) {
        #expect(MarkdownEscaping.inline(text) == text)
    }

    @Test(
        arguments: [
            ("a*b", #"a\*b"#),
            ("snake_case_name", #"snake\_case\_name"#),
            ("[link](target)", #"\[link\](target)"#),
            ("<b>bold</b>", #"\<b\>bold\</b\>"#),
            ("a | b", #"a \| b"#),
            (#"C:\path"#, #"C:\\path"#),
            ("use `git`", #"use \`git\`"#),
            ("~~gone~~", #"\~\~gone\~\~"#),
            ("**x** and _y_", #"\*\*x\*\* and \_y\_"#),
            ("Cloud\toperations", "Cloud operations"),
            ("\tindented *x*", #" indented \*x\*"#),
        ] as [(String, String)])
    func escapesInlineMarkup(_ text: String, _ expected: String) {
        #expect(MarkdownEscaping.inline(text) == expected)
    }

    @Test(
        arguments: [
            ("# Heading", ##"\# Heading"##),
            ("#1 priority", ##"\#1 priority"##),
            ("- item", #"\- item"#),
            ("+ item", #"\+ item"#),
            ("> quote", #"\> quote"#),
            ("1. first", #"1\. first"#),
            ("1.", #"1\."#),
            ("2024. was good", #"2024\. was good"#),
            ("10) tenth", #"10\) tenth"#),
            ("=== rule", #"\=== rule"#),
            ("![image](x)", #"\!\[image\](x)"#),
            (" # still a heading", ##" \# still a heading"##),
            ("   - still an item", #"   \- still an item"#),
            ("\n1. after a break", #" 1\. after a break"#),
        ] as [(String, String)])
    func escapesWhatWouldStartABlockAtTheStartOfALine(_ text: String, _ expected: String) {
        #expect(MarkdownEscaping.inline(text) == expected)
    }

    @Test(
        arguments: [
            ("&amp;", #"\&amp;"#),
            ("&#169; 2026", #"\&#169; 2026"#),
            ("&#x1F600;", #"\&#x1F600;"#),
            ("x&lt;y", #"x\&lt;y"#),
            ("&; and &", "&; and &"),
            ("Q&A time", "Q&A time"),
        ] as [(String, String)])
    func escapesAmpersandsOnlyWhereTheyLookLikeEntities(_ text: String, _ expected: String) {
        #expect(MarkdownEscaping.inline(text) == expected)
    }

    @Test(
        arguments: [
            ("a\nb", "a b"),
            ("a\r\nb", "a b"),
            ("a\rb", "a b"),
            ("a\n\nb", "a b"),
            ("a\r\n\r\nb", "a b"),
            ("a\n b", "a  b"),
            ("end\n", "end "),
            ("line one\n# not a heading", "line one # not a heading"),
            ("x\n- y", "x - y"),
        ] as [(String, String)])
    func turnsLineBreaksIntoSpaces(_ text: String, _ expected: String) {
        let escaped = MarkdownEscaping.inline(text)
        #expect(escaped == expected)
        #expect(!escaped.contains("\n") && !escaped.contains("\r"))
    }

    @Test(
        arguments: [
            ("see https://example.com/a_b*c", "see <https://example.com/a_b*c>"),
            ("http://x.org", "<http://x.org>"),
            ("Docs:\nhttps://x.org/docs now", "Docs: <https://x.org/docs> now"),
            ("https://a.org and http://b.org", "<https://a.org> and <http://b.org>"),
            ("https://", "https://"),
            ("ftp://x.org/a_b", #"ftp://x.org/a\_b"#),
            ("https://a.org/<x>", #"https://a.org/\<x\>"#),
            ("(https://x.org)", "(https://x.org)"),
        ] as [(String, String)])
    func wrapsBareWebAddressesInAngleBrackets(_ text: String, _ expected: String) {
        #expect(MarkdownEscaping.inline(text) == expected)
    }

    @Test func escapesEveryMarkupCharacterWherever() {
        let text = #"x\`*_[]<>|~"#
        #expect(MarkdownEscaping.inline(text) == #"x\\\`\*\_\[\]\<\>\|\~"#)
    }

    /// Text the byte scan calls plain comes out of the word-by-word pass unchanged, and
    /// `inline` gives what that pass gives for every text: random strings over markup
    /// characters, digits, combining marks, web addresses, entities and line breaks.
    @Test func thePlainFastPathAgreesWithTheWordByWordPass() {
        let pieces = [
            "a", "Z", "é", "\u{301}", "東", " ", "  ", "-", "#", "+", "=", "!", ".", ")", "1", "42", "*", "_", "`",
            "\\", "[", "]", "<", ">", "|", "~", "&", "&amp;", "&#38;", ";", ":", "http://x.org", "https://y", "http",
            "\n", "\r", "\r\n", "\t", "—", "👩🏽‍💻",
        ]
        var random = SplitMix64(seed: 11)
        var plain = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(8)).map { _ in random.pick(pieces) }.joined()
            let escaped = MarkdownEscaping.escaped(text)
            #expect(MarkdownEscaping.inline(text) == escaped, "\(text.debugDescription)")
            if MarkdownEscaping.isPlain(text) {
                plain += 1
                #expect(escaped == text, "\(text.debugDescription) is not plain")
            }
        }
        #expect(plain > 1_000, "the fast path is taken for ordinary text")
    }

    /// Whether an `&` starts an entity is decided by the characters up to the next `;` or other
    /// character, so a word of many ampersands is escaped one by one.
    @Test func aWordOfAmpersandsIsEscapedAmpersandByAmpersand() {
        let ampersands = String(repeating: "&", count: 2_000)
        #expect(MarkdownEscaping.inline(ampersands + "amp;") == ampersands.dropLast() + "\\&amp;")
        #expect(MarkdownEscaping.inline("&a&b;") == "&a\\&b;")
        #expect(MarkdownEscaping.inline("&;x") == "&;x")
    }
}
