/// Help text in the look of swift-argument-parser: `OVERVIEW:`, `USAGE:`, `ARGUMENTS:`,
/// `OPTIONS:`, `SUBCOMMANDS:`.
enum HelpFormatter {
    /// The column where help text starts.
    static let labelColumn = 26
    /// The width text is wrapped to.
    static let width = 80

    /// The full help of a command reached by `commandPath` (e.g. `["opmodel", "score"]`).
    static func help(for spec: CommandSpec, commandPath: [String]) -> String {
        var sections: [String] = []
        sections.append(wrap("OVERVIEW: " + spec.abstract, indent: 0, hanging: 0))
        if let discussion = spec.discussion {
            sections.append(reflow(discussion))
        }
        sections.append("USAGE: " + usage(for: spec, commandPath: commandPath))
        if !spec.arguments.isEmpty {
            let rows = spec.arguments.map { ("<\($0.name)>" + ($0.isRepeating ? " ..." : ""), $0.help) }
            sections.append("ARGUMENTS:\n" + table(rows))
        }
        let options = self.options(for: spec, commandPath: commandPath)
        sections.append("OPTIONS:\n" + table(options.map { ($0.label, describe($0)) }))
        if !spec.subcommands.isEmpty {
            let rows = spec.subcommands.map { ($0.name, $0.abstract) }
            sections.append(
                "SUBCOMMANDS:\n" + table(rows)
                    + "\n\n  See '\((["opmodel", "help"] + commandPath.dropFirst()).joined(separator: " ")) <subcommand>' "
                    + "for detailed help."
            )
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// `--version`, which only the top level takes.
    static let versionOption = OptionSpec(["--version"], help: "Show the version and the questionnaires built in.")

    /// The options listed in the help of the command at `commandPath`: its own, the common
    /// ones, and `--version` at the top level.
    static func options(for spec: CommandSpec, commandPath: [String]) -> [OptionSpec] {
        var options = spec.allOptions
        if commandPath.count == 1 { options.insert(versionOption, at: options.count - 1) }
        return options
    }

    /// `text` with each paragraph (lines separated by a blank line) joined and wrapped to
    /// ``width``; paragraphs with indented lines (examples) are kept as they are.
    static func reflow(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { paragraph in
            let lines = paragraph.split(separator: "\n")
            if lines.contains(where: { $0.hasPrefix(" ") }) { return paragraph }
            return wrap(lines.joined(separator: " "), indent: 0, hanging: 0)
        }.joined(separator: "\n\n")
    }

    /// `opmodel score <file> [--json] [--questionnaire <id-or-path>]`, wrapped.
    static func usage(for spec: CommandSpec, commandPath: [String]) -> String {
        let line = usageLine(for: spec, commandPath: commandPath)
        if !spec.subcommands.isEmpty { return line }
        return wrap(line, indent: 0, hanging: 7, firstLineOffset: 7)
    }

    /// The usage on one line (the manual page lets roff fill it).
    static func usageLine(for spec: CommandSpec, commandPath: [String]) -> String {
        var parts = [commandPath.joined(separator: " ")]
        if !spec.subcommands.isEmpty {
            parts.append("<subcommand>")
            return parts.joined(separator: " ")
        }
        parts += spec.arguments.map(\.usage)
        // Required options first, without brackets.
        parts += spec.options.filter(\.isRequired).map(\.usage)
        parts += spec.options.filter { !$0.isRequired }.map { option in
            let single = "[\(option.usage)]"
            return option.isRepeating ? "[\(option.usage) ...]" : single
        }
        return parts.joined(separator: " ")
    }

    /// The short usage printed after an error.
    static func errorUsage(for spec: CommandSpec, commandPath: [String]) -> String {
        "Usage: \(usage(for: spec, commandPath: commandPath))\n  See '\(commandPath.joined(separator: " ")) --help' for more information.\n"
    }

    static func describe(_ option: OptionSpec) -> String {
        var text = option.help
        if let allowed = option.allowed, !text.contains(allowed.joined(separator: ", ")) {
            text += " (values: \(allowed.joined(separator: ", ")))"
        }
        return text
    }

    static func table(_ rows: [(String, String)]) -> String {
        rows.map { label, help in
            let labelText = "  " + label
            if labelText.count < labelColumn - 1 {
                let padded = labelText + String(repeating: " ", count: labelColumn - labelText.count)
                return padded + wrap(help, indent: 0, hanging: labelColumn, firstLineOffset: labelColumn)
            }
            return labelText + "\n" + String(repeating: " ", count: labelColumn)
                + wrap(help, indent: 0, hanging: labelColumn, firstLineOffset: labelColumn)
        }.joined(separator: "\n")
    }

    /// Wraps `text` at ``width``, continuation lines indented by `hanging` spaces.
    static func wrap(_ text: String, indent: Int, hanging: Int, firstLineOffset: Int = 0) -> String {
        TextWrapping.wrap(text, width: width, hangingIndent: hanging, firstLineOffset: firstLineOffset)
    }
}

/// Word wrapping for terminal text.
enum TextWrapping {
    /// `text` broken at spaces so that no line is wider than `width` where possible; lines after
    /// the first get `hangingIndent` spaces. Existing line breaks are kept.
    static func wrap(_ text: String, width: Int, hangingIndent: Int = 0, firstLineOffset: Int = 0) -> String {
        var output: [String] = []
        for (paragraphIndex, paragraph) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let leading = paragraph.prefix { $0 == " " }
            var line = String(leading)
            var lineWidth = (paragraphIndex == 0 ? firstLineOffset : 0) + leading.count
            var first = true
            // Words with the spaces written before them, so that alignment inside a line survives.
            for (gap, word) in words(of: paragraph.dropFirst(leading.count)) {
                let wordWidth = DisplayWidth.of(String(word))
                if !first && lineWidth + gap.count + wordWidth > width {
                    output.append(line)
                    line = String(repeating: " ", count: hangingIndent) + word
                    lineWidth = hangingIndent + wordWidth
                } else {
                    line += gap + word
                    lineWidth += gap.count + wordWidth
                }
                first = false
            }
            output.append(line)
        }
        return output.joined(separator: "\n")
    }

    /// The words of `text`, each with the run of spaces before it.
    private static func words(of text: Substring) -> [(gap: String, word: Substring)] {
        var result: [(String, Substring)] = []
        var gap = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == " " {
                gap.append(" ")
                index = text.index(after: index)
                continue
            }
            let end = text[index...].firstIndex(of: " ") ?? text.endIndex
            result.append((gap, text[index..<end]))
            gap = ""
            index = end
        }
        return result
    }
}

/// Terminal column widths of text: East Asian wide characters and emoji take two columns,
/// combining marks none.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for character in text {
            // ANSI colour sequences (ESC [ … letter) take no room.
            if character == "\u{1B}" {
                inEscape = true
                continue
            }
            if inEscape {
                if character.isLetter { inEscape = false }
                continue
            }
            guard let scalar = character.unicodeScalars.first else { continue }
            if scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark
            {
                continue
            }
            if scalar.value < 0x20 { continue }
            width +=
                isWide(scalar) || character.unicodeScalars.count > 1 && scalar.properties.isEmojiPresentation ? 2 : 1
        }
        return width
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            || (0x20000...0x3FFFD).contains(value)
    }
}
