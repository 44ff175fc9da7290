import Foundation
import OpModelKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The holes an outside review found (issue 11), each tried through the built binary with real
/// files: the exit code and message checked, inputs unchanged, nothing written that should not be.
@Suite("Workspace safety: outputs, special files, links, names, validation")
struct WorkspaceSafetyTests {
    static let file = "assessments/platform/2026-Q4.json"

    /// A sandbox holding a completed workshop of the mini questionnaire for Platform, 2026-Q4,
    /// in a store with its questionnaire copy.
    static func completed() throws -> Sandbox {
        let sandbox = Sandbox()
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
                "--period", "2026-Q4", "--store", sandbox.store,
            ], input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        try #require(result.code == .success, "\(result.errors)")
        try #require(sandbox.exists(Self.file))
        return sandbox
    }

    /// Every file below the sandbox with its bytes, to show that a refused command changed nothing.
    static func snapshot(_ sandbox: Sandbox) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: sandbox.root)
        while let relative = enumerator?.nextObject() as? String {
            let path = sandbox.path(relative)
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFREG {
                files[relative] = FileManager.default.contents(atPath: path) ?? Data()
            } else if (status.st_mode & S_IFMT) == S_IFLNK {
                files[relative] = Data(((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "").utf8)
            }
        }
        return files
    }

    static func run(_ arguments: [String], in sandbox: Sandbox, input: String = "", timeout: Double = 60) throws
        -> BinaryRunner.Result
    {
        try BinaryRunner.run(
            BinaryRunner.configured(arguments, in: sandbox.root, environment: [:]), input: input, timeout: timeout)
    }

    static func kind(_ path: String) -> mode_t {
        var status = stat()
        guard lstat(path, &status) == 0 else { return 0 }
        return status.st_mode & S_IFMT
    }

    // MARK: - 1. An output never replaces an input

    struct OutputCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// Prepares the sandbox; returns the command line.
        var arguments: @Sendable (Sandbox) throws -> [String]
        var testDescription: String { name }
    }

    /// A small valid AWS Well-Architected custom lens.
    static let lensText = """
        {"schemaVersion": "2021-11-01", "name": "Tiny Lens", "description": "A lens.", "pillars": [
          {"id": "ops", "name": "Operations", "questions": [
            {"id": "q1", "title": "Is it observed?", "description": "About q1.",
             "choices": [{"id": "q1_a", "title": "Alerts", "improvementPlan": {"displayText": "Add alerts."}},
                         {"id": "q1_no", "title": "None of these"}],
             "riskRules": [{"condition": "q1_a", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]}
          ]}]}
        """

    static let outputsOverInputs: [OutputCase] = [
        OutputCase(name: "report over its assessment") { _ in ["report", file, "--output", file] },
        OutputCase(name: "report over its assessment by another path") { _ in
            ["report", file, "--output", "assessments/../assessments/platform/./2026-Q4.json"]
        },
        OutputCase(name: "report over a hard link to its assessment") { sandbox in
            link(sandbox.path(file), sandbox.path("hard.json"))
            return ["report", file, "--output", "hard.json"]
        },
        OutputCase(name: "report over a symbolic link to its assessment") { sandbox in
            symlink(sandbox.path(file), sandbox.path("soft.md"))
            return ["report", file, "--output", "soft.md"]
        },
        OutputCase(name: "report over its template") { sandbox in
            sandbox.write("# My roadmap\n", to: "mine.md")
            return ["report", file, "--template", "mine.md", "--output", "mine.md"]
        },
        OutputCase(name: "report over the questionnaire it read") { _ in
            ["report", file, "--output", "assessments/questionnaires/mini@1.0.0.json"]
        },
        OutputCase(name: "report over the backup of an assessment") { _ in
            ["report", file, "--output", file + ".bak"]
        },
        OutputCase(name: "report over another assessment") { sandbox in
            try FileManager.default.copyItem(atPath: sandbox.path(file), toPath: sandbox.path("other.json"))
            return ["report", file, "--output", "other.json"]
        },
        OutputCase(name: "compare over its old assessment") { sandbox in
            try FileManager.default.copyItem(atPath: sandbox.path(file), toPath: sandbox.path("old.json"))
            return ["compare", "old.json", file, "--output", "old.json"]
        },
        OutputCase(name: "trend over an assessment of the store") { _ in
            ["trend", "--team", "Platform", "--output", file]
        },
        OutputCase(name: "portfolio over an assessment of the store") { _ in
            ["portfolio", "--output", file]
        },
        OutputCase(name: "trend with its chart, over an assessment: no chart is written either") { _ in
            ["trend", "--team", "Platform", "--charts", "svg", "--output", file]
        },
        OutputCase(name: "import lens over the lens") { sandbox in
            sandbox.write(lensText, to: "lens.json")
            return ["import", "lens", "lens.json", "--output", "lens.json"]
        },
        OutputCase(name: "import lens over a questionnaire") { sandbox in
            try FileManager.default.copyItem(
                atPath: CLIFixtures.miniQuestionnaire, toPath: sandbox.path("questionnaire.json"))
            sandbox.write(lensText, to: "lens.json")
            return ["import", "lens", "lens.json", "--output", "questionnaire.json"]
        },
        OutputCase(name: "merge over one of its inputs") { _ in ["merge", file, "--output", file] },
    ]

    @Test(arguments: outputsOverInputs)
    func anOutputOverAnInputOrAnAssessmentIsRefused(_ outputCase: OutputCase) throws {
        let sandbox = try Self.completed()
        let arguments = try outputCase.arguments(sandbox)
        let before = Self.snapshot(sandbox)
        let result = try Self.run(arguments, in: sandbox)
        #expect(result.status == 73, "\(result.errors)")
        #expect(result.errors.contains("cannot write the file"), "\(result.errors)")
        #expect(result.errors.contains("Choose another --output") || result.errors.contains("choose another --output"))
        #expect(Self.snapshot(sandbox) == before, "a refused output changed a file")
    }

    @Test func aReportIsRegeneratedOverAnEarlierReport() throws {
        let sandbox = try Self.completed()
        sandbox.write("an earlier report\n", to: "roadmap.md")
        let result = try Self.run(["report", Self.file, "--output", "roadmap.md"], in: sandbox)
        #expect(result.status == 0, "\(result.errors)")
        #expect(sandbox.read("roadmap.md")?.hasPrefix("# Mini model roadmap") == true)
        // The workshop's own roadmap beside the assessment is regenerated too.
        let again = try Self.run(
            ["report", Self.file, "--output", "assessments/platform/2026-Q4-roadmap.md"], in: sandbox)
        #expect(again.status == 0, "\(again.errors)")
    }

    // MARK: - 2. Special files are written into, never replaced

    @Test func devNullIsWrittenIntoAndStaysADevice() throws {
        let sandbox = try Self.completed()
        for arguments in [
            ["report", Self.file, "--output", "/dev/null"], ["portfolio", "--output", "/dev/null"],
            ["trend", "--team", "Platform", "--output", "/dev/null"],
        ] {
            let result = try Self.run(arguments, in: sandbox)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            #expect(Self.kind("/dev/null") == S_IFCHR, "/dev/null was replaced")
        }
        #expect(Self.snapshot(sandbox).keys.allSatisfy { !$0.contains("dev") })
    }

    @Test func aFIFOOutputIsWrittenIntoForItsReader() throws {
        let sandbox = try Self.completed()
        let fifo = sandbox.path("pipe.md")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let output = Pipe()
        reader.standardOutput = output
        try reader.run()
        let received = PipeReader(output)
        let result = try Self.run(["report", Self.file, "--output", "pipe.md"], in: sandbox)
        #expect(result.status == 0, "\(result.errors)")
        #expect(BinaryRunner.waitForExit(reader, seconds: 30))
        let expected = try Self.run(["report", Self.file], in: sandbox).output
        #expect(received.text() == expected)
        #expect(Self.kind(fifo) == S_IFIFO, "the FIFO was replaced")
    }

    @Test func aDashIsStandardOutput() throws {
        let sandbox = try Self.completed()
        let result = try Self.run(["report", Self.file, "--output", "-"], in: sandbox)
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("# Mini model roadmap"))
        #expect(!sandbox.exists("-"))
    }

    @Test func aLinkToARegularFileIsFollowedAndItsFileReplaced() throws {
        let sandbox = try Self.completed()
        sandbox.write("old report\n", to: "reports/real.md")
        #expect(symlink("reports/real.md", sandbox.path("latest.md")) == 0)
        let result = try Self.run(["report", Self.file, "--output", "latest.md"], in: sandbox)
        #expect(result.status == 0, "\(result.errors)")
        #expect(Self.kind(sandbox.path("latest.md")) == S_IFLNK, "the link was replaced by a file")
        #expect(sandbox.read("reports/real.md")?.hasPrefix("# Mini model roadmap") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("reports")) == ["real.md"])
    }

    @Test func aFolderOrABrokenLinkAsOutputIsRefused() throws {
        let sandbox = try Self.completed()
        try FileManager.default.createDirectory(atPath: sandbox.path("folder"), withIntermediateDirectories: true)
        #expect(symlink("nowhere/x.md", sandbox.path("dangling.md")) == 0)
        for target in ["folder", "dangling.md"] {
            let result = try Self.run(["report", Self.file, "--output", target], in: sandbox)
            #expect(result.status == 73, "\(target): \(result.errors)")
        }
        #expect(!sandbox.exists("nowhere"))
    }

    // MARK: - 6. Only regular files are read

    @Test func aFIFOOrADeviceGivenAsInputIsRefusedWithoutWaiting() throws {
        let sandbox = try Self.completed()
        #expect(mkfifo(sandbox.path("fifo.json"), 0o600) == 0)
        #expect(symlink("/dev/zero", sandbox.path("zero.json")) == 0)
        for (input, kind) in [("fifo.json", "a FIFO"), ("zero.json", "a character device")] {
            for arguments in [
                ["report", input], ["score", input], ["validate", input],
                ["import", "lens", input, "--output", "x.json"],
                ["report", Self.file, "--template", input], ["report", Self.file, "--questionnaire", input],
            ] {
                let result = try Self.run(arguments, in: sandbox, timeout: 20)
                #expect(!result.timedOut, "\(arguments) waited on \(input)")
                #expect(result.status == 66 || result.status == 65, "\(arguments): \(result.status) \(result.errors)")
                #expect(result.errors.contains("it is \(kind)"), "\(arguments): \(result.errors)")
                #expect(result.errors.contains("not a regular file"), "\(arguments): \(result.errors)")
            }
        }
    }

    @Test func specialFilesAndOutsideLinksInTheStoreAreReportedAndSkipped() throws {
        let sandbox = try Self.completed()
        let outside = Sandbox()
        try FileManager.default.copyItem(atPath: sandbox.path(Self.file), toPath: outside.path("2026-Q4.json"))
        try FileManager.default.createDirectory(
            atPath: sandbox.path("assessments/fifo-team"), withIntermediateDirectories: true)
        #expect(mkfifo(sandbox.path("assessments/fifo-team/2026-Q4.json"), 0o600) == 0)
        #expect(symlink("/dev/tty", sandbox.path("assessments/platform/2026-Q2.json")) == 0)
        #expect(symlink(outside.root, sandbox.path("assessments/elsewhere")) == 0)
        #expect(symlink(outside.path("2026-Q4.json"), sandbox.path("assessments/platform/2026-Q3.json")) == 0)
        for arguments in [["portfolio"], ["trend", "--team", "Platform"]] {
            let result = try Self.run(arguments + ["--store", "assessments"], in: sandbox, timeout: 20)
            #expect(!result.timedOut, "\(arguments) waited on a special file")
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            #expect(result.errors.contains("2026-Q2.json: skipped: a link that leads outside the store (to /dev/tty)"))
            #expect(result.errors.contains("assessments/platform/2026-Q3.json: skipped: a link that leads outside"))
            if arguments == ["portfolio"] {
                #expect(result.errors.contains("assessments/elsewhere: skipped: a link that leads outside"))
                #expect(result.errors.contains("fifo-team/2026-Q4.json: skipped: "), "\(result.errors)")
                #expect(result.errors.contains("it is a FIFO (named pipe), not a regular file"))
            }
        }
    }

    // MARK: - 8. One validation for every reader

    @Test(arguments: [0, 7, 99, -1])
    func aLevelOffTheScaleIsRefusedByPortfolioAndTrendToo(level: Int) throws {
        let sandbox = try Self.completed()
        // A second team whose latest file holds a level no other command accepts.
        let text = try #require(sandbox.read(Self.file))
        var json = try JSONParser.parse(text)
        var answers = json["discover"]?["answers"]?.objectValue ?? [:]
        answers["OP-01"] = .object(["level": .number(Double(level))])
        var discover = json["discover"]?.objectValue ?? [:]
        discover["answers"] = .object(answers)
        var root = json.objectValue ?? [:]
        root["discover"] = .object(discover)
        root["team"] = .string("Rogue")
        json = .object(root)
        sandbox.write(JSONWriter.prettyText(json), to: "assessments/rogue/2026-Q4.json")
        let score = try Self.run(["score", "assessments/rogue/2026-Q4.json"], in: sandbox)
        #expect(score.status == 65)
        let message = "discover.answers.OP-01.level: error: expected a level from 1 to 5, found \(level)"
        #expect(score.errors.contains(message), "\(score.errors)")
        let portfolio = try Self.run(["portfolio", "--format", "json"], in: sandbox)
        #expect(portfolio.status == 0, "\(portfolio.errors)")
        #expect(portfolio.errors.contains("rogue/2026-Q4.json: skipped: "), "\(portfolio.errors)")
        #expect(portfolio.errors.contains(message), "\(portfolio.errors)")
        #expect(!portfolio.output.contains("Rogue"), "a refused file is not ranked")
        let trend = try Self.run(["trend", "--team", "Rogue"], in: sandbox)
        #expect(trend.status == 66, "\(trend.errors)")
        #expect(trend.errors.contains(message), "\(trend.errors)")
    }

    // MARK: - 9. Team and respondent names never collide

    static func startTeam(_ team: String, in sandbox: Sandbox, input: [String] = ["q"]) throws -> BinaryRunner.Result {
        try Self.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", team,
                "--period", "2026-Q4", "--store", "assessments",
            ], in: sandbox, input: input.joined(separator: "\n") + "\n")
    }

    @Test func teamsWhoseNamesFoldAlikeGetTheirOwnFolders() throws {
        let sandbox = Sandbox()
        for team in ["C++", "C#", "Questionnaires", "Respondents", "c++"] {
            let result = try Self.startTeam(team, in: sandbox, input: ["Dana Lee", "q"])
            #expect(result.status == 0, "\(team): \(result.errors)")
        }
        let folders = try FileManager.default.contentsOfDirectory(atPath: sandbox.store).sorted()
        // The readable slug first; a second team with the same slug, or a reserved name, gets a
        // six-digit hexadecimal suffix. "c++" is the same team as "C++" and resumed its file.
        func suffixed(_ base: String) -> String? {
            folders.first { name in
                name.hasPrefix(base + "-") && name.dropFirst(base.count + 1).count == 6
                    && name.dropFirst(base.count + 1).allSatisfy(\.isHexDigit)
            }
        }
        let cSharp = try #require(suffixed("c"), "\(folders)")
        let questionnaires = try #require(suffixed("questionnaires"), "\(folders)")
        let respondents = try #require(suffixed("respondents"), "\(folders)")
        #expect(folders == ["c", cSharp, "questionnaires", questionnaires, respondents].sorted())
        #expect(try sandbox.assessment("assessments/\(cSharp)/2026-Q4.json").team == "C#")
        #expect(try sandbox.assessment("assessments/c/2026-Q4.json").team == "C++")
        #expect(try sandbox.assessment("assessments/\(questionnaires)/2026-Q4.json").team == "Questionnaires")
        // The same name finds the same folder again.
        let again = try Self.startTeam("C#", in: sandbox)
        #expect(again.output.contains("resuming assessments/\(cSharp)/2026-Q4.json"), "\(again.output)")
        // Both teams are in the portfolio; none vanishes into the questionnaire copies.
        let portfolio = try Self.run(["portfolio", "--format", "json"], in: sandbox)
        for team in ["C++", "C#", "Questionnaires", "Respondents"] {
            #expect(portfolio.output.contains("\"\(team)\""), "\(team) missing from the portfolio")
        }
    }

    @Test func aFileOfAnotherTeamIsNeverResumedNorTakenAsLastQuarter() throws {
        let sandbox = try Self.completed()
        // An older store where two teams shared one folder: platform/ holds "Platform Ops" for 2027-Q1.
        var other = try sandbox.assessment(Self.file)
        other.team = "Platform Ops"
        other.period = Period("2027-Q1") ?? other.period
        sandbox.write(try DocumentWriter.text(of: other), to: "assessments/platform/2027-Q1.json")
        let before = Self.snapshot(sandbox)
        let resumed = try Self.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--team", "Platform", "--org", "Acme",
                "--period", "2027-Q1", "--store", "assessments",
            ], in: sandbox, input: "q\n")
        #expect(resumed.status == 73, "\(resumed.errors)")
        #expect(resumed.errors.contains("holds the assessment of the team \"Platform Ops\", not \"Platform\""))
        #expect(Self.snapshot(sandbox) == before)
        // Platform's next quarter starts from Platform's own 2026-Q4, not from Platform Ops.
        let next = try Self.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--team", "Platform", "--org", "Acme",
                "--period", "2027-Q2", "--store", "assessments",
            ], in: sandbox, input: "q\n")
        #expect(next.status == 0, "\(next.errors)")
        #expect(next.output.contains("Starting from 2026-Q4"), "\(next.output)")
    }

    @Test func respondentsWhoseNamesFoldAlikeKeepTheirOwnFiles() throws {
        let sandbox = Sandbox()
        for name in ["José Núñez", "Jose Nunez"] {
            let result = try Self.run(
                [
                    "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--team", "Platform", "--period",
                    "2026-Q4", "--store", "assessments", "--respondent", name,
                ], in: sandbox, input: "3\n2\nq\n")
            #expect(result.status == 0, "\(name): \(result.errors)")
        }
        let folder = "assessments/platform/respondents/2026-Q4"
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.path(folder)).filter {
            $0.hasSuffix(".json")
        }
        #expect(files.count == 2, "\(files)")
        let respondents = try files.map { try sandbox.assessment("\(folder)/\($0)").respondent ?? "" }
        #expect(Set(respondents) == ["José Núñez", "Jose Nunez"])
    }

    // MARK: - 10. The rescue copy is private

    @Test func rescueCopiesAreCreatedExclusivelyInAPrivateFolder() throws {
        let sandbox = Sandbox()
        let fileSystem = LocalFileSystem(rescueFolder: sandbox.path("state/rescue"), temporaryFolder: sandbox.root)
        let first = try fileSystem.writeRescueCopy(Array("one".utf8), name: "platform-2026-Q4.json")
        #expect(first == sandbox.path("state/rescue/platform-2026-Q4.json"))
        let second = try fileSystem.writeRescueCopy(Array("two".utf8), name: "platform-2026-Q4.json")
        #expect(second != first, "an existing rescue copy is never replaced")
        #expect(sandbox.read("state/rescue/platform-2026-Q4.json") == "one")
        #expect(SecurityModes.mode(sandbox.path("state/rescue")) == 0o700)
        #expect(SecurityModes.mode(first) == 0o600 && SecurityModes.mode(second) == 0o600)

        // A folder others may write (or a link planted in its place) is not used: a new private
        // folder with an unpredictable name is made in the temporary folder instead.
        try FileManager.default.createDirectory(atPath: sandbox.path("open"), withIntermediateDirectories: true)
        chmod(sandbox.path("open"), 0o777)
        #expect(symlink(sandbox.path("open"), sandbox.path("planted")) == 0)
        for folder in ["open", "planted"] {
            let unsafe = LocalFileSystem(rescueFolder: sandbox.path(folder), temporaryFolder: sandbox.path("tmp"))
            try FileManager.default.createDirectory(atPath: sandbox.path("tmp"), withIntermediateDirectories: true)
            let path = try unsafe.writeRescueCopy(Array("three".utf8), name: "x.json")
            #expect(path.hasPrefix(sandbox.path("tmp/opmodel-rescue-")), "\(path)")
            #expect(SecurityModes.mode(PathText.folder(of: path)) == 0o700)
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("open")).isEmpty)
        }
    }
}

/// File permissions, for checks.
enum SecurityModes {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }
}
