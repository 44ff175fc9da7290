import OpModelKit

/// Why the workshop stops before the end.
enum StopReason: Equatable {
    /// The room typed `q`.
    case quit
    /// Ctrl-C or a termination signal.
    case interrupted
    /// Standard input ended.
    case endOfInput
}

/// What the room typed at a prompt, with the words every prompt understands already recognised.
enum Reply: Equatable {
    /// Some text (trimmed). A leading backslash escapes a command word: `\q` is the text "q".
    case text(String)
    /// Just Enter: keep the shown default.
    case empty
    /// `?`: show help.
    case help
    /// `b`: go back one step.
    case back
    /// The session ends: `q`, Ctrl-C or end of input.
    case stop(StopReason)
}

/// Asks questions and prints screens through the ``Terminal``.
///
/// When a person types at a terminal, every screen (what is printed between two prompts, the
/// prompt included) is fitted to the terminal's height, read again before each screen so that a
/// resize is followed: the prompter counts the rows it prints since the last reply, and the
/// screens ask ``rowsLeft`` before printing what may be shortened. Piped input gets every line
/// in full, as a transcript.
final class Prompter {
    let terminal: any Terminal
    let style: TextStyle
    /// Piped input is echoed after the prompt so that a transcript reads like a session.
    let echoesInput: Bool
    /// Whether screens are fitted to the terminal's height (someone types at a terminal).
    let fitsScreens: Bool
    /// Terminal rows printed since the last reply was read: what sits above the next prompt.
    private(set) var rowsOnScreen = 0
    /// Records `! text` typed at any prompt (the parking lot) and returns the line that confirms
    /// it; nil until the workshop has an assessment to keep it in.
    var parkingLot: ((String) -> String)?

    init(terminal: any Terminal, style: TextStyle) {
        self.terminal = terminal
        self.style = style
        self.echoesInput = !terminal.inputIsInteractive
        self.fitsScreens = terminal.inputIsInteractive
    }

    /// The width text is wrapped to.
    var width: Int { min(max(terminal.columns, 40), 100) }

    /// The terminal's width in columns as read now, for counting the rows a line takes.
    var columns: Int { max(terminal.columns, 20) }

    /// The terminal's height in rows as read now (at least 10).
    var height: Int { max(terminal.rows, 10) }

    /// The rows still free above the prompt line on this screen; unlimited for piped input.
    var rowsLeft: Int { fitsScreens ? height - rowsOnScreen - 1 : Int.max / 4 }

    /// The rows `text` takes on the terminal: each line at least one, a line wider than the
    /// terminal as many as it wraps to.
    func rows(of text: String) -> Int {
        Self.rows(of: text, columns: columns)
    }

