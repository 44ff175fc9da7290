import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

#if canImport(Glibc)
    import Glibc
#endif

/// One malformed input of the corpus (`Fixtures/corpus/manifest.json`): the file, the command
/// that reads it, and what the person must see.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    /// The path under `Fixtures/corpus`.
    var file: String
    /// validate, assess (the file as the questionnaire), resume (the file as the assessment),
    /// score, report (the file as the template), import-lens or import-responses.
    var command: String
    /// The exit code expected.
    var exit: Int32
    /// A fragment of the error message expected.
    var message: String
    /// What is wrong with the file, in words.
    var about: String

    var testDescription: String { file }
}

/// Every malformed questionnaire, assessment, template, CSV and lens of the corpus ends in one
/// clear message naming the file and the expected exit code; the input is left untouched and
/// nothing is written.
@Suite("Malformed corpus: clear messages, sysexits codes, untouched inputs")
struct MalformedCorpusTests {
    static let corpusFolder = CLIFixtures.repositoryRoot + "/Tests/OpModelCLITests/Fixtures/corpus"

    static let cases: [CorpusCase] = {
        guard let data = FileManager.default.contents(atPath: corpusFolder + "/manifest.json"),
            let json = try? JSONParser.parse(Array(data)), let entries = json["cases"]?.arrayValue
        else { return [] }
        return entries.compactMap { entry in
            guard let file = entry["file"]?.stringValue, let command = entry["command"]?.stringValue,
                let exit = entry["exit"]?.numberValue.flatMap({ Int32(exactly: $0) }),
                let message = entry["message"]?.stringValue
            else { return nil }
            return CorpusCase(
                file: file, command: command, exit: exit, message: message, about: entry["about"]?.stringValue ?? "")
        }
    }()

