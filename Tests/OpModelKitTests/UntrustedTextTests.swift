import OpModelKit
import OpModelTestSupport
import Testing

/// Text from files on its way to the terminal or a written file (DESIGN §10.3): examples, then
/// a seeded fuzz of control characters, escape sequences and bidirectional overrides.
@Suite("Untrusted text: control characters and bidirectional overrides")
struct UntrustedTextTests {
    @Test(arguments: [
        ("plain text, émoji 👩🏽‍💻 and שלום", "plain text, émoji 👩🏽‍💻 and שלום"),
        ("clear\u{1B}[2J\u{1B}[Hscreen", "clearscreen"),
        ("title\u{1B}]0;pwned\u{7} set", "title set"),
        ("link \u{1B}]8;;https://evil.example\u{1B}\\here\u{1B}]8;;\u{1B}\\ end", "link here end"),
        ("over\rwrite", "overwrite"),
        ("line\r\nbreak", "line\nbreak"),
        ("tab\tkept\nand lines", "tab\tkept\nand lines"),
        ("c1 \u{9B}31mcsi \u{9D}osc\u{9C} done", "c1 csi  done"),
        ("bell\u{7} back\u{8} del\u{7F} nul\u{0}", "bell back del nul"),
        ("\u{202E}reversed\u{202C} and \u{2067}isolated\u{2069}", "reversed and isolated"),
        ("marks \u{200F}kept\u{200E}", "marks \u{200F}kept\u{200E}"),
        ("cut at the end \u{1B}[", "cut at the end "),
        ("cut osc \u{1B}]0;never ends", "cut osc "),
    ])
    func examples(_ text: String, _ expected: String) {
        #expect(UntrustedText.forFile(text) == expected)
        #expect(UntrustedText.forTerminal(text, keepingStyles: false) == expected)
    }

    @Test func onlyOpmodelsOwnStylesPassToAColourTerminal() {
        let text = "\u{1B}[1mbold\u{1B}[0m \u{1B}[31mred\u{1B}[0m \u{1B}[8mhidden\u{1B}[0m \u{1B}[30;40mblack\u{1B}[0m"
        #expect(
            UntrustedText.forTerminal(text, keepingStyles: true)
                == "\u{1B}[1mbold\u{1B}[0m \u{1B}[31mred\u{1B}[0m hidden\u{1B}[0m black\u{1B}[0m")
        #expect(UntrustedText.forTerminal(text, keepingStyles: false) == "bold red hidden black")
    }

    /// The pieces hostile text is made of.
    static let pieces: [String] = [
        "a", "Z", " ", "\n", "\t", "é", "e\u{301}", "👩🏽‍💻", "שלום", "\u{1B}", "\u{1B}[", "\u{1B}]", "\u{1B}P",
        "\u{1B}\\", "[31m", "[2J", "]0;", "\u{7}", "\u{8}", "\u{0}", "\r", "\u{7F}", "\u{85}", "\u{9B}", "\u{9C}",
        "\u{9D}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}",
        "\u{2069}", "\u{200E}", "\u{200F}", "m", ";", "0", "1", "\u{1B}[1m", "\u{1B}[0m", "\u{1B}[33m",
    ]

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    @Test func seededHostileTextNeverKeepsAControlCharacter() {
        var random = SplitMix64(seed: FuzzSettings.seed &+ 0x7E47)
        let cases = FuzzSettings.integer("OPMODEL_FUZZ_CASES", default: 2_000)
        for index in 0..<cases {
            var text = ""
            for _ in 0..<random.below(40) { text += random.pick(Self.pieces) }
            let file = UntrustedText.forFile(text)
            #expect(!file.unicodeScalars.contains(where: Self.isForbidden), "case \(index): \(text.debugDescription)")
            #expect(UntrustedText.forFile(file) == file, "case \(index): not stable")
            let coloured = UntrustedText.forTerminal(text, keepingStyles: true)
            // What is left of an escape is exactly ESC [ code m, with one of opmodel's codes.
            // (Scalars, not characters: a combining mark after the final "m" is text of its own.)
            let scalars = Array(coloured.unicodeScalars)
            for (position, scalar) in scalars.enumerated() where scalar == "\u{1B}" {
                let rest = scalars[(position + 1)...]
                let code = String(String.UnicodeScalarView(rest.prefix { $0 != "m" }))
                #expect(
                    ["[0", "[1", "[2", "[22", "[31", "[32", "[33", "[36", "[39"].contains(code)
                        && rest.dropFirst(code.unicodeScalars.count).first == "m",
                    "case \(index): \(text.debugDescription) kept \(String(code.prefix(12)).debugDescription)")
            }
            let withoutStyles = coloured.replacingOccurrences(of: "\u{1B}", with: "")
            #expect(!withoutStyles.unicodeScalars.contains(where: Self.isForbidden), "case \(index)")
            // Text with nothing to remove is left exactly as it is.
            let harmless = String(String.UnicodeScalarView(text.unicodeScalars.filter { !Self.isForbidden($0) }))
            #expect(UntrustedText.forFile(harmless) == harmless, "case \(index)")
        }
    }
}