    static func rows(of text: String, columns: Int) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { total, line in
            total + max(1, (DisplayWidth.of(String(line)) + columns - 1) / max(columns, 1))
        }
    }

    /// Prints `text` and a line break.
    func say(_ text: String = "") {
        terminal.write(text + "\n")
        rowsOnScreen += rows(of: text)
    }

    /// Prints each of `lines`.
    func say(lines: [String]) {
        for line in lines { say(line) }
    }

    /// `text` wrapped to the terminal with every line indented by `indent`, as ``sayWrapped(_:indent:)``
    /// prints it, one element per line.
    func wrapped(_ text: String, indent: Int = 0) -> [String] {
        var visible = Substring(text)
        while visible.hasPrefix("\u{1B}["), let end = visible.firstIndex(of: "m") {
            visible = visible[visible.index(after: end)...]
        }
        let bringsIndent = visible.hasPrefix(" ")
        let first = bringsIndent ? text : String(repeating: " ", count: indent) + text
        return TextWrapping.wrap(first, width: width, hangingIndent: indent).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
    }

    /// `text` wrapped with its first line as it is and the others indented by `hangingIndent`,
    /// one element per line.
    func hanging(_ text: String, hangingIndent: Int) -> [String] {
        TextWrapping.wrap(text, width: width, hangingIndent: hangingIndent).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
    }

    /// Prints `text` wrapped to the terminal with every line indented by `indent`; when `text`
    /// brings its own leading spaces (a list item such as "  1. …"), its first line keeps them
    /// and only the continuation lines get `indent`.
    func sayWrapped(_ text: String, indent: Int = 0) {
        say(lines: wrapped(text, indent: indent))
    }

    /// Prints `text` wrapped to the terminal, its first line as it is and continuation lines
    /// indented by `hangingIndent` (for aligned lists such as level descriptors).
    func sayHanging(_ text: String, hangingIndent: Int) {
        say(lines: hanging(text, hangingIndent: hangingIndent))
    }

    /// Prints a warning about the last input, to be followed by the same prompt again.
    func complain(_ text: String) {
        say(style.yellow("  ! ") + text)
    }

    /// At most `limit` of `lines`, the last one kept ending in `…` when some are left out (a
    /// `limit` below 1 keeps one). For piped input, every line.
    func clipped(_ lines: [String], to limit: Int) -> [String] {
        guard fitsScreens, lines.count > max(limit, 1) else { return lines }
        let kept = Array(lines.prefix(max(limit, 1)))
        return Array(kept.dropLast()) + [ellipsized(kept[kept.count - 1])]
    }

    /// `line` shortened to end in `…` within the terminal's width, at a word's end where one is
    /// near.
    func ellipsized(_ line: String) -> String {
        var text = line
        while !text.isEmpty && DisplayWidth.of(text) > columns - 1 { text.removeLast() }
        if text.count < line.count, !text.hasSuffix(" "), line.dropFirst(text.count).first != " ",
            let space = text.lastIndex(of: " "), text.distance(from: space, to: text.endIndex) < 16
        {
            text = String(text[..<space])
        }
        while let last = text.last, " ·.,;:—–-".contains(last) { text.removeLast() }
        return text + "…"
    }

    /// Shows `prompt` (with `[default]` when given) and reads a reply. `! text` records an item
    /// in the parking lot, confirms it and asks again.
    func ask(_ prompt: String, default defaultValue: String? = nil) -> Reply {
        var shown = prompt
        if let defaultValue, !defaultValue.isEmpty {
            shown += " " + style.dim("[\(Self.shorten(defaultValue, to: 40))]")
        }
        while true {
            terminal.write(shown + style.bold(" › "))
            let input = terminal.readLine()
            rowsOnScreen = 0
            switch input {
            case .endOfInput:
                terminal.write("\n")
                return .stop(.endOfInput)
            case .interrupted:
                terminal.write("\n")
                return .stop(.interrupted)
            case .line(let line):
                if echoesInput { terminal.write(line + "\n") }
                if let parkingLot, let item = Self.parkingLotItem(line) {
                    say(parkingLot(item))
                    continue
                }
                return Self.classify(line)
            }
        }
    }

    /// The text of `! text`, or nil when the line is not a parking-lot item. `!` alone is an
    /// item without text (the hook explains what to type).
    static func parkingLotItem(_ line: String) -> String? {
        let text = line.trimmingSpaces
        guard text.hasPrefix("!") else { return nil }
        return String(text.dropFirst()).trimmingSpaces
    }

    /// Recognises the words every prompt understands.
    static func classify(_ line: String) -> Reply {
        let text = line.trimmingSpaces
        switch text.lowercased() {
        case "": return .empty
        case "?", "help": return .help
        case "b", "back": return .back
        case "q", "quit": return .stop(.quit)
        default:
            if text.hasPrefix("\\") { return .text(String(text.dropFirst())) }
            return .text(text)
        }
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count > length ? String(text.prefix(length - 1)) + "…" : text
    }
}

/// Text longer than a screen, shown a part at a time above the same prompt: each time the room
/// asks again (`?`, `all`) the next part, and after the last the first again. For piped input,
/// all of it at once.
final class Pager {
    private let lines: [String]
    private var offset = 0
    /// What the footer says brings the next part, such as "? shows more help".
    let more: String

    init(lines: [String], more: String) {
        self.lines = lines
        self.more = more
    }

    /// Whether everything has been shown at least once.
    private(set) var shownAll = false

    /// Prints the next part that fits above the prompt, leaving `reserve` rows for what is
    /// printed after it, with a footer when more remains.
    func showNext(on prompter: Prompter, reserve: Int = 0) {
        guard prompter.fitsScreens else {
            prompter.say(lines: lines)
            shownAll = true
            return
        }
        if offset >= lines.count { offset = 0 }
        var budget = max(prompter.rowsLeft - reserve - 1, 3)
        var end = offset
        while end < lines.count {
            let needed = prompter.rows(of: lines[end])
            if needed > budget && end > offset { break }
            budget -= needed
            end += 1
        }
        // The last part needs no footer: it may use the footer's row.
        if end < lines.count, end + 1 == lines.count, prompter.rows(of: lines[end]) <= budget + 1 { end += 1 }
        prompter.say(lines: Array(lines[offset..<end]))
        if end < lines.count {
            prompter.say(prompter.style.dim("  (\(lines.count - end) more lines: \(more))"))
        } else {
            shownAll = true
        }
        offset = end
    }
}
