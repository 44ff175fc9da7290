import Foundation
import OpModelKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Signals, write errors, racing writers and hostile text, through the built binary (issue 11).
@Suite("Signals, write errors, racing writers and hostile text")
struct SignalAndOutputTests {
    static let file = WorkspaceSafetyTests.file

    /// A started `opmodel` with its standard input kept open.
    static func start(
        _ arguments: [String], in sandbox: Sandbox, standardOutput: Any? = nil
    ) throws -> (process: Process, input: FileHandle, output: PipeReader?, errors: PipeReader) {
        let process = BinaryRunner.configured(arguments, in: sandbox.root, environment: [:])
        let (stdin, stderr) = (Pipe(), Pipe())
        process.standardInput = stdin
        var output: PipeReader?
        if let standardOutput {
            process.standardOutput = standardOutput
        } else {
            let stdout = Pipe()
            process.standardOutput = stdout
            output = PipeReader(stdout)
        }
        process.standardError = stderr
        _ = BinaryRunner.ignoringBrokenPipes
        try process.run()
        return (process, stdin.fileHandleForWriting, output, PipeReader(stderr))
    }

    // MARK: - 7. Signals end every command within a second, exit 130, leave no partial output

    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    func aBatchCommandStopsAtOnceOnASignal(signalNumber: Int32) throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        // Writing into a FIFO nobody reads waits for ever: only the signal can end it.
        #expect(mkfifo(sandbox.path("out.md"), 0o600) == 0)
        let running = try Self.start(["report", Self.file, "--output", "out.md"], in: sandbox)
        usleep(300_000)
        #expect(running.process.isRunning, "the report should be waiting for a reader")
        let sent = Date()
        kill(running.process.processIdentifier, signalNumber)
        let ended = BinaryRunner.waitForExit(running.process, seconds: 5)
        if !ended { kill(running.process.processIdentifier, SIGKILL) }
        #expect(ended)
        #expect(Date().timeIntervalSince(sent) < 1, "the command took more than a second to stop")
        #expect(running.process.terminationStatus == 130)
        #expect(running.process.terminationReason == .exit, "ended by the signal instead of exiting 130")
    }

    @Test func signalsAtRandomMomentsNeverLeaveAPartialOutput() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let reference = try BinaryRunner.run(["report", Self.file], in: sandbox.root).output
        var random = SystemRandomNumberGenerator()
        var interrupted = 0
        for round in 0..<30 {
            try? FileManager.default.removeItem(atPath: sandbox.path("out.md"))
            let running = try Self.start(["report", Self.file, "--output", "out.md"], in: sandbox)
            usleep(UInt32.random(in: 0...60_000, using: &random))
            kill(running.process.processIdentifier, SIGTERM)
            #expect(BinaryRunner.waitForExit(running.process, seconds: 10))
            let status = running.process.terminationStatus
            #expect(status == 0 || status == 130, "round \(round): \(status)")
            if status == 130 { interrupted += 1 }
            if let written = sandbox.read("out.md") {
                #expect(written == reference, "round \(round): a partial report")
            }
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.root).filter {
                $0.hasPrefix(".out.md.")
            }
            #expect(leftovers.isEmpty, "round \(round): \(leftovers)")
        }
        #expect(interrupted > 0, "no signal landed while the report ran")
    }

    @Test func ctrlBackslashAtAPromptSavesAndReleasesTheLock() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let running = try Self.start(["assess", Self.file, "--phase", "discover"], in: sandbox)
        let waiting = EndToEndTests.waitUntil(seconds: 20) {
            (running.output?.snapshot() ?? "").contains("level") && sandbox.exists(Self.file + ".lock")
        }
        try #require(waiting, "the session never reached a prompt")
        kill(running.process.processIdentifier, SIGQUIT)
        #expect(BinaryRunner.waitForExit(running.process, seconds: 5))
        #expect(running.process.terminationStatus == 130)
        let output = running.output?.text() ?? ""
        #expect(output.contains("Interrupted; everything answered is saved."))
        #expect(!sandbox.exists(Self.file + ".lock"), "the lock is released")
    }

    // MARK: - 7. Write errors on standard output

    @Test func aFullStandardOutputExits74WithAMessage() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let running = try Self.start(["report", Self.file], in: sandbox, standardOutput: full)
        #expect(BinaryRunner.waitForExit(running.process, seconds: 30))
        #expect(running.process.terminationStatus == 74)
        #expect(running.errors.text().contains("Error: cannot write to standard output: the disk is full"))
    }

    @Test func aClosedStandardOutputExits74WithAMessage() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", BinaryRunner.executable.path, "score", Self.file]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        let result = try BinaryRunner.run(process, input: "")
        #expect(result.status == 74, "\(result.errors)")
        #expect(result.errors.contains("cannot write to standard output: bad file descriptor"), "\(result.errors)")
    }

    @Test func aClosedPipeEndsQuietly() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        // A pipe whose reader is gone before anything is written, as `| head` after its line.
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let running = try Self.start(["report", Self.file], in: sandbox, standardOutput: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        #expect(BinaryRunner.waitForExit(running.process, seconds: 30))
        #expect(running.process.terminationStatus == 141)
        #expect(running.errors.text().isEmpty, "a closed pipe is not an error to report")
    }

    // MARK: - 3. One writer, always

    /// Pairs of workshops started at the same moment on one stale lock: exactly one takes it.
    @Test func racingWorkshopsOnAStaleLockHaveExactlyOneWinner() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        let stale = #"{"host": "\#(CrashSafetyTests.hostName)", "pid": 999999, "since": "earlier"}"#
        for round in 0..<12 {
            sandbox.write(stale, to: Self.file + ".lock")
            let arguments = ["assess", Self.file, "--phase", "build"]
            let pair = [try Self.start(arguments, in: sandbox), try Self.start(arguments, in: sandbox)]
            // The loser is refused at once; the winner waits at its first prompt.
            let decided = EndToEndTests.waitUntil(seconds: 20) {
                pair.contains { !$0.process.isRunning }
                    && pair.contains { ($0.output?.snapshot() ?? "").contains("›") }
            }
            for contender in pair { try? contender.input.close() }
            for contender in pair { #expect(BinaryRunner.waitForExit(contender.process, seconds: 20)) }
            #expect(decided, "round \(round): no decision")
            let statuses = pair.map(\.process.terminationStatus).sorted()
            #expect(statuses == [0, 73], "round \(round): \(statuses)")
            let winners = pair.filter { $0.errors.text().contains("took over a stale lock") }
            #expect(winners.count == 1, "round \(round)")
            #expect(!sandbox.exists(Self.file + ".lock"))
        }
    }

    // MARK: - 5. Nothing from a file reaches the terminal raw

    /// Text that would clear the screen, set the window title, hide a link, overwrite a line,
    /// ring the bell, or reverse the text around it.
    static let hostile =
        "A\u{1B}[2J\u{1B}[H\u{1B}]0;pwned\u{7}\u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\B\r"
        + "C\u{9B}31mD\u{202E}E\u{2066}F\u{7}\u{8}G\u{1B}[8m"

    static func expectClean(_ text: String, _ label: String, colours: Bool = false) {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
            if control && !(colours && value == 0x1B) {
                Issue.record("\(label): control character U+\(String(value, radix: 16)) reached the output")
                return
            }
            if UntrustedText.isBidirectionalControl(scalar) {
                Issue.record("\(label): bidirectional override U+\(String(value, radix: 16)) reached the output")
                return
            }
        }
        if colours {
            // Only the colour and weight codes opmodel writes itself.
            let scalars = Array(text.unicodeScalars)
            for (position, scalar) in scalars.enumerated() where scalar == "\u{1B}" {
                let rest = scalars[(position + 1)...]
                let code = String(String.UnicodeScalarView(rest.prefix { $0 != "m" }))
                #expect(
                    ["[0", "[1", "[2", "[22", "[31", "[32", "[33", "[36", "[39"].contains(code),
                    "\(label): an escape sequence other than a style: \(String(code.prefix(12)).debugDescription)")
            }
        }
    }

    @Test func hostileTextFromFilesNeverReachesTheTerminalRawNorAWrittenFile() throws {
        let sandbox = try WorkspaceSafetyTests.completed()
        var assessment = try sandbox.assessment(Self.file)
        assessment.organization = Self.hostile
        assessment.facilitator = Self.hostile
        assessment.participants = assessment.participants.map {
            Participant(id: $0.id, name: $0.name + Self.hostile, role: Self.hostile)
        }
        for id in assessment.discover.answers.keys {
            assessment.discover.answers[id]?.note = "note " + Self.hostile
        }
        assessment.envision.vision = Self.hostile
        assessment.envision.outcomes = assessment.envision.outcomes.map {
            var outcome = $0
            outcome.title += Self.hostile
            return outcome
        }
        assessment.discover.constraints = [Self.hostile]
        sandbox.write(try DocumentWriter.text(of: assessment), to: Self.file)
        // The file itself keeps the text exactly, every control and override escaped.
        let stored = try #require(sandbox.read(Self.file))
        Self.expectClean(stored, "the assessment file")
        #expect(try sandbox.assessment(Self.file).facilitator == Self.hostile)
        // A second quarter, so that compare and trend have something to say.
        var next = assessment
        next.period = Period("2027-Q1") ?? next.period
        next.id = "next"
        sandbox.write(try DocumentWriter.text(of: next), to: "assessments/platform/2027-Q1.json")

        let commands: [[String]] = [
            ["score", Self.file], ["score", Self.file, "--json"], ["report", Self.file],
            ["report", Self.file, "--format", "json"], ["report", Self.file, "--format", "csv"],
            ["compare", Self.file, "assessments/platform/2027-Q1.json"], ["trend", "--team", "Platform"],
            ["trend", "--team", "Platform", "--format", "text"], ["portfolio"], ["portfolio", "--format", "csv"],
            ["validate", Self.file],
        ]
        for arguments in commands {
            let result = try BinaryRunner.run(arguments, in: sandbox.root)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            Self.expectClean(result.output, "\(arguments) output")
            Self.expectClean(result.errors, "\(arguments) errors")
            let coloured = try BinaryRunner.run(arguments + ["--color", "always"], in: sandbox.root)
            Self.expectClean(coloured.output, "\(arguments) in colour", colours: true)
        }
        let resumed = try BinaryRunner.run(
            ["assess", Self.file, "--phase", "envision"], input: "q\n", in: sandbox.root)
        Self.expectClean(resumed.output + resumed.errors, "assess")
        for (arguments, written) in [
            (
                ["report", Self.file, "--output", "r.md", "--charts", "svg"],
                ["r.md", "r-maturity.svg", "r-roadmap.svg"]
            ),
            (["portfolio", "--output", "p.csv", "--format", "csv"], ["p.csv"]),
            (["trend", "--team", "Platform", "--output", "t.md", "--charts", "svg"], ["t.md", "t-trend.svg"]),
        ] {
            let result = try BinaryRunner.run(arguments, in: sandbox.root)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            for name in written {
                Self.expectClean(try #require(sandbox.read(name), "\(name) missing"), name)
            }
        }
    }

    @Test func hostileRespondentsAndLensTextAreCleanedToo() throws {
        let sandbox = Sandbox()
        let name = "Eve\u{1B}]0;pwned\u{7}\u{202E}"
        sandbox.write("respondent,OP-01,OP-01 note\n\"\(name)\",2,\"\u{1B}[2Jwiped\"\nBob,4,fine\n", to: "survey.csv")
        let imported = try BinaryRunner.run(
            [
                "import", "responses", "survey.csv", "--questionnaire", CLIFixtures.miniQuestionnaire, "--output",
                "responses", "--team", "Platform", "--period", "2026-Q4",
            ], in: sandbox.root)
        #expect(imported.status == 0, "\(imported.errors)")
        Self.expectClean(imported.output + imported.errors, "import responses")
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("responses")).map {
            "responses/\($0)"
        }
        let merged = try BinaryRunner.run(
            ["merge"] + files + ["--output", "merged.json", "--questionnaire", CLIFixtures.miniQuestionnaire],
            in: sandbox.root)
        #expect(merged.status == 0, "\(merged.errors)")
        Self.expectClean(merged.output + merged.errors, "merge")
        Self.expectClean(try #require(sandbox.read("merged.json")), "merged.json")

        let lens = WorkspaceSafetyTests.lensText.replacingOccurrences(
            of: "\"Tiny Lens\"", with: "\"Tiny \\u001b]0;pwned\\u0007Lens\\u202e\", \"unknownThing\": 1")
        sandbox.write(lens, to: "lens.json")
        let lensResult = try BinaryRunner.run(["import", "lens", "lens.json", "--output", "q.json"], in: sandbox.root)
        #expect(lensResult.status == 0, "\(lensResult.errors)")
        Self.expectClean(lensResult.output + lensResult.errors, "import lens")
        Self.expectClean(try #require(sandbox.read("q.json")), "q.json")
    }
}