    @Test func theCorpusIsLargeAndEveryFileIsListed() throws {
        #expect(Self.cases.count >= 40, "the issue asks for at least 40 malformed inputs")
        let kinds = Dictionary(grouping: Self.cases) { String($0.file.prefix { $0 != "/" }) }
        for kind in ["questionnaires", "assessments", "templates", "csv", "lenses"] {
            #expect((kinds[kind]?.count ?? 0) >= 5, "fewer than five \(kind)")
        }
        let listed = Set(Self.cases.map(\.file))
        #expect(listed.count == Self.cases.count, "a file is listed twice")
        var onDisk: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: Self.corpusFolder)
        while let relative = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Self.corpusFolder + "/" + relative, isDirectory: &isFolder)
            if !isFolder.boolValue, relative.contains("/") { onDisk.insert(relative) }
        }
        #expect(onDisk == listed, "unlisted: \(onDisk.subtracting(listed)); missing: \(listed.subtracting(onDisk))")
        let commands: Set<String> = [
            "validate", "assess", "resume", "score", "report", "import-lens", "import-responses",
        ]
        #expect(Set(Self.cases.map(\.command)).isSubset(of: commands))
    }

    @Test(arguments: cases)
    func aMalformedInputGetsOneClearMessage(_ corpus: CorpusCase) throws {
        let sandbox = Sandbox()
        let source = Self.corpusFolder + "/" + corpus.file
        let original = try #require(FileManager.default.contents(atPath: source))
        let name = String(corpus.file.split(separator: "/").last ?? "input")
        let input = sandbox.path("input/" + name)
        try FileManager.default.createDirectory(atPath: sandbox.path("input"), withIntermediateDirectories: true)
        try original.write(to: URL(fileURLWithPath: input))
        let base = sandbox.path("base.json")
        try FileManager.default.copyItem(atPath: Self.corpusFolder + "/base-assessment.json", toPath: base)
        let mini = CLIFixtures.miniQuestionnaire
        let arguments: [String]
        switch corpus.command {
        case "validate": arguments = ["validate", input]
        case "assess":
            arguments = [
                "assess", "--questionnaire", input, "--org", "Acme", "--team", "Platform", "--period", "2026-Q4",
                "--store", sandbox.store,
            ]
        case "resume": arguments = ["assess", input, "--questionnaire", mini]
        case "score": arguments = ["score", input, "--questionnaire", mini]
        case "report":
            arguments = [
                "report", base, "--template", input, "--questionnaire", mini, "--output", sandbox.path("out.md"),
            ]
        case "import-lens": arguments = ["import", "lens", input, "--output", sandbox.path("out.json")]
        case "import-responses":
            arguments = ["import", "responses", input, "--questionnaire", mini, "--output", sandbox.path("out")]
        default:
            Issue.record("unknown command \(corpus.command) in the manifest")
            return
        }
        let result = CLIFixtures.run(arguments, input: CLIFixtures.lines(["q"]), in: sandbox)
        let everything = result.errors + result.output
        #expect(result.code.rawValue == corpus.exit, "\(corpus.about): exit \(result.code.rawValue)\n\(everything)")
        #expect(everything.contains(corpus.message), "\(corpus.about): expected “\(corpus.message)” in\n\(everything)")
        #expect(everything.contains(input), "the message names the file")
        #expect(!everything.contains("Fatal error") && !everything.contains("Swift."), "\(everything)")
        for line in result.errors.split(separator: "\n") {
            #expect(line.count <= 1_200, "an error line of \(line.count) characters")
        }
        // The input is left untouched, and nothing is written beside it or anywhere else.
        #expect(FileManager.default.contents(atPath: input) == original, "\(corpus.file) was modified")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("input")) == [name])
        #expect(
            FileManager.default.contents(atPath: base)
                == FileManager.default.contents(
                    atPath: Self.corpusFolder + "/base-assessment.json"))
        for output in ["out.md", "out.json", "out", "assessments/platform"] {
            #expect(!sandbox.exists(output), "\(output) was written despite the error")
        }
        #expect(result.terminal.reads == 0, "the workshop asked questions before refusing the input")
    }

    /// The base assessment of the report cases is itself valid, so that each template case fails
    /// because of its template alone.
    @Test func theBaseAssessmentIsValid() {
        let sandbox = Sandbox()
        let base = sandbox.path("base.json")
        try? FileManager.default.copyItem(atPath: Self.corpusFolder + "/base-assessment.json", toPath: base)
        let result = CLIFixtures.run(
            ["report", base, "--questionnaire", CLIFixtures.miniQuestionnaire, "--output", sandbox.path("out.md")],
            in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        #expect(sandbox.exists("out.md"))
    }

    // MARK: - Size limits

    /// A sparse file far larger than memory: reading it whole would take minutes or kill the
    /// process, so a quick, clean refusal proves the size is checked before reading.
    static func sparseFile(at path: String, size: Int64) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(ftruncate(descriptor, off_t(size)) == 0, "the file system cannot make sparse files")
    }

    @Test(arguments: [
        ("validate", "big.json"), ("score", "big.json"), ("assess", "big.json"), ("report", "big.md"),
        ("import-lens", "big.json"), ("import-responses", "big.csv"),
    ])
    func aFileOverTheLimitIsRefusedBeforeItIsRead(command: String, name: String) throws {
        let sandbox = Sandbox()
        let path = sandbox.path(name)
        try Self.sparseFile(at: path, size: 64 * 1_073_741_824)
        let base = sandbox.path("base.json")
        try FileManager.default.copyItem(atPath: Self.corpusFolder + "/base-assessment.json", toPath: base)
        let mini = CLIFixtures.miniQuestionnaire
        let arguments: [String] =
            switch command {
            case "validate": ["validate", path]
            case "score": ["score", path, "--questionnaire", mini]
            case "assess": ["assess", "--questionnaire", path, "--team", "T", "--org", "O", "--store", sandbox.store]
            case "report": ["report", base, "--template", path, "--questionnaire", mini]
            case "import-lens": ["import", "lens", path, "--output", sandbox.path("out.json")]
            default: ["import", "responses", path, "--questionnaire", mini, "--output", sandbox.path("out")]
            }
        let started = Date()
        let result = CLIFixtures.run(arguments, in: sandbox)
        #expect(Date().timeIntervalSince(started) < 5, "the refusal took too long: was the file read?")
        #expect(result.code == .dataError, "\(result.errors)")
        let limit = name.hasSuffix(".csv") ? "64 MiB" : "16 MiB"
        #expect(result.errors.contains("the file is 65536 MiB, more than the limit of \(limit); it was not read"))
        #expect(result.errors.contains(path))
    }

    /// Just over the limit is refused; just under is read (and then judged on its content).
    @Test func theLimitIsExact() throws {
        let sandbox = Sandbox()
        let over = sandbox.path("over.json")
        let under = sandbox.path("under.json")
        try Self.sparseFile(at: over, size: Int64(FileLimits.document) + 1)
        try Self.sparseFile(at: under, size: Int64(FileLimits.document))
        let refused = CLIFixtures.run(["validate", over], in: sandbox)
        #expect(refused.errors.contains("it was not read"))
        let read = CLIFixtures.run(["validate", under], in: sandbox)
        #expect(read.code == .dataError)
        #expect(!read.errors.contains("it was not read"), "a file of exactly the limit is read")
    }
}
