/// What a read from the person at the keyboard gave.
public enum TerminalInput: Equatable, Sendable {
    /// A line, without its line break.
    case line(String)
    /// Standard input ended (Ctrl-D, or the end of a piped script).
    case endOfInput
    /// Ctrl-C (or a termination signal) arrived.
    case interrupted
}

/// The only way the command line talks to a person; tests inject a scripted one.
public protocol Terminal: AnyObject {
    /// Reads one line of input.
    func readLine() -> TerminalInput
    /// Writes to standard output.
    func write(_ text: String)
    /// Writes to standard error.
    func writeError(_ text: String)
    /// Whether standard input is a terminal (rather than a pipe or a file).
    var inputIsInteractive: Bool { get }
    /// Whether standard output is a terminal.
    var outputIsInteractive: Bool { get }
    /// Whether standard error is a terminal.
    var errorIsInteractive: Bool { get }
    /// The width of the terminal in columns.
    var columns: Int { get }
    /// The height of the terminal in rows.
    var rows: Int { get }
    /// Whether standard error writes to the same terminal as standard output (the room's
    /// screen), rather than to another window or a file.
    var errorIsOutputScreen: Bool { get }
    /// Why writing to standard output failed, once it has.
    var outputFailure: OutputFailure? { get }
}

extension Terminal {
    /// 24 rows unless the terminal says otherwise.
    public var rows: Int { 24 }
    /// No failure unless the terminal says otherwise.
    public var outputFailure: OutputFailure? { nil }
    /// Standard error is taken to be elsewhere unless the terminal says otherwise.
    public var errorIsOutputScreen: Bool { false }
}

/// ANSI styling, on only when colour is wanted (DESIGN §6: a TTY, no `NO_COLOR`, not
/// `TERM=dumb`, unless `--color` says otherwise).
public struct TextStyle: Sendable {
    /// Whether escape codes are written.
    public var isEnabled: Bool

    /// Plain text.
    public static let plain = TextStyle(isEnabled: false)

    /// The style for a stream given the `--color` choice and the environment.
    public static func resolve(choice: String?, isTerminal: Bool, environment: [String: String]) -> TextStyle {
        switch choice {
        case "always": return TextStyle(isEnabled: true)
        case "never": return .plain
        default:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let dumb = environment["TERM"] == "dumb"
            return TextStyle(isEnabled: isTerminal && !noColor && !dumb)
        }
    }

    func apply(_ code: String, _ text: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Bold.
    public func bold(_ text: String) -> String { apply("1", text) }
    /// Dimmed.
    public func dim(_ text: String) -> String { apply("2", text) }
    /// Red, for errors.
    public func red(_ text: String) -> String { apply("31", text) }
    /// Green, for success.
    public func green(_ text: String) -> String { apply("32", text) }
    /// Yellow, for warnings.
    public func yellow(_ text: String) -> String { apply("33", text) }
    /// Cyan, for headings.
    public func cyan(_ text: String) -> String { apply("36", text) }
}
