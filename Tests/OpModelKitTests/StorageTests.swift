import Foundation
import Testing

@testable import OpModelKit

@Suite("Store layout, atomic saves and locks")
struct StorageTests {
    @Test(arguments: [
        ("Platform", "platform"), ("Platform Engineering", "platform-engineering"), ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"), ("/absolute/path", "absolute-path"), ("Équipe Données", "equipe-donnees"),
        ("  Team  42 ", "team-42"), ("a/b\\c", "a-b-c"), ("Straße", "strasse"),
    ])
    func teamNamesBecomeSafeFolderNames(name: String, slug: String) {
        #expect(Store.slug(for: name) == slug)
    }

    @Test func namesWithoutLatinLettersGetAStableHash() {
        let slug = Store.slug(for: "運用チーム")
        #expect(slug.hasPrefix("team-"))
        #expect(slug == Store.slug(for: "運用チーム"))
        #expect(slug != Store.slug(for: "別のチーム"))
        #expect(Store.slug(for: "..").hasPrefix("team-"))
    }

    @Test func slugsNeverEscapeTheStore() {
        for name in ["..", ".", "/", "../x", "x/../../y", "~", "\u{0}", ""] {
            let slug = Store.slug(for: name)
            #expect(!slug.isEmpty)
            #expect(!slug.contains("/"))
            #expect(!slug.hasPrefix("."))
        }
    }

    @Test func pathsFollowTheStoreLayout() {
        let store = Store(root: "assessments/", fileSystem: LocalFileSystem())
        #expect(
            store.assessmentPath(team: "Platform Team", period: Fixtures.period("2026-Q4"))
                == "assessments/platform-team/2026-Q4.json")
        #expect(
            store.questionnaireCopyPath(id: "cloud-operating-model", version: "1.0.0")
                == "assessments/questionnaires/cloud-operating-model@1.0.0.json")
        #expect(store.questionnaireCopyPath(id: "../x", version: "1/2") == "assessments/questionnaires/_._x@1_2.json")
    }

    @Test func atomicWritesKeepABackupAndOwnerOnlyPermissions() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let path = folder + "/a.json"
        try fileSystem.writeAtomically("one\n", to: path, backup: true)
        #expect(!fileSystem.fileExists(at: path + ".bak"), "no backup of a file that did not exist")
        try fileSystem.writeAtomically("two\n", to: path, backup: true)
        #expect(try fileSystem.readText(at: path, limit: 100) == "two\n")
        #expect(try fileSystem.readText(at: path + ".bak", limit: 100) == "one\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try fileSystem.createDirectory(at: folder + "/store/team")
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: folder + "/store/team")
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)
        // No temporary files are left behind.
        #expect(try fileSystem.contentsOfDirectory(at: folder) == ["a.json", "a.json.bak", "store"])
    }

    @Test func readOnlyFilesAreNotReplaced() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let path = folder + "/a.json"
        try fileSystem.writeAtomically("one\n", to: path, backup: false)
        chmod(path, 0o400)
        defer { chmod(path, 0o600) }
        guard getuid() != 0 else { return }  // root may write anyway; the check below needs a normal user
        #expect(throws: FileError.self) { try fileSystem.writeAtomically("two\n", to: path, backup: true) }
        #expect(try fileSystem.readText(at: path, limit: 100) == "one\n")
    }

    @Test func missingFilesAndFoldersAreReportedClearly() {
        let fileSystem = LocalFileSystem()
        #expect(throws: FileError.notFound(path: "/nonexistent/x.json")) {
            try fileSystem.readFile(at: "/nonexistent/x.json", limit: 10)
        }
        #expect(throws: FileError.self) {
            try fileSystem.writeAtomically("x", to: "/nonexistent/folder/x.json", backup: false)
        }
    }

    @Test func filesOverTheLimitAreRefusedBeforeReading() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/big.json"
        try LocalFileSystem().writeAtomically(String(repeating: " ", count: 2_000), to: path, backup: false)
        do {
            _ = try LocalFileSystem().readFile(at: path, limit: 1_000)
            Issue.record("expected tooLarge")
        } catch let error as DataError {
            #expect(error == .tooLarge(file: path, size: 2_000, limit: 1_000))
            #expect(error.errorDescription?.contains("it was not read") == true)
        }
    }

    @Test func aSecondWriterIsRefusedAndAStaleLockIsTakenOver() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let path = folder + "/2026-Q4.json"
        let (first, warning) = try AssessmentLock.acquire(
            assessmentPath: path, pid: 111, host: "h", now: "t0", fileSystem: fileSystem, isRunning: { _ in true })
        #expect(warning == nil)
        do {
            _ = try AssessmentLock.acquire(
                assessmentPath: path, pid: 222, host: "h", now: "t1", fileSystem: fileSystem, isRunning: { $0 == 111 })
            Issue.record("the second writer should be refused")
        } catch let error as FileError {
            #expect(error.errorDescription?.contains("process 111 on h, since t0") == true)
        }
        // Process 111 died: its lock is stale.
        let (second, takeover) = try AssessmentLock.acquire(
            assessmentPath: path, pid: 333, host: "h", now: "t2", fileSystem: fileSystem, isRunning: { _ in false })
        #expect(takeover?.contains("stale lock") == true)
        first.release()
        #expect(fileSystem.fileExists(at: path + ".lock"), "a lock taken over is not released by its old owner")
        second.release()
        #expect(!fileSystem.fileExists(at: path + ".lock"))
    }

    @Test func previousPeriodIsTheLatestEarlierOne() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let store = Store(root: folder, fileSystem: fileSystem)
        try fileSystem.createDirectory(at: folder + "/platform")
        for name in ["2026-Q1.json", "2026-Q3.json", "2027-Q1.json", "notes.txt", "2026-Q2.json.bak"] {
            try fileSystem.writeAtomically("{}", to: folder + "/platform/" + name, backup: false)
        }
        #expect(store.periods(team: "Platform").map(\.description) == ["2026-Q1", "2026-Q3", "2027-Q1"])
        #expect(
            store.previousPeriod(team: "Platform", before: Fixtures.period("2026-Q4")) == Fixtures.period("2026-Q3"))
        #expect(store.previousPeriod(team: "Platform", before: Fixtures.period("2026-Q1")) == nil)
    }
}
