import Foundation
import Synchronization
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
        #expect(Workspace.slug(for: name) == slug)
    }

    @Test func namesWithoutLatinLettersGetAStableHash() {
        let slug = Workspace.slug(for: "運用チーム")
        #expect(slug.hasPrefix("team-"))
        #expect(slug == Workspace.slug(for: "運用チーム"))
        #expect(slug != Workspace.slug(for: "別のチーム"))
        #expect(Workspace.slug(for: "..").hasPrefix("team-"))
    }

    @Test func slugsNeverEscapeTheStore() {
        for name in ["..", ".", "/", "../x", "x/../../y", "~", "\u{0}", ""] {
            let slug = Workspace.slug(for: name)
            #expect(!slug.isEmpty)
            #expect(!slug.contains("/"))
            #expect(!slug.hasPrefix("."))
        }
    }

    @Test func pathsFollowTheStoreLayout() {
        let store = Workspace(root: "assessments/", fileSystem: LocalFileSystem())
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
        // The kernel lock decides, whatever the file says and whether its process seems to run.
        for isRunning in [true, false] {
            do {
                _ = try AssessmentLock.acquire(
                    assessmentPath: path, pid: 222, host: "h", now: "t1", fileSystem: fileSystem,
                    isRunning: { _ in isRunning })
                Issue.record("the second writer should be refused")
            } catch let error as FileError {
                #expect(error.errorDescription?.contains("process 111 on h, since t0") == true)
            }
        }
        // Process 111 dies: the kernel drops its lock, and the file it named is left behind.
        first.fileLock.release(removingFile: false)
        #expect(fileSystem.fileExists(at: path + ".lock"))
        let (second, takeover) = try AssessmentLock.acquire(
            assessmentPath: path, pid: 333, host: "h", now: "t2", fileSystem: fileSystem, isRunning: { _ in false })
        #expect(takeover == "took over a stale lock on \(path) (process 111 on h, since t0 no longer runs)")
        second.release()
        #expect(!fileSystem.fileExists(at: path + ".lock"))
    }

    @Test func aLockFileNamingALiveProcessOrAnotherHostIsRespected() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let path = folder + "/2026-Q4.json"
        for (host, running) in [("h", true), ("other-host", false)] {
            // A lock file without a kernel lock behind it: an older opmodel, or a shared folder.
            try fileSystem.writeAtomically(
                "{\"pid\": 111, \"host\": \"\(host)\", \"since\": \"t0\"}", to: path + ".lock", backup: false)
            #expect(throws: FileError.locked(path: path, holder: "process 111 on \(host), since t0")) {
                _ = try AssessmentLock.acquire(
                    assessmentPath: path, pid: 222, host: "h", now: "t1", fileSystem: fileSystem,
                    isRunning: { _ in running })
            }
            #expect(fileSystem.fileExists(at: path + ".lock"), "the file is left for its holder")
        }
    }

    /// Many pairs of writers race for one stale lock; each time exactly one wins (DESIGN §7).
    /// `flock` locks belong to open file descriptions, so two threads race as two processes would.
    @Test func racingWritersOnAStaleLockHaveExactlyOneWinner() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        for round in 0..<300 {
            let path = folder + "/\(round).json"
            try fileSystem.writeAtomically(
                "{\"pid\": 99999, \"host\": \"h\", \"since\": \"t0\"}", to: path + ".lock", backup: false)
            let winners = Mutex<[AssessmentLock]>([])
            let refused = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: 2) { contender in
                do {
                    let (lock, warning) = try AssessmentLock.acquire(
                        assessmentPath: path, pid: Int32(1000 + contender), host: "h", now: "t1",
                        fileSystem: fileSystem, isRunning: { $0 != 99999 })
                    #expect(warning?.contains("stale lock") == true)
                    winners.withLock { $0.append(lock) }
                } catch {
                    refused.withLock { $0 += 1 }
                }
            }
            let held = winners.withLock { $0 }
            #expect(held.count == 1, "round \(round): \(held.count) winners")
            #expect(refused.withLock { $0 } == 2 - held.count)
            for lock in held { lock.release() }
        }
    }

    @Test func periodFilesAreTheTeamFolderFilesNamedByAQuarter() throws {
        let folder = try Fixtures.temporaryFolder()
        let fileSystem = LocalFileSystem()
        let store = Workspace(root: folder, fileSystem: fileSystem)
        try fileSystem.createDirectory(at: folder + "/platform")
        for name in ["2026-Q1.json", "2026-Q3.json", "2027-Q1.json", "notes.txt", "2026-Q2.json.bak"] {
            try fileSystem.writeAtomically("{}", to: folder + "/platform/" + name, backup: false)
        }
        let files = store.periodFiles(inFolderAt: folder + "/platform").files
        #expect(files.map(\.period.description) == ["2026-Q1", "2026-Q3", "2027-Q1"])
        #expect(files.map(\.path) == ["2026-Q1", "2026-Q3", "2027-Q1"].map { folder + "/platform/\($0).json" })
    }
}
