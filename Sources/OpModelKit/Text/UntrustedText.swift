/// Text from files and people on its way to a terminal or into a written file (DESIGN §10.3).
///
/// Notes, names, titles, CSV cells and lens text may carry control characters: escape sequences
/// that clear a screen, set a window title or hide a hyperlink, a carriage return that
/// overwrites a line, and bidirectional overrides that show text in another order than it is
/// stored ("Trojan Source"). None of them may reach the terminal or a written file raw.
public enum UntrustedText {
    /// The bidirectional embedding, override and isolate characters (U+202A–U+202E,
    /// U+2066–U+2069). The marks U+200E and U+200F are kept: they cannot reorder text.
    public static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` for a written file (Markdown, CSV, SVG, HTML, JSON): without C0 and C1 control
    /// characters other than line feed and tab (a CR LF becomes a line feed), without DEL, and
    /// without bidirectional overrides. An escape sequence goes as a whole.
    public static func forFile(_ text: String) -> String {
        clean(text, keepingStyles: false)
    }

    /// `text` for a terminal: as ``forFile(_:)``, and when `keepingStyles` is set, the colour and
    /// weight sequences opmodel writes itself (`ESC [ n m` with n one of 0, 1, 2, 22, 31, 32, 33,
    /// 36, 39) are kept; every other escape sequence goes.
    public static func forTerminal(_ text: String, keepingStyles: Bool) -> String {
        clean(text, keepingStyles: keepingStyles)
    }

    /// The select graphic rendition codes opmodel writes.
    static let styleCodes: Set<String> = ["0", "1", "2", "22", "31", "32", "33", "36", "39"]

    static func clean(_ text: String, keepingStyles: Bool) -> String {
        // Fast path: most text has nothing to remove.
        if !text.unicodeScalars.contains(where: { needsCleaning($0) }) { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B, 0x9B, 0x9D, 0x90, 0x9E, 0x9F:
                let end = endOfEscape(scalars, from: index)
                if keepingStyles, scalar.value == 0x1B, let code = styleCode(scalars[index..<end]) {
                    result.append(contentsOf: "\u{1B}[\(code)m".unicodeScalars)
                }
                index = end
                continue
            case 0x0A, 0x09:
                result.append(scalar)
            case 0x0D:
                // CR LF is a line break; a lone CR (which overwrites the line) goes.
                break
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                break
            default:
                if !isBidirectionalControl(scalar) { result.append(scalar) }
            }
            index += 1
        }
        return String(result)
    }

    static func needsCleaning(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F..<0xA0).contains(value)
            || isBidirectionalControl(scalar)
    }

    /// The index after the escape sequence starting at `start` (ESC or a C1 introducer): CSI
    /// (`ESC [` … final byte), OSC/DCS/SOS/PM/APC strings (ended by BEL or ST), or ESC and one
    /// character.
    static func endOfEscape(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start + 1
        let introducer: UInt32
        if scalars[start].value == 0x1B {
            guard index < scalars.count else { return index }
            switch scalars[index] {
            case "[": introducer = 0x9B
            case "]": introducer = 0x9D
            case "P": introducer = 0x90
            case "X", "^", "_": introducer = 0x9E
            default: return index + 1
            }
            index += 1
        } else {
            introducer = scalars[start].value
        }
        if introducer == 0x9B {
            // Parameters and intermediates, then one final byte in 0x40–0x7E.
            while index < scalars.count {
                let value = scalars[index].value
                index += 1
                if (0x40...0x7E).contains(value) || value >= 0x80 || value < 0x20 { break }
            }
            return index
        }
        // A control string: up to BEL, ST (ESC \ or U+009C), or the end of the text.
        while index < scalars.count {
            let value = scalars[index].value
            if value == 0x07 || value == 0x9C { return index + 1 }
            if value == 0x1B { return min(index + 2, scalars.count) }
            index += 1
        }
        return index
    }

    /// The code of an `ESC [ n m` sequence when n is one of ``styleCodes``.
    static func styleCode(_ sequence: ArraySlice<Unicode.Scalar>) -> String? {
        guard sequence.count >= 4, sequence.last == "m", sequence[sequence.startIndex + 1] == "[" else {
            return nil
        }
        var code = ""
        code.unicodeScalars.append(contentsOf: sequence.dropFirst(2).dropLast())
        return styleCodes.contains(code) ? code : nil
    }
}
