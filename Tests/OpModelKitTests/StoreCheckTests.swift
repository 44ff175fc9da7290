import Foundation
import Testing

@testable import OpModelKit

/// A store on disk with one of every problem `opmodel validate --store` looks for, beside files
/// that are all in order.
struct ProblemStore {
    let store: Workspace
    let root: String
    let cloud: Questionnaire
    let cloudText: String

    static let locator = ResourceLocator(searchFolders: [], fileSystem: LocalFileSystem())

    init() throws {
        root = try Fixtures.temporaryFolder() + "/store"
        store = Workspace(root: root, fileSystem: LocalFileSystem())
        cloudText = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Questionnaires/cloud-operating-model.json"),
            encoding: .utf8)
        cloud = try DocumentLoader.questionnaire(from: Array(cloudText.utf8), file: "cloud")
    }

    /// An assessment of `team` for `period` made with the shipped questionnaire (or `version`).
    func assessment(_ team: String, _ period: String, version: String? = nil, answers: [String: Answer] = [:])
        -> Assessment
    {
        var assessment = Assessment(
            id: "id-\(team)-\(period)", organization: "Acme", team: team, period: Fixtures.period(period),
            questionnaire: QuestionnaireReference(id: cloud.id, version: version ?? cloud.version),
            createdAt: "2026-11-01T00:00:00Z")
        assessment.participants = [Participant(id: "p1", name: "Ana")]
        assessment.discover.answers = answers.isEmpty ? ["OL-01": .level(3)] : answers
        return assessment
    }

    func write(_ text: String, _ relative: String) throws {
        let path = root + "/" + relative
        try store.fileSystem.createDirectory(at: PathText.folder(of: path))
        try store.fileSystem.writeAtomically(text, to: path, backup: false)
    }

    func write(_ assessment: Assessment, _ relative: String) throws {
        try write(try DocumentWriter.text(of: assessment), relative)
    }

    /// A store without problems: an assessment, its roadmap, a respondent's file, the copy, a
    /// portfolio and git's files.
    func writeClean() throws {
        try write(assessment("Platform", "2026-Q4"), "platform/2026-Q4.json")
        try write(assessment("Platform", "2026-Q3"), "platform/2026-Q4.json.bak")
        try write("# Roadmap\n", "platform/2026-Q4-roadmap.md")
        var respondent = assessment("Platform", "2026-Q4")
        respondent.respondent = "Ana"
        try write(respondent, "platform/respondents/2026-Q4/ana.json")
        try write(cloudText, "questionnaires/\(cloud.id)@\(cloud.version).json")
        try write("# Portfolio\n", "portfolio.md")
        try write(Workspace.gitignoreText, ".gitignore")
        try write("ref: refs/heads/main\n", ".git/HEAD")
    }

    /// Adds one of each problem; returns the lock file that a running workshop holds.
    func writeProblems() throws {
        try write("{ not json\n", "broken/2026-Q4.json")
        try write(
            assessment(
                "Data", "2026-Q4",
                answers: ["OL-01": .level(9), "XX-99": .level(2), "OL-02": Answer(level: 3, votes: ["p9": 3])]),
            "data/2026-Q4.json")
        try write(assessment("Legacy", "2026-Q4", version: "0.9.0"), "legacy/2026-Q4.json")
        try write("{\"format\": \"opmodel.questionnaire\", \"formatVersion\": 1}\n", "questionnaires/custom@1.0.0.json")
        try write(cloudText, "questionnaires/\(cloud.id)@7.0.0.json")
        let genai = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("Questionnaires/genai-readiness.json"),
            encoding: .utf8)
        let genaiVersion = try DocumentLoader.questionnaire(from: Array(genai.utf8), file: "genai").version
        try write(
            genai.replacingOccurrences(of: "\"title\": \"Generative AI", with: "\"title\": \"Changed: Generative AI"),
            "questionnaires/genai-readiness@\(genaiVersion).json")
        try write(assessment("Platform", "2026-Q4"), "platform-old/2026-Q4.json")
        try write(assessment("Platform", "2026-Q4"), "platform/2026-Q3.json")
        try write(assessment("Ops", "2026-Q1"), "ops/2026-Q1.json")
        try write(assessment("Operations", "2026-Q2"), "ops/2026-Q2.json")
        var late = assessment("Platform", "2026-Q4")
        late.respondent = "Bob"
        try write(late, "platform/respondents/2026-Q3/bob.json")
        try write("{}\n", "stray.json")
        try write("notes\n", "platform/notes.txt")
        try write("partial", "platform/.2026-Q4.json.tmp-4242-17")
        try write(
            "{\"pid\": 999999, \"host\": \"this-host\", \"since\": \"2026-11-01T10:00:00Z\"}\n",
            "platform/2026-Q4.json.lock")
        try write(
            "{\"pid\": 12, \"host\": \"laptop-b\", \"since\": \"2026-11-02T10:00:00Z\"}\n", "ops/2026-Q2.json.lock")
        try FileManager.default.createSymbolicLink(
            atPath: root + "/platform/2026-Q1.json", withDestinationPath: "/etc/hostname")
    }

    /// Every file's bytes, to see that checking changes nothing.
    func snapshot() -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            result[relative] = FileManager.default.contents(atPath: root + "/" + relative) ?? Data()
        }
        return result
    }

    func check() throws -> StoreCheck {
        try StoreCheck.run(
            store, locator: Self.locator, checker: StoreCheck.Checker(host: "this-host", isRunning: { _ in false }))
    }
}

