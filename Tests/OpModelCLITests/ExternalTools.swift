import Foundation
import Testing

/// The programs beside opmodel that the end-to-end tests drive: shells, `man`, `git`, `ldd`, the
/// install scripts. A test that needs one that is not installed is cancelled with the reason,
/// unless `OPMODEL_REQUIRE_TOOLS=1` (set by `.ci/run`, which installs them): then it fails.
enum ExternalTools {
    /// Whether a missing tool fails the test instead of skipping it.
    static var areRequired: Bool { ProcessInfo.processInfo.environment["OPMODEL_REQUIRE_TOOLS"] == "1" }

    /// The full path of `name` on `PATH` (or in /usr/bin, /bin), if installed.
    static func find(_ name: String) -> String? {
        let folders =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The path of `name`; when it is missing, cancels the test with `why` (or fails it, when
    /// tools are required).
    static func require(_ name: String, _ why: String) throws -> String {
        if let path = find(name) { return path }
        let reason = "\(name) is not installed (Debian: apt-get install \(package(of: name))); \(why)"
        if areRequired {
            Issue.record(Comment(rawValue: reason + " — OPMODEL_REQUIRE_TOOLS=1 demands it"))
            throw MissingTool(name: name)
        }
        try Test.cancel(Comment(rawValue: "Skipped: " + reason))
    }

    /// The Debian package that brings `tool`.
    static func package(of tool: String) -> String {
        switch tool {
        case "man": return "man-db"
        case "ldd": return "libc-bin"
        case "python3": return "python3 python3-yaml"
        default: return tool
        }
    }

    /// A tool that a required test could not find.
    struct MissingTool: Error, CustomStringConvertible {
        var name: String
        var description: String { "\(name) is not installed" }
    }

    /// Runs `executable arguments` in `directory` and waits for it (at most `timeout` seconds).
    /// `environment` replaces the test's environment when given; `extra` is added to it.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String]? = nil,
        extra: [String: String] = [:], input: String = "", timeout: Double = 120
    ) throws -> BinaryRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var variables = environment ?? ProcessInfo.processInfo.environment
        for (key, value) in extra { variables[key] = value }
        process.environment = variables
        return try BinaryRunner.run(process, input: input, timeout: timeout)
    }

    /// Runs `script` with `bash -euo pipefail` in `directory`.
    static func bash(
        _ script: String, in directory: String, extra: [String: String] = [:], timeout: Double = 120
    ) throws -> BinaryRunner.Result {
        try run("/bin/bash", ["-euo", "pipefail", "-c", script], in: directory, extra: extra, timeout: timeout)
    }

    /// Runs blocking `work` on a thread of its own, so that a long wait (a release build) never
    /// holds one of the few threads that run the other tests.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// The helper programs of these tests (`zsh-complete`, `run-ci-template`).
    static func helper(_ name: String) -> String {
        CLIFixtures.repositoryRoot + "/Tests/OpModelCLITests/Fixtures/tools/" + name
    }
}

extension BinaryRunner.Result {
    /// Standard output, standard error and the status, for a failure message.
    var transcript: String {
        "status \(status)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(output)\n--- stderr\n\(errors)"
    }

    /// The lines of standard output.
    var lines: [String] { output.split(separator: "\n").map(String.init) }
}

/// git as the tests use it: none of the person's configuration, a fixed author.
enum GitRepositories {
    /// The environment for git commands, with `home` as their home folder.
    static func environment(home: String) -> [String: String] {
        [
            "HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Test Facilitator", "GIT_AUTHOR_EMAIL": "facilitator@example.com",
            "GIT_COMMITTER_NAME": "Test Facilitator", "GIT_COMMITTER_EMAIL": "facilitator@example.com",
        ]
    }
}

extension BinaryRunner.Result {
    /// The lines of standard error that start with `prefix`.
    func lines(ofErrors prefix: String) -> [String] {
        errors.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }
}
