import Foundation

/// Runs the GitHub-flavoured Markdown linter (`pymarkdown` from PyPI's pymarkdownlnt) for tests.
public enum MarkdownLinter {
    /// What linting gave.
    public enum Outcome: Equatable, Sendable {
        /// The linter is not installed (CI installs it; see `.ci/run`).
        case notInstalled
        /// No problem.
        case clean
        /// The linter's report.
        case problems(String)
    }

    /// Whether the environment demands the linter (`OPMODEL_REQUIRE_MARKDOWN_LINT=1`, set by CI).
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["OPMODEL_REQUIRE_MARKDOWN_LINT"] == "1"
    }

    /// The linter's path, if installed.
    public static var executable: String? {
        let candidates =
            ["/usr/local/bin/pymarkdown", "/usr/bin/pymarkdown"]
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/pymarkdown" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Lints the file at `path` with line length (MD013) off: tables and prose lines are long.
    public static func lint(file path: String) throws -> Outcome {
        guard let executable else { return .notInstalled }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--disable-rules", "md013", "scan", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? .clean : .problems(output)
    }

    /// Lints `markdown` by writing it to a temporary file named after `name`.
    public static func lint(_ markdown: String, name: String) throws -> Outcome {
        let path = NSTemporaryDirectory() + "opmodel-lint-\(UUID().uuidString)-\(name).md"
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try lint(file: path)
    }
}
