import Foundation
import OpModelKit
import OpModelTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Crash safety with real processes (DESIGN §7): the built binary is killed with SIGKILL at
/// seeded random moments while it autosaves, and the file on disk always reads and holds either
/// the previous state or a newer one; `.bak` reads and restores. One writer per assessment: a
/// second `opmodel assess` is refused naming the lock holder, and a dead holder's lock is taken
/// over with a warning.
///
/// `OPMODEL_CRASH_ITERATIONS` changes the number of kills (default 150), `OPMODEL_FUZZ_SEED`
/// the seed.
@Suite("Crash safety: kill -9 during autosave, one writer per file", .serialized)
struct CrashSafetyTests {
    typealias Script = EndToEndTests.CloudScript

    static let file = "assessments/platform/2026-Q4.json"
    static let iterations = FuzzSettings.integer("OPMODEL_CRASH_ITERATIONS", default: 150)

    /// A workshop over the shipped questionnaire as far as Build: about sixty autosaves.
    static var wholeScript: [String] { Script.envision + Script.discover + Script.build }
    /// Envision and the first five answers: the state a resumed run starts from.
    static var baseScript: [String] { Script.envision + Array(Script.discover.prefix(5)) }
    static var restScript: [String] { Array(Script.discover.dropFirst(5)) + Script.build }

    static func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A started `opmodel` with its standard input open, and a reader of its output.
    struct Running {
        var process: Process
        var input: FileHandle
        var output: PipeReader
        var errors: PipeReader

        func send(_ text: String) { BinaryRunner.send(text, to: input) }

        func closeInput() { try? input.close() }

        /// Waits for the end of the process (its output closed too).
        func finish() -> (status: Int32, output: String, errors: String) {
            closeInput()
            process.waitUntilExit()
            return (process.terminationStatus, output.text(), errors.text())
        }
    }

    static func start(_ arguments: [String], in sandbox: Sandbox) throws -> Running {
        let process = BinaryRunner.configured(arguments, in: sandbox.root, environment: ["TMPDIR": sandbox.root])
        let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return Running(
            process: process, input: stdin.fileHandleForWriting, output: PipeReader(stdout), errors: PipeReader(stderr))
    }

    static let newArguments = [
        "assess", "--org", "Acme", "--team", "Platform", "--period", "2026-Q4", "--store", "assessments",
    ]
    static let resumeArguments = ["assess", file]

    /// The finished reference: every answer the script gives, and how much a whole run prints
    /// (the kills are placed by the progress of the output, so that a slow or busy machine moves
    /// them along with the run).
    struct Reference {
        var final: Assessment
        var base: Data
        var baseBackup: Data?
        var baseAssessment: Assessment
        var freshOutput: Int
        var resumeOutput: Int
    }

    static func reference() throws -> Reference {
        let fresh = Sandbox()
        let whole = try BinaryRunner.run(newArguments, input: text(wholeScript), in: fresh.root)
        try #require(whole.status == 0, "\(whole.errors)")
        let final = try fresh.assessment(file)
        #expect(final.discover.answers.count == Script.questionCount)

        let base = Sandbox()
        let first = try BinaryRunner.run(newArguments, input: text(baseScript), in: base.root)
        try #require(first.status == 0, "\(first.errors)")
        let baseBytes = try #require(FileManager.default.contents(atPath: base.path(file)))
        let baseBackup = FileManager.default.contents(atPath: base.path(file + ".bak"))
        let resumed = try BinaryRunner.run(resumeArguments, input: text(restScript), in: base.root)
        try #require(resumed.status == 0, "\(resumed.errors)")
        #expect(try base.assessment(file).discover == final.discover, "resuming gives the same answers")
        return Reference(
            final: final, base: baseBytes,
            baseBackup: baseBackup,
            baseAssessment: try DocumentLoader.assessment(from: Array(baseBytes), file: "base"),
            freshOutput: whole.output.utf8.count, resumeOutput: resumed.output.utf8.count)
    }

