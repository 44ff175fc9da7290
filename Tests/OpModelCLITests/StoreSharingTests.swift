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

    /// Through the built binary, as CI runs it: a store with one of every kind of problem the
    /// check knows; each is listed on standard error with its path and kind, and the exit is 65.
    @Test func theBinaryListsEveryKindOfProblemWithItsPath() throws {
        let sandbox = Sandbox()
        let workshop = try BinaryRunner.run(
            WorkshopSessionTests.assessArguments(sandbox), input: WorkshopScript.whole.joined(separator: "\n") + "\n",
            in: sandbox.root)
        #expect(workshop.status == 0, "\(workshop.transcript)")
        let original = try #require(sandbox.read(WorkshopSessionTests.file))
        let mini = try #require(sandbox.read("assessments/questionnaires/mini@1.0.0.json"))
        let cloud = try String(
            contentsOfFile: CLIFixtures.repositoryRoot + "/Questionnaires/cloud-operating-model.json", encoding: .utf8)
        /// The workshop's assessment with `change` applied, written at `relative` in the store.
        func variant(_ relative: String, _ change: (inout [String: Any]) -> Void) throws {
            var json = try #require(JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
            change(&json)
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            sandbox.write(String(decoding: data, as: UTF8.self), to: "assessments/" + relative)
        }
        func answers(_ json: inout [String: Any], _ extra: [String: Any]) {
            var discover = json["discover"] as? [String: Any] ?? [:]
            var answers = discover["answers"] as? [String: Any] ?? [:]
            answers.merge(extra) { $1 }
            discover["answers"] = answers
            json["discover"] = discover
        }
        sandbox.write("{ not json\n", to: "assessments/broken/2026-Q4.json")  // unreadable
        try variant("data/2026-Q4.json") { json in  // invalid, orphaned-answer, assessment-warning
            json["team"] = "Data"
            answers(&json, ["OP-01": ["level": 9], "ZZ-01": ["level": 2], "OP-02": ["level": 3, "votes": ["p9": 3]]])
        }
        try variant("legacy/2026-Q4.json") { json in  // missing-questionnaire-copy
            json["team"] = "Legacy"
            json["questionnaire"] = ["id": "mini", "version": "0.9.0"]
        }
        sandbox.write(
            #"{"format": "opmodel.questionnaire", "formatVersion": 1}"#,
            to: "assessments/questionnaires/custom@1.0.0.json")
        sandbox.write(mini, to: "assessments/questionnaires/mini@7.0.0.json")  // misnamed
        sandbox.write(
            cloud.replacingOccurrences(of: "\"title\": \"Cloud", with: "\"title\": \"Changed Cloud"),
            to: "assessments/questionnaires/cloud-operating-model@1.0.0.json")  // changed
        try variant("platform-copy/2026-Q4.json") { _ in }  // duplicate-claim
        try variant("platform/2026-Q3.json") { json in json["id"] = "another-id" }  // period-mismatch
        try variant("ops/2026-Q1.json") { json in
            json["team"] = "Ops"
            json["period"] = "2026-Q1"
        }
        try variant("ops/2026-Q2.json") { json in  // renamed-team
            json["team"] = "Operations"
            json["period"] = "2026-Q2"
        }
        sandbox.write("{}", to: "assessments/stray.json")  // outside-layout
        sandbox.write("partial", to: "assessments/platform/.2026-Q4.json.tmp-4242-17")  // temporary-file
        sandbox.write(
            #"{"pid": 12, "host": "laptop-b", "since": "2026-11-02T10:00:00Z"}"#,
            to: "assessments/platform/2026-Q4.json.lock")  // stale-lock
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("assessments/platform/2026-Q1.json"), withDestinationPath: "/etc/hostname")  // link

        let result = try BinaryRunner.run(["validate", "--store", "assessments"], in: sandbox.root)
        #expect(result.status == 65, "\(result.transcript)")
        let expected: [(StoreCheck.Problem.Kind, String)] = [
            (.unreadable, "broken/2026-Q4.json"), (.invalid, "data/2026-Q4.json"),
            (.orphanedAnswer, "data/2026-Q4.json"), (.assessmentWarning, "data/2026-Q4.json"),
            (.missingQuestionnaireCopy, "questionnaires/mini@0.9.0.json"),
            (.invalidQuestionnaireCopy, "questionnaires/custom@1.0.0.json"),
            (.misnamedQuestionnaireCopy, "questionnaires/mini@7.0.0.json"),
            (.changedQuestionnaireCopy, "questionnaires/cloud-operating-model@1.0.0.json"),
            (.duplicateClaim, "platform-copy/2026-Q4.json"), (.periodMismatch, "platform/2026-Q3.json"),
            (.renamedTeam, "ops"), (.outsideLayout, "stray.json"),
            (.temporaryFile, "platform/.2026-Q4.json.tmp-4242-17"), (.staleLock, "platform/2026-Q4.json.lock"),
            (.link, "platform/2026-Q1.json"),
        ]
        #expect(Set(expected.map(\.0)) == Set(StoreCheck.Problem.Kind.allCases), "a kind without a case here")
        for (kind, path) in expected {
            #expect(
                result.lines(ofErrors: "assessments/\(path): ").contains { $0.contains("(\(kind.rawValue)): ") },
                "\(kind.rawValue) at \(path):\n\(result.errors)")
        }
        #expect(result.output.hasPrefix("✗ store assessments: "), "\(result.output)")
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

    // MARK: - git

    /// Two facilitators each add a team's quarter in their clone of the store's repository and
    /// push a branch; a third merges both into main without a conflict (one file per team and
    /// quarter; the questionnaire copy and the .gitignore are the same bytes on both sides), and
    /// the merged store passes `validate --store` as CI runs it.
    @Test func twoClonesAddTheirTeamsAndAThirdMergesBothWithoutConflict() throws {
        let git = try ExternalTools.require("git", "a store repository cannot be made")
        let sandbox = Sandbox()
        let environment = GitRepositories.environment(home: sandbox.root)
        @discardableResult
        func run(_ arguments: [String], in folder: String) throws -> BinaryRunner.Result {
            let result = try ExternalTools.run(git, arguments, in: sandbox.path(folder), extra: environment)
            #expect(result.status == 0, "git \(arguments.joined(separator: " ")) in \(folder): \(result.transcript)")
            return result
        }
        try run(["init", "-q", "--bare", "-b", "main", "store.git"], in: "")
        try run(["clone", "-q", "store.git", "setup"], in: "")
        sandbox.write("# Acme's assessments\n", to: "setup/README.md")
        try run(["add", "README.md"], in: "setup")
        try run(["commit", "-q", "-m", "A store for Acme"], in: "setup")
        try run(["push", "-q", "origin", "HEAD:main"], in: "setup")

        for (clone, team) in [("alice", "Platform"), ("bob", "Data")] {
            try run(["clone", "-q", "store.git", clone], in: "")
            var arguments = WorkshopSessionTests.assessArguments(sandbox)
            if let index = arguments.firstIndex(of: "--team") { arguments[index + 1] = team }
            if let index = arguments.firstIndex(of: "--store") { arguments[index + 1] = "." }
            let workshop = try BinaryRunner.run(
                arguments, input: WorkshopScript.whole.joined(separator: "\n") + "\n", in: sandbox.path(clone))
            #expect(workshop.status == 0, "\(workshop.transcript)")
            try run(["add", "-A"], in: clone)
            try run(["commit", "-q", "-m", "\(team), 2026-Q4"], in: clone)
            try run(["push", "-q", "origin", "HEAD:\(clone)"], in: clone)
            // What is committed: the assessment, its roadmap, the questionnaire copy and the
            // .gitignore; never a backup or a lock.
            let files = try run(["ls-files"], in: clone).lines
            #expect(files.contains("\(team.lowercased())/2026-Q4.json") && files.contains(".gitignore"), "\(files)")
            #expect(files.contains { $0.hasPrefix("questionnaires/mini@") }, "\(files)")
            #expect(
                !files.contains { $0.hasSuffix(".bak") || $0.hasSuffix(".lock") || $0.contains(".tmp-") }, "\(files)")
        }

        try run(["clone", "-q", "store.git", "carol"], in: "")
        try run(["merge", "--no-edit", "-q", "origin/alice"], in: "carol")
        let merge = try run(["merge", "--no-edit", "origin/bob"], in: "carol")
        #expect(!merge.output.contains("CONFLICT"), "\(merge.transcript)")
        #expect(try run(["status", "--porcelain"], in: "carol").output.isEmpty)
        let check = try BinaryRunner.run(["validate", "--store", "."], in: sandbox.path("carol"))
        #expect(check.status == 0, "\(check.transcript)")
        #expect(check.output.hasPrefix("✓ store .: valid: 2 assessments"), "\(check.output)")
        let portfolio = try BinaryRunner.run(["portfolio", "--store", "."], in: sandbox.path("carol"))
        #expect(portfolio.status == 0 && portfolio.output.contains("Platform") && portfolio.output.contains("Data"))
    }
}
