/// Text measured and fitted for charts: an estimate of how wide a label is drawn, word wrapping
/// into a width, truncation with an ellipsis, and short names for axes that cannot hold the full
/// ones. The estimate errs wide (Helvetica and Arial metrics, rounded up), so that a label given
/// room by it does not collide in the usual sans-serif fonts.
public enum ChartText {
    /// The drawn width of `text` in pixels at `fontSize`, estimated from character classes.
    public static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            ems += advance(scalar)
        }
        return ems * fontSize
    }

    /// The advance of one character in ems (wide estimates of Helvetica's).
    static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "l", "j", "I", ".", ",", ":", ";", "|", "!", "'", "\u{2011}": return 0.3
        case "f", "t", "r", " ", "(", ")", "[", "]", "-", "/", "\\": return 0.37
        case "m", "w", "M", "W", "@", "%": return 0.9
        case "A"..."Z", "&", "→", "—", "–": return 0.72
        case "0"..."9", "a"..."z", "#", "$", "?", "+", "=", "<", ">", "~", "_", "*": return 0.58
        default:
            // CJK and other full-width characters take a whole em; combining marks nothing.
            let value = scalar.value
            if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) { return 0 }
            if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFF00...0xFF60).contains(value) || value >= 0x1F300
            {
                return 1.0
            }
            return 0.65
        }
    }

    /// `text` cut to fit `maxWidth`, ending in `…` when cut.
    public static func truncate(_ text: String, maxWidth: Double, fontSize: Double) -> String {
        guard width(text, fontSize: fontSize) > maxWidth else { return text }
        let ellipsis = width("…", fontSize: fontSize)
        var result = ""
        var used = 0.0
        for character in text {
            let advance = width(String(character), fontSize: fontSize)
            if used + advance + ellipsis > maxWidth { break }
            result.append(character)
            used += advance
        }
        while result.last == " " { result.removeLast() }
        return result + "…"
    }

    /// `text` broken into lines no wider than `maxWidth`, at spaces (a word wider than a line is
    /// broken where it must), at most `maxLines` of them: the last one shown ends in `…` when the
    /// text did not fit. `truncated` tells whether it did not.
    public static func wrap(_ text: String, maxWidth: Double, fontSize: Double, maxLines: Int) -> (
        lines: [String], truncated: Bool
    ) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        guard !words.isEmpty, maxLines > 0 else { return ([], !words.isEmpty) }
        var lines: [String] = []
        var current = ""
        func push(_ word: String) {
            // A word wider than a whole line is split by characters.
            var rest = word
            while width(rest, fontSize: fontSize) > maxWidth {
                var head = ""
                for character in rest {
                    if width(head + String(character), fontSize: fontSize) > maxWidth { break }
                    head.append(character)
                }
                if head.isEmpty, let first = rest.first { head = String(first) }
                lines.append(head)
                rest = String(rest.dropFirst(head.count))
            }
            current = rest
        }
        for word in words {
            if current.isEmpty {
                push(word)
            } else if width(current + " " + word, fontSize: fontSize) <= maxWidth {
                current += " " + word
            } else {
                lines.append(current)
                push(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return (lines, false) }
        var kept = Array(lines.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = truncate(last + " " + lines[maxLines], maxWidth: maxWidth, fontSize: fontSize)
        if !kept[maxLines - 1].hasSuffix("…") { kept[maxLines - 1] += "…" }
        return (kept, true)
    }

    /// Short, distinct names for `names` (such as domains on a chart axis): the prefix their
    /// question ids share when `prefixes` gives one per name (`OL` for `OL-01`, `OL-02`…),
    /// otherwise the initials of their words (`Cloud operations` → `CO`), made distinct by
    /// adding letters or a number.
    public static func abbreviations(_ names: [String], prefixes: [String?] = []) -> [String] {
        var result: [String] = []
        var used: Set<String> = []
        for (index, name) in names.enumerated() {
            var candidate = index < prefixes.count ? (prefixes[index] ?? "") : ""
            if candidate.isEmpty || candidate.count > 6 || used.contains(candidate) {
                candidate = initials(name)
            }
            if candidate.isEmpty { candidate = "D\(index + 1)" }
            var unique = candidate
            var number = 2
            while used.contains(unique) {
                unique = "\(candidate)\(number)"
                number += 1
            }
            used.insert(unique)
            result.append(unique)
        }
        return result
    }

    /// The first letter of each word of `name`, upper-cased (at most four).
    static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let letters = words.compactMap(\.first).prefix(4)
        return String(letters).uppercased()
    }

    /// The part of question ids before the first `-` when every id of the list has the same one
    /// (`CO` for `CO-01`, `CO-11`); nil otherwise.
    public static func sharedPrefix(of ids: [String]) -> String? {
        let prefixes = Set(
            ids.map { id -> String in
                guard let dash = id.firstIndex(of: "-") else { return "" }
                return String(id[..<dash])
            })
        guard prefixes.count == 1, let prefix = prefixes.first, !prefix.isEmpty,
            prefix.allSatisfy({ $0.isLetter || $0.isNumber })
        else { return nil }
        return prefix
    }
}
