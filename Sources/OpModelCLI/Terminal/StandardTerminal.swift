import OpModelKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's real standard input, output and error.
///
/// Input is read with `read(2)` so that Ctrl-C interrupts a waiting prompt (the handler is
/// installed without `SA_RESTART`) and the workshop can save and print the resume command.
public final class StandardTerminal: Terminal {
    private var buffer: [UInt8] = []
    private var reachedEnd = false
    /// Whether the line being read was longer than ``maximumLineBytes`` and cut.
    private var cutLine = false
    /// Why writing to standard output failed, once it has.
    public private(set) var outputFailure: OutputFailure?

    /// The longest line kept; the rest of a longer line is dropped with a warning.
    static let maximumLineBytes = 1_048_576

    /// The process's terminal.
    public init() {}

    /// Installs the signal handlers (see ``SignalPolicy``).
    public static func installSignalHandlers() {
        SignalPolicy.install()
    }

    /// Whether an interruption has arrived.
    public static var wasInterrupted: Bool { interruptionReceived.load(ordering: .relaxed) }

    /// Reads one line from standard input, or reports end of input or an interrupt.
    public func readLine() -> TerminalInput {
        while true {
            if Self.wasInterrupted { return .interrupted }
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return finishLine(line)
            }
            if reachedEnd {
                if buffer.isEmpty { return .endOfInput }
                let line = buffer
                buffer.removeAll()
                return finishLine(line)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                reachedEnd = true
                continue
            }
            if count == 0 {
                reachedEnd = true
                continue
            }
            if buffer.count < Self.maximumLineBytes {
                buffer.append(contentsOf: chunk[..<count])
            } else if let newline = chunk[..<count].firstIndex(of: 0x0A) {
                // Drop the overlong remainder of the line, keep what follows it.
                buffer.append(contentsOf: chunk[newline..<count])
                cutLine = true
            } else {
                cutLine = true
            }
        }
    }

    /// The line as the program gets it; a line that was cut says so on standard error.
    private func finishLine(_ bytes: [UInt8]) -> TerminalInput {
        if cutLine {
            cutLine = false
            writeError(
                "Warning: the line typed was longer than \(Self.maximumLineBytes / 1_048_576) MiB; only its start was kept.\n"
            )
        }
        return .line(InputSanitizer.clean(String(decoding: bytes, as: UTF8.self)))
    }

    /// Writes to standard output at once. After a failure nothing more is written, and the
    /// workshop stops as after Ctrl-C (its answers are saved); the exit code says what failed.
    public func write(_ text: String) {
        guard outputFailure == nil else { return }
        if let code = Self.writeAll(text, to: 1) {
            outputFailure = code == EPIPE ? .closedPipe : .failed(LocalFileSystem.describe(code))
            interruptionReceived.store(true, ordering: .sequentiallyConsistent)
        }
    }

    /// Writes to standard error at once (a failure there has nowhere to be reported).
    public func writeError(_ text: String) {
        _ = Self.writeAll(text, to: 2)
    }

    /// Writes every byte; the `errno` of a failure, nil on success.
    static func writeAll(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        bytes.removeAll()
        return nil
    }

    /// Whether standard input is a terminal.
    public var inputIsInteractive: Bool { isatty(0) == 1 }
    /// Whether standard output is a terminal.
    public var outputIsInteractive: Bool { isatty(1) == 1 }
    /// Whether standard error is a terminal.
    public var errorIsInteractive: Bool { isatty(2) == 1 }

    /// The terminal width in columns (80 when unknown), read at each call so that a resize is followed.
    public var columns: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// Whether standard error and standard output are the same terminal device.
    public var errorIsOutputScreen: Bool {
        guard isatty(1) == 1, isatty(2) == 1 else { return false }
        var output = stat()
        var error = stat()
        guard fstat(1, &output) == 0, fstat(2, &error) == 0 else { return false }
        return output.st_rdev == error.st_rdev
    }

    /// The terminal height in rows (24 when unknown), read at each call.
    public var rows: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 {
            return Int(size.ws_row)
        }
        return 24
    }
}

/// Cleans a typed line: escape sequences (arrow keys typed at a prompt) and control
/// characters are removed, tabs become spaces. Everything else, including emoji, right-to-left
/// text and combining marks, is kept as typed.
enum InputSanitizer {
    static func clean(_ line: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                // ESC [ params final; ESC ] text (BEL or ESC \\), as in a window title; or ESC + one
                // character.
                guard let next = scalars.next() else { break }
                if next == "[" || next == "O" {
                    while let part = scalars.next() {
                        if (0x40...0x7E).contains(part.value), part != "[" { break }
                    }
                } else if next == "]" || next == "P" || next == "_" || next == "^" {
                    while let part = scalars.next() {
                        if part.value == 0x07 || part.value == 0x9C { break }
                        if part.value == 0x1B {
                            _ = scalars.next()
                            break
                        }
                    }
                }
            case 0x09:
                result.append(" ")
            case 0x00..<0x20, 0x7F, 0x80..<0xA0:
                continue
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }
}
