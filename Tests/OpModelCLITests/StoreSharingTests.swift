import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// A store shared in git: `validate --store` as CI runs it, the `.gitignore` a workshop writes,
/// and two facilitators whose quarters merge without a conflict.
@Suite("Sharing a store: validate --store, .gitignore, git")
struct StoreSharingTests {
    /// A finished workshop of Platform for 2026-Q4 over the mini questionnaire in `sandbox`.
    static func workshop(_ sandbox: Sandbox, team: String = "Platform", store: String? = nil) -> CLIResult {
        var arguments = WorkshopSessionTests.assessArguments(sandbox)
        if let index = arguments.firstIndex(of: "--team") { arguments[index + 1] = team }
        if let store, let index = arguments.firstIndex(of: "--store") { arguments[index + 1] = store }
        return CLIFixtures.run(arguments, input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
    }

    @Test func aStoreInOrderIsValid() {
        let sandbox = Sandbox()
        #expect(Self.workshop(sandbox).code == .success)
        let result = CLIFixtures.run(["validate", "--store", sandbox.store], in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(result.errors.isEmpty)
        #expect(
            result.output
                == "✓ store \(sandbox.store): valid: 1 assessment, 0 respondent files, 1 questionnaire copy\n")
    }

    @Test func everyProblemIsListedWithItsPathAndTheStoreFails() throws {
        let sandbox = Sandbox()
        #expect(Self.workshop(sandbox).code == .success)
        let original = try #require(sandbox.read(WorkshopSessionTests.file))
        // Another folder claims Platform's quarter; a lock no one holds; an answer to a question
        // the questionnaire lacks; a version without a copy; a file outside the layout.
        sandbox.write(original, to: "assessments/platform-copy/2026-Q4.json")
        sandbox.write(
            #"{"pid": 999999, "host": "laptop-b", "since": "2026-11-01T10:00:00Z"}"#,
            to: WorkshopSessionTests.file + ".lock")
        var json = try #require(JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        func write(_ relative: String) throws {
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            sandbox.write(String(decoding: data, as: UTF8.self), to: relative)
        }
        json["team"] = "Data"
        var discover = json["discover"] as? [String: Any] ?? [:]
        var answers = discover["answers"] as? [String: Any] ?? [:]
        answers["ZZ-01"] = ["level": 2]
        discover["answers"] = answers
        json["discover"] = discover
        try write("assessments/data/2026-Q4.json")
        json["team"] = "Legacy"
        json["questionnaire"] = ["id": "mini", "version": "0.1.0"]
        try write("assessments/legacy/2026-Q4.json")
        sandbox.write("{}", to: "assessments/stray.json")
        let result = CLIFixtures.run(["validate", "--store", sandbox.store], in: sandbox)
        #expect(result.code == .dataError)
        let store = sandbox.store
        for line in [
            "\(store)/platform-copy/2026-Q4.json: error (duplicate-claim): claims the same team and quarter as "
                + "\(store)/platform/2026-Q4.json",
            "\(store)/platform/2026-Q4.json.lock: error (stale-lock): a stale lock left by process 999999 on "
                + "laptop-b, since 2026-11-01T10:00:00Z (another host)",
            "\(store)/data/2026-Q4.json: discover.answers.ZZ-01: warning (orphaned-answer): orphaned answer",
            "\(store)/questionnaires/mini@0.1.0.json: error (missing-questionnaire-copy): missing: mini 0.1.0 is "
                + "used by 1 file (\(store)/legacy/2026-Q4.json)",
            "\(store)/stray.json: error (outside-layout): not part of the store's layout",
            // (The mini questionnaire is not installed either, so that file cannot be checked.)
            "\(store)/legacy/2026-Q4.json: error (unreadable): not checked: questionnaire \"mini\" version 0.1.0",
        ] {
            #expect(result.errors.contains(line), "\(line)\n\(result.errors)")
        }
        #expect(result.output.hasPrefix("✗ store \(store): 5 errors, 1 warning in 4 assessments"), "\(result.output)")
    }

    @Test func theStoreComesFromTheOptionOrTheEnvironment() {
        let sandbox = Sandbox()
        let missing = CLIFixtures.run(["validate"], in: sandbox)
        #expect(missing.code == .usage)
        #expect(missing.errors.contains("or --store <dir> to check a whole store"))
        #expect(Self.workshop(sandbox).code == .success)
        let fromEnvironment = CLIFixtures.run(["validate"], in: sandbox, variables: ["OPMODEL_STORE": sandbox.store])
        #expect(fromEnvironment.code == .success)
        #expect(fromEnvironment.output.hasPrefix("✓ store \(sandbox.store): valid"))
        let nowhere = CLIFixtures.run(["validate", "--store", sandbox.path("nowhere")], in: sandbox)
        #expect(nowhere.code == .noInput)
        #expect(nowhere.errors.contains(sandbox.path("nowhere")))
    }

    // MARK: - .gitignore

    @Test func aNewStoreInsideAGitWorkTreeGetsAGitignore() throws {
        let sandbox = Sandbox()
        try FileManager.default.createDirectory(atPath: sandbox.path(".git"), withIntermediateDirectories: true)
        #expect(Self.workshop(sandbox).code == .success)
        let ignored = try #require(sandbox.read("assessments/.gitignore"))
        #expect(ignored == Workspace.gitignoreText)
        let patterns = ignored.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(patterns == ["*.lock", "*.bak", ".*.tmp-*", ".*.bak-*"])
    }

    /// A linked work tree or a submodule has a `.git` file; the store may be the work tree's top.
    @Test func aGitFileCountsAndTheStoreMayBeTheTopOfTheWorkTree() {
        let sandbox = Sandbox()
        sandbox.write("gitdir: /elsewhere/.git/worktrees/x\n", to: "repo/.git")
        #expect(Self.workshop(sandbox, store: sandbox.path("repo")).code == .success)
        #expect(sandbox.read("repo/.gitignore") == Workspace.gitignoreText)
    }

    @Test func noGitignoreOutsideGitOverAnotherOrInAStoreAlreadyStarted() {
        let outside = Sandbox()
        #expect(Self.workshop(outside).code == .success)
        #expect(!outside.exists("assessments/.gitignore"))

        let own = Sandbox()
        own.write("", to: ".git/HEAD")
        own.write("mine\n", to: "assessments/.gitignore")
        #expect(Self.workshop(own).code == .success)
        #expect(own.read("assessments/.gitignore") == "mine\n")

        // A store that workshops already used before it went into git: its .gitignore is the team's choice.
        let started = Sandbox()
        #expect(Self.workshop(started).code == .success)
        started.write("", to: ".git/HEAD")
        #expect(Self.workshop(started, team: "Data").code == .success)
        #expect(!started.exists("assessments/.gitignore"))
    }
}
