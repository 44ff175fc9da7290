import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// A terminal that reads a script and records everything written, for scripted sessions.
final class ScriptedTerminal: Terminal {
    private var script: [TerminalInput]
    private(set) var output = ""
    private(set) var errors = ""
    /// How many lines the program asked for.
    private(set) var reads = 0
    let inputIsInteractive: Bool
    let outputIsInteractive = false
    let errorIsInteractive = false
    let columns: Int
    let rows: Int

    init(_ script: [TerminalInput], interactive: Bool = false, columns: Int = 100, rows: Int = 24) {
        self.script = script
        self.inputIsInteractive = interactive
        self.columns = columns
        self.rows = rows
    }

    /// Lines not read by the program.
    var unread: [TerminalInput] { script }

    func readLine() -> TerminalInput {
        reads += 1
        guard !script.isEmpty else { return .endOfInput }
        return script.removeFirst()
    }

    func write(_ text: String) { output += text }
    func writeError(_ text: String) { errors += text }
}

/// A clock stopped at one moment (2026-11-23 10:00 UTC, in 2026-Q4).
struct FixedClock: Clock {
    var date = Date(timeIntervalSince1970: 1_795_428_000)
    func now() -> Date { date }
}

/// A temporary folder, removed when the test ends.
final class Sandbox {
    let root: String

    init() {
        let path = NSTemporaryDirectory() + "opmodel-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        root = path
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// `root/relative`.
    func path(_ relative: String) -> String { root + "/" + relative }

    /// The assessment store of the sandbox.
    var store: String { path("assessments") }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ text: String, to relative: String) {
        let url = URL(fileURLWithPath: path(relative))
        try? FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: url)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Loads an assessment written by the program.
    func assessment(_ relative: String) throws -> Assessment {
        try DocumentLoader.assessment(from: Array((read(relative) ?? "").utf8), file: relative)
    }
}

/// What one run of the command line gave.
struct CLIResult {
    var code: ExitCode
    var output: String
    var errors: String
    var terminal: ScriptedTerminal
}

/// Test data shared by the command-line tests.
enum CLIFixtures {
    /// The repository's root folder.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The two-domain questionnaire of the command-line tests.
    static let miniQuestionnaire = repositoryRoot + "/Tests/OpModelCLITests/Fixtures/mini.json"

    /// Runs `opmodel arguments` in `sandbox` with `input` as the person's lines.
    static func run(
        _ arguments: [String], input: [TerminalInput] = [], in sandbox: Sandbox, interactive: Bool = false,
        variables: [String: String] = [:], columns: Int = 100, rows: Int = 24
    ) -> CLIResult {
        let terminal = ScriptedTerminal(input, interactive: interactive, columns: columns, rows: rows)
        let environment = CommandEnvironment(
            terminal: terminal, fileSystem: LocalFileSystem(), clock: FixedClock(), variables: variables,
            currentDirectory: sandbox.root, executableDirectory: nil, invocation: "opmodel", processID: 4242,
            hostName: "test-host", isProcessRunning: { _ in false }, makeIdentifier: { "assessment-under-test" })
        let code = OpModelCLI.run(arguments, environment: environment)
        return CLIResult(code: code, output: terminal.output, errors: terminal.errors, terminal: terminal)
    }

    /// Lines as terminal input.
    static func lines(_ lines: [String]) -> [TerminalInput] { lines.map { .line($0) } }
}
