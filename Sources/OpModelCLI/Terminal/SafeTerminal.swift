import OpModelKit

/// The terminal every command writes to: each write is cleaned by
/// ``UntrustedText/forTerminal(_:keepingStyles:)``, so that no control sequence from a file (a
/// screen clear, a window title, a hyperlink, a carriage return, a bidirectional override)
/// reaches the person's terminal, whichever command prints it (DESIGN §10.3). Only the colour
/// and weight codes opmodel writes itself pass, and only where colour is on.
final class SafeTerminal: Terminal {
    let base: any Terminal
    let stylesOnOutput: Bool
    let stylesOnErrors: Bool

    init(_ base: any Terminal, stylesOnOutput: Bool, stylesOnErrors: Bool) {
        self.base = base
        self.stylesOnOutput = stylesOnOutput
        self.stylesOnErrors = stylesOnErrors
    }

    func readLine() -> TerminalInput { base.readLine() }
    func write(_ text: String) { base.write(UntrustedText.forTerminal(text, keepingStyles: stylesOnOutput)) }
    func writeError(_ text: String) { base.writeError(UntrustedText.forTerminal(text, keepingStyles: stylesOnErrors)) }
    var inputIsInteractive: Bool { base.inputIsInteractive }
    var outputIsInteractive: Bool { base.outputIsInteractive }
    var errorIsInteractive: Bool { base.errorIsInteractive }
    var columns: Int { base.columns }
    var rows: Int { base.rows }
    var errorIsOutputScreen: Bool { base.errorIsOutputScreen }
    var outputFailure: OutputFailure? { base.outputFailure }

    /// The exit code once the command is done: a failed write to standard output turns success
    /// into 74 (with a message), and a reader that closed the pipe (`| head`) ends quietly.
    func finish(_ code: ExitCode, errorStyle: TextStyle) -> ExitCode {
        switch outputFailure {
        case nil:
            return code
        case .closedPipe:
            return code == .success || code == .interrupted ? .closedPipe : code
        case .failed(let reason):
            writeError(errorStyle.red("Error:") + " cannot write to standard output: \(reason)\n")
            return code == .success ? .ioError : code
        }
    }
}

/// Why writing to standard output failed.
public enum OutputFailure: Equatable, Sendable {
    /// The reader closed the pipe (`opmodel report FILE | head`).
    case closedPipe
    /// Any other failure, such as a full disk (`> /dev/full`).
    case failed(String)
}