    /// The state on disk is one the run passed through: every answer is the script's, and
    /// nothing is older than where the run started.
    static func expectReachable(
        _ assessment: Assessment, reference: Reference, atLeast start: Assessment?, label: String
    ) {
        for (id, answer) in assessment.discover.answers {
            #expect(reference.final.discover.answers[id] == answer, "\(label): \(id) is not an answer of the script")
        }
        if assessment.phase > .envision {
            #expect(assessment.envision == reference.final.envision, "\(label): Envision differs")
            #expect(assessment.participants == reference.final.participants, "\(label): participants differ")
        }
        if let start {
            #expect(assessment.phase >= start.phase, "\(label): went back from \(start.phase) to \(assessment.phase)")
            #expect(
                assessment.discover.answers.count >= start.discover.answers.count,
                "\(label): fewer answers than before the run")
        }
    }

    @Test func killingTheWizardAtRandomMomentsNeverLosesTheFile() throws {
        let reference = try Self.reference()
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0xC4A5)
        var intermediate = 0
        var backupsChecked = 0
        var leftovers = 0
        for iteration in 0..<Self.iterations {
            let sandbox = Sandbox()
            let resume = random.chance(1, in: 2)
            let label = "kill #\(iteration) (\(resume ? "resume" : "new"))"
            if resume {
                try FileManager.default.createDirectory(
                    atPath: sandbox.path("assessments/platform"), withIntermediateDirectories: true)
                try reference.base.write(to: URL(fileURLWithPath: sandbox.path(Self.file)))
                try reference.baseBackup?.write(to: URL(fileURLWithPath: sandbox.path(Self.file + ".bak")))
            }
            // Kill once the run has printed a random share of its output (up to a bit past the
            // end), then a random few hundred microseconds later: inside a save or between two.
            let total = resume ? reference.resumeOutput : reference.freshOutput
            let threshold = random.below(total + total / 20)
            let jitter = useconds_t(random.below(800))
            let running = try Self.start(resume ? Self.resumeArguments : Self.newArguments, in: sandbox)
            running.send(Self.text(resume ? Self.restScript : Self.wholeScript))
            running.closeInput()
            let deadline = Date().addingTimeInterval(20)
            while running.process.isRunning && running.output.snapshot().utf8.count < threshold && Date() < deadline {
                usleep(200)
            }
            usleep(jitter)
            if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
            _ = running.finish()

            // The file reads, and holds the previous state or a newer one.
            let path = sandbox.path(Self.file)
            if resume || sandbox.exists(Self.file) {
                let bytes = try #require(FileManager.default.contents(atPath: path), "\(label): the file is gone")
                let saved: Assessment
                do {
                    saved = try DocumentLoader.assessment(from: Array(bytes), file: path)
                } catch {
                    Issue.record("\(label): the file does not read: \(error)")
                    continue
                }
                Self.expectReachable(
                    saved, reference: reference, atLeast: resume ? reference.baseAssessment : nil, label: label)
                let startCount = resume ? reference.baseAssessment.discover.answers.count : 0
                if saved.discover.answers.count > startCount && saved.discover.answers.count < Script.questionCount {
                    intermediate += 1
                }

                // The backup reads too, is not newer than the file, and restores.
                if let backupBytes = FileManager.default.contents(atPath: path + ".bak") {
                    do {
                        let backup = try DocumentLoader.assessment(from: Array(backupBytes), file: path + ".bak")
                        Self.expectReachable(backup, reference: reference, atLeast: nil, label: label + " .bak")
                        #expect(backup.discover.answers.count <= saved.discover.answers.count)
                        if iteration % 6 == 0 {
                            backupsChecked += 1
                            try Self.expectBackupRestores(backupBytes, in: sandbox, label: label)
                        }
                    } catch {
                        Issue.record("\(label): the backup does not read: \(error)")
                    }
                }
            }
            // Whatever the kill left behind is hidden, and never taken for an assessment.
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: sandbox.path("assessments/platform"))) ?? []
            for name in names where !["2026-Q4.json", "2026-Q4.json.bak", "2026-Q4.json.lock"].contains(name) {
                leftovers += 1
                #expect(name.hasPrefix(".2026-Q4.json."), "\(label): unexpected \(name)")
            }
            let store = Workspace(root: sandbox.store, fileSystem: LocalFileSystem())
            let periods = store.periodFiles(inFolderAt: sandbox.path("assessments/platform")).files.map(\.period)
            #expect(periods.allSatisfy { $0.description == "2026-Q4" })
        }
        // The kills must land during the run, not only before or after it.
        #expect(intermediate >= Self.iterations / 5, "only \(intermediate) kills landed mid-run")
        #expect(backupsChecked > 0)
        print("Crash safety: \(Self.iterations) kills, \(intermediate) mid-run, \(leftovers) temporary files left")
    }

    /// Copying `.bak` over the file gives an assessment the program reads and resumes.
    static func expectBackupRestores(_ backup: Data, in sandbox: Sandbox, label: String) throws {
        let restored = sandbox.path("restored/platform/2026-Q4.json")
        try FileManager.default.createDirectory(
            atPath: sandbox.path("restored/platform"), withIntermediateDirectories: true)
        try backup.write(to: URL(fileURLWithPath: restored))
        let result = CLIFixtures.run(["score", restored], in: sandbox)
        #expect(result.code == .success, "\(label): the restored backup does not score: \(result.errors)")
    }

    // MARK: - One writer per assessment

    /// Waits until `condition` holds, for up to `seconds`.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        EndToEndTests.waitUntil(seconds: seconds, condition)
    }

    @Test func aSecondAssessOnTheSameFileIsRefusedNamingTheHolder() throws {
        let sandbox = Sandbox()
        let first = try Self.start(Self.newArguments, in: sandbox)
        first.send(Self.text(Self.baseScript))
        let holding = Self.waitUntil(seconds: 20) {
            first.output.snapshot().contains("OL-06 level") && sandbox.exists(Self.file + ".lock")
        }
        try #require(holding, "the first session never reached the sixth question: \(first.output.snapshot())")
        let before = try #require(FileManager.default.contents(atPath: sandbox.path(Self.file)))
        let holder = "process \(first.process.processIdentifier) on \(Self.hostName)"

        // By file and by team and period: both refused, with the holder named and nothing asked.
        for arguments in [Self.resumeArguments, Self.newArguments] {
            let second = try BinaryRunner.run(arguments, input: "3\n3\n", in: sandbox.root)
            #expect(second.status == 73, "\(second.errors)")
            #expect(second.errors.contains("is open in another opmodel session (\(holder), since "), "\(second.errors)")
            #expect(second.errors.contains("If it no longer runs, delete assessments/platform/2026-Q4.json.lock"))
            #expect(!second.output.contains("OL-01 level") && !second.output.contains("OL-06 level"))
        }
        #expect(FileManager.default.contents(atPath: sandbox.path(Self.file)) == before, "the refused run wrote")
        #expect(first.process.isRunning, "the holder is undisturbed")

        // Readers need no lock.
        let score = try BinaryRunner.run(["score", Self.file], in: sandbox.root)
        #expect(score.status == 0, "\(score.errors)")

        // The holder finishes; the file is free again.
        let ended = first.finish()
        #expect(ended.status == 0, "\(ended.errors)")
        #expect(!sandbox.exists(Self.file + ".lock"))
        let again = try BinaryRunner.run(Self.resumeArguments, input: "q\n", in: sandbox.root)
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("Resuming"))
        #expect(!again.errors.contains("stale lock"))
    }

    @Test func aStaleLockOfAKilledSessionIsTakenOverWithAWarning() throws {
        let sandbox = Sandbox()
        let first = try Self.start(Self.newArguments, in: sandbox)
        first.send(Self.text(Self.baseScript))
        let holding = Self.waitUntil(seconds: 20) { first.output.snapshot().contains("OL-06 level") }
        try #require(holding, "the first session never reached the sixth question")
        let pid = first.process.processIdentifier
        kill(pid, SIGKILL)
        _ = first.finish()
        let lock = try #require(sandbox.read(Self.file + ".lock"), "a killed session leaves its lock")
        #expect(lock.contains("\(pid)"))

        let second = try BinaryRunner.run(Self.resumeArguments, input: Self.text(Self.restScript), in: sandbox.root)
        #expect(second.status == 0, "\(second.errors)")
        #expect(
            second.errors.contains(
                "Warning: took over a stale lock on \(Self.file) (process \(pid) on \(Self.hostName), since "),
            "\(second.errors)")
        #expect(second.errors.contains("no longer runs)"))
        #expect(!sandbox.exists(Self.file + ".lock"), "the new holder releases the lock it took over")
        let finished = try sandbox.assessment(Self.file)
        #expect(finished.discover.answers.count == Script.questionCount)
    }

    /// A lock left by an earlier opmodel on this host whose process is gone, or a lock file
    /// that is not even JSON, is stale too; a lock from another host is honoured.
    @Test(arguments: ["dead", "garbage", "other-host"])
    func leftoverLockFiles(kind: String) throws {
        let sandbox = Sandbox()
        let created = try BinaryRunner.run(Self.newArguments, input: Self.text(Self.baseScript), in: sandbox.root)
        try #require(created.status == 0)
        // A process that has ended: its id is free (and, if reused this instant, merely alive).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let text =
            switch kind {
            case "dead": #"{"host": "\#(Self.hostName)", "pid": \#(ended.processIdentifier), "since": "then"}"#
            case "garbage": "\u{0}\u{1}not json"
            default: #"{"host": "elsewhere.example", "pid": 1, "since": "2026-11-23T09:00:00Z"}"#
            }
        sandbox.write(text, to: Self.file + ".lock")
        let result = try BinaryRunner.run(Self.resumeArguments, input: "q\n", in: sandbox.root)
        if kind == "other-host" {
            #expect(result.status == 73)
            #expect(result.errors.contains("(process 1 on elsewhere.example, since 2026-11-23T09:00:00Z)"))
            #expect(sandbox.read(Self.file + ".lock") == text, "another host's lock is left alone")
        } else {
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.errors.contains("took over a stale lock on \(Self.file)"), "\(result.errors)")
            #expect(!sandbox.exists(Self.file + ".lock"))
        }
    }
}
