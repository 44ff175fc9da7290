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
final class Prompter {
    let terminal: any Terminal
    let style: TextStyle
    /// Piped input is echoed after the prompt so that a transcript reads like a session.
    let echoesInput: Bool

    init(terminal: any Terminal, style: TextStyle) {
        self.terminal = terminal
        self.style = style
        self.echoesInput = !terminal.inputIsInteractive
    }

    /// The width text is wrapped to.
    var width: Int { min(max(terminal.columns, 40), 100) }

    /// Prints `text` and a line break.
    func say(_ text: String = "") {
        terminal.write(text + "\n")
    }

    /// Prints `text` wrapped to the terminal with every line indented by `indent`; when `text`
    /// brings its own leading spaces (a list item such as "  1. …"), its first line keeps them
    /// and only the continuation lines get `indent`.
    func sayWrapped(_ text: String, indent: Int = 0) {
        var visible = Substring(text)
        while visible.hasPrefix("\u{1B}["), let end = visible.firstIndex(of: "m") {
            visible = visible[visible.index(after: end)...]
        }
        let bringsIndent = visible.hasPrefix(" ")
        let first = bringsIndent ? text : String(repeating: " ", count: indent) + text
        say(TextWrapping.wrap(first, width: width, hangingIndent: indent))
    }

    /// Prints `text` wrapped to the terminal, its first line as it is and continuation lines
    /// indented by `hangingIndent` (for aligned lists such as level descriptors).
    func sayHanging(_ text: String, hangingIndent: Int) {
        say(TextWrapping.wrap(text, width: width, hangingIndent: hangingIndent))
    }

    /// Prints a warning about the last input, to be followed by the same prompt again.
    func complain(_ text: String) {
        say(style.yellow("  ! ") + text)
    }

    /// Shows `prompt` (with `[default]` when given) and reads a reply.
    func ask(_ prompt: String, default defaultValue: String? = nil) -> Reply {
        var shown = prompt
        if let defaultValue, !defaultValue.isEmpty {
            shown += " " + style.dim("[\(Self.shorten(defaultValue, to: 40))]")
        }
        terminal.write(shown + style.bold(" › "))
        switch terminal.readLine() {
        case .endOfInput:
            terminal.write("\n")
            return .stop(.endOfInput)
        case .interrupted:
            terminal.write("\n")
            return .stop(.interrupted)
        case .line(let line):
            if echoesInput { terminal.write(line + "\n") }
            return Self.classify(line)
        }
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