@Suite("validate --store: a whole store checked as CI would")
struct StoreCheckTests {
    @Test func aStoreInOrderHasNoProblem() throws {
        let fixture = try ProblemStore()
        try fixture.writeClean()
        let check = try fixture.check()
        #expect(check.problems.isEmpty, "\(check.problems)")
        #expect(check.assessments == 1 && check.respondentFiles == 1 && check.questionnaireCopies == 1)
    }

    @Test func everyKindOfProblemIsListedWithItsPath() throws {
        let fixture = try ProblemStore()
        try fixture.writeClean()
        try fixture.writeProblems()
        let before = fixture.snapshot()
        let check = try fixture.check()
        let root = fixture.root
        let copy = "\(root)/questionnaires/cloud-operating-model"
        let found = Set(
            check.problems.map { "\($0.kind.rawValue) \($0.severity.rawValue) \($0.path.dropFirst(root.count + 1))" })
        let expected: [(StoreCheck.Problem.Kind, ValidationProblem.Severity, String)] = [
            (.unreadable, .error, "broken/2026-Q4.json"),
            (.invalid, .error, "data/2026-Q4.json"),
            (.orphanedAnswer, .warning, "data/2026-Q4.json"),
            (.assessmentWarning, .warning, "data/2026-Q4.json"),
            (.missingQuestionnaireCopy, .error, "questionnaires/cloud-operating-model@0.9.0.json"),
            (.assessmentWarning, .warning, "legacy/2026-Q4.json"),
            (.invalidQuestionnaireCopy, .error, "questionnaires/custom@1.0.0.json"),
            (.misnamedQuestionnaireCopy, .error, "questionnaires/cloud-operating-model@7.0.0.json"),
            (.changedQuestionnaireCopy, .warning, "questionnaires/genai-readiness@\(try genaiVersion()).json"),
            (.duplicateClaim, .error, "platform-old/2026-Q4.json"),
            (.periodMismatch, .error, "platform/2026-Q3.json"),
            (.periodMismatch, .error, "platform/respondents/2026-Q3/bob.json"),
            (.renamedTeam, .warning, "ops"),
            (.outsideLayout, .error, "stray.json"),
            (.outsideLayout, .warning, "platform/notes.txt"),
            (.temporaryFile, .warning, "platform/.2026-Q4.json.tmp-4242-17"),
            (.staleLock, .error, "platform/2026-Q4.json.lock"),
            (.staleLock, .error, "ops/2026-Q2.json.lock"),
            (.link, .error, "platform/2026-Q1.json"),
        ]
        for (kind, severity, path) in expected {
            #expect(found.contains("\(kind.rawValue) \(severity.rawValue) \(path)"), "\(kind) at \(path): \(found)")
        }
        // Nothing else, and every kind the check knows is among them.
        #expect(found.count == expected.count, "\(found.sorted())")
        #expect(Set(check.problems.map(\.kind)) == Set(StoreCheck.Problem.Kind.allCases))
        // Each problem of an assessment is at its JSON path.
        let data = check.problems.filter { $0.path.hasSuffix("data/2026-Q4.json") }
        #expect(
            data.map { $0.location ?? "" }.sorted() == [
                "discover.answers.OL-01.level", "discover.answers.OL-02.votes.p9", "discover.answers.XX-99",
            ])
        // The locks say why they are stale.
        let locks = check.problems.filter { $0.kind == .staleLock }.map(\.message)
        #expect(locks.contains { $0.contains("process 999999 on this-host") && $0.contains("no longer runs") })
        #expect(locks.contains { $0.contains("laptop-b") && $0.contains("another host") })
        #expect(
            check.problems.first { $0.kind == .missingQuestionnaireCopy }?.message.contains(
                "\(root)/legacy/2026-Q4.json") == true)
        #expect(!found.contains { $0.contains(copy + "@\(fixture.cloud.version)") })
        #expect(fixture.snapshot() == before, "checking changed the store")
    }

    /// A lock that a running workshop holds is in use, not stale; once released it is stale.
    @Test func aLockHeldByAWorkshopIsNotStale() throws {
        let fixture = try ProblemStore()
        try fixture.writeClean()
        let path = fixture.root + "/platform/2026-Q4.json"
        let (lock, _) = try AssessmentLock.acquire(
            assessmentPath: path, pid: getpid(), host: "this-host", now: "2026-11-23T10:00:00Z",
            fileSystem: fixture.store.fileSystem, isRunning: { _ in true })
        #expect(try fixture.check().problems.isEmpty)
        // The process that held it is gone, its file stays: a lock no one holds.
        lock.fileLock.release(removingFile: false)
        let stale = try fixture.check().problems
        #expect(stale.map(\.kind) == [.staleLock])
        #expect(stale.first?.path == path + ".lock")
    }

    @Test func aMissingStoreIsNotFound() {
        let store = Workspace(root: "/nonexistent/store", fileSystem: LocalFileSystem())
        #expect(throws: FileError.notFound(path: "/nonexistent/store")) {
            try StoreCheck.run(
                store, locator: ProblemStore.locator, checker: StoreCheck.Checker(host: "h", isRunning: { _ in false }))
        }
    }

    @Test func theInventoryGivesEachFileItsRole() throws {
        let fixture = try ProblemStore()
        try fixture.writeClean()
        try fixture.writeProblems()
        let roles = Dictionary(
            fixture.store.inventory().entries.map { (String($0.path.dropFirst(fixture.root.count + 1)), $0.role) },
            uniquingKeysWith: { first, _ in first })
        #expect(roles["platform/2026-Q4.json"] == .assessment(Fixtures.period("2026-Q4")))
        #expect(roles["platform/2026-Q4.json.bak"] == .backup)
        #expect(roles["platform/2026-Q4.json.lock"] == .lock)
        #expect(roles["platform/2026-Q4-roadmap.md"] == .report)
        #expect(roles["platform/.2026-Q4.json.tmp-4242-17"] == .temporary)
        #expect(roles["platform/respondents/2026-Q4/ana.json"] == .respondentAnswers(Fixtures.period("2026-Q4")))
        #expect(roles["questionnaires/custom@1.0.0.json"] == .questionnaireCopy)
        #expect(roles[".gitignore"] == .hidden && roles[".git"] == .hidden)
        #expect(roles["portfolio.md"] == .report)
        #expect(roles["stray.json"] == .outsideLayout)
        #expect(roles["platform/2026-Q1.json"] == nil, "a link outside the store is skipped")
    }

    @Test(arguments: [
        (".2026-Q4.json.tmp-4242-17", "2026-Q4.json"), (".2026-Q4.json.bak-4242", "2026-Q4.json"),
        (".a.tmp-1.tmp-2", "a.tmp-1"), (".gitignore", nil), ("2026-Q4.json.tmp-1", nil), (".x.tmp-abc", nil),
        (".x.tmp-1-2-3", nil), (".tmp-1", nil),
    ])
    func temporaryFilesAreNamedAsTheFileSystemNamesThem(name: String, base: String?) {
        #expect(Workspace.temporaryFileBase(name) == base)
    }

    func genaiVersion() throws -> String {
        try Fixtures.shippedQuestionnaire("genai-readiness.json").version
    }
}
