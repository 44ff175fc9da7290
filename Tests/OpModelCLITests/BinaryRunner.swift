import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `opmodel` executable as a separate process, the way a person or a script
/// would (after swift-argument-parser's `AssertExecuteCommand`).
enum BinaryRunner {
    /// The folder holding the built products (the test bundle sits beside the executable).
    static var productsDirectory: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for candidate in candidates
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("opmodel").path) {
            return candidate
        }
        return candidates[0]
    }

    /// The executable under test.
    static var executable: URL { productsDirectory.appendingPathComponent("opmodel") }

    struct Result {
        var status: Int32
        var output: String
        var errors: String
        /// Whether the process was killed for running longer than its timeout.
        var timedOut = false
    }

    /// A child that stops reading its input must not end the test process: SIGPIPE is ignored
    /// once for the whole run, and writes to a closed pipe just fail.
    static let ignoringBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Writes `text` to a pipe, tolerating a reader that has gone (EPIPE).
    static func send(_ text: String, to handle: FileHandle) {
        send(Array(text.utf8), to: handle)
    }

    /// Writes `bytes` to a pipe, tolerating a reader that has gone (EPIPE).
    static func send(_ bytes: [UInt8], to handle: FileHandle) {
        _ = ignoringBrokenPipes
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.write(handle.fileDescriptor, buffer.baseAddress, buffer.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Runs `opmodel arguments` in `directory`, writing `input` to its standard input and closing it.
    static func run(
        _ arguments: [String], input: String = "", in directory: String, environment: [String: String] = [:]
    ) throws -> Result {
        try run(configured(arguments, in: directory, environment: environment), input: input)
    }

    /// Runs a configured `process`, writing `input` to its standard input and closing it.
    static func run(_ process: Process, input: String, timeout: Double = 300) throws -> Result {
        _ = ignoringBrokenPipes
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the process runs so that a full pipe never blocks it.
        let outputReader = PipeReader(stdout)
        let errorReader = PipeReader(stderr)
        send(input, to: stdin.fileHandleForWriting)
        try? stdin.fileHandleForWriting.close()
        let timedOut = !waitForExit(process, seconds: timeout)
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return Result(
            status: process.terminationStatus, output: outputReader.text(), errors: errorReader.text(),
            timedOut: timedOut)
    }

    /// Waits up to `seconds` for `process` to end; whether it did.
    static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline { return false }
            usleep(10_000)
        }
        process.waitUntilExit()
        return true
    }

    /// A process for `opmodel arguments` in `directory`, not yet started.
    static func configured(_ arguments: [String], in directory: String, environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var variables = ProcessInfo.processInfo.environment
        variables["NO_COLOR"] = "1"
        variables.removeValue(forKey: "OPMODEL_STORE")
        variables.removeValue(forKey: "OPMODEL_HOME")
        // Rescue copies of failed saves go to the sandbox, never to the person's home.
        variables["XDG_STATE_HOME"] = URL(fileURLWithPath: directory).appendingPathComponent(".state").path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        return process
    }
}

/// Collects everything a pipe delivers on a background thread.
final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                data.append(chunk)
                lock.unlock()
            }
            done.signal()
        }
    }

    /// Everything read so far, once the writer has closed the pipe.
    func text() -> String {
        done.wait()
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything read so far, without waiting.
    func snapshot() -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
