import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

@Suite("Commands, errors and exit codes")
struct CommandTests {
    /// A finished workshop over the mini questionnaire, in a fresh sandbox.
    static func finishedWorkshop() -> (Sandbox, String) {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(
            WorkshopSessionTests.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole),
            in: sandbox)
        return (sandbox, sandbox.path(WorkshopSessionTests.file))
    }

    @Test func anUnknownCommandSuggestsTheClosestOne() {
        let result = CLIFixtures.run(["asess"], in: Sandbox())
        #expect(result.code == .usage)
        #expect(result.errors.contains("Unknown command 'asess'. Did you mean 'assess'?"))
    }

    @Test func anUnknownOptionSuggestsTheClosestOne() {
        let result = CLIFixtures.run(["score", "x.json", "--jsn"], in: Sandbox())
        #expect(result.code == .usage)
        #expect(result.errors.contains("--json"))
    }

    @Test func aMissingArgumentIsAUsageError() {
        let result = CLIFixtures.run(["score"], in: Sandbox())
        #expect(result.code == .usage)
        #expect(result.errors.contains("Usage: opmodel score"))
    }

    /// Every command and subcommand the registry knows: a new command cannot be forgotten.
    static let commandPaths: [[String]] = CommandRunner.allCommands.map { Array($0.path.dropFirst()) }

    @Test func theRegistryHoldsEveryCommand() {
        #expect(Self.commandPaths.count >= 12)
        #expect(Self.commandPaths.contains(["import", "lens"]) && Self.commandPaths.contains(["import", "responses"]))
    }

    @Test(arguments: commandPaths)
    func everyCommandHasHelp(command: [String]) {
        let viaFlag = CLIFixtures.run(command + ["--help"], in: Sandbox())
        let viaHelp = CLIFixtures.run(["help"] + command, in: Sandbox())
        #expect(viaFlag.code == .success)
        #expect(viaFlag.output.hasPrefix("OVERVIEW: "))
        #expect(viaFlag.output.contains("USAGE: opmodel \(command.joined(separator: " "))"))
        #expect(viaFlag.output == viaHelp.output)
        for line in viaFlag.output.split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= 80, "help line too wide: \(line)")
        }
        // Every option the command reads is declared, so its help lists it.
        let spec = CommandRunner.spec(at: ["opmodel"] + command)
        for option in spec.options {
            #expect(viaFlag.output.contains(option.key), "\(option.key) missing from the help of \(command)")
        }
    }

    /// Required options are declared as such: the parser refuses the command line without them,
    /// and the usage shows them without brackets.
    @Test(
        arguments: CommandRunner.allCommands.filter { $0.command.spec.options.contains(where: \.isRequired) }.map {
            Array($0.path.dropFirst())
        })
    func aMissingRequiredOptionIsAUsageError(command: [String]) {
        let spec = CommandRunner.spec(at: ["opmodel"] + command)
        let positionals = spec.arguments.filter { !$0.isOptional }.map { _ in "x.json" }
        let result = CLIFixtures.run(command + positionals, in: Sandbox())
        #expect(result.code == .usage, "\(result.errors)")
        let first = spec.options.first(where: \.isRequired)
        #expect(result.errors.contains("Missing expected option '\(first?.usage ?? "")'."), "\(result.errors)")
        #expect(result.errors.contains("Usage: opmodel \(command.joined(separator: " "))"))
    }

    @Test func importWithoutASubcommandNamesThem() {
        let result = CLIFixtures.run(["import"], in: Sandbox())
        #expect(result.code == .usage)
        #expect(result.errors.contains("Missing subcommand: 'lens' or 'responses'."))
        let typo = CLIFixtures.run(["import", "lense", "x.json"], in: Sandbox())
        #expect(typo.code == .usage)
        #expect(typo.errors.contains("Unknown command 'lense'. Did you mean 'lens'?"))
    }

    @Test func versionAndTopLevelHelp() {
        // The first line is the program's version, as scripts read it; then the questionnaires built in.
        let version = CLIFixtures.run(["--version"], in: Sandbox()).output.split(separator: "\n").map(String.init)
        #expect(version.first == "opmodel \(OpModel.version)")
        #expect(Array(version.dropFirst()) == ["cloud-operating-model", "genai-readiness"].map(Self.builtInLine))
        let help = CLIFixtures.run(["--help"], in: Sandbox())
        for command in ["assess", "report", "score", "validate", "questionnaires"] {
            #expect(help.output.contains("  \(command) "))
        }
    }

    /// `cloud-operating-model 1.0.0 (built in)`, with the version the shipped file holds.
    static func builtInLine(_ id: String) -> String {
        let text =
            (try? String(contentsOfFile: "\(CLIFixtures.repositoryRoot)/Questionnaires/\(id).json", encoding: .utf8))
            ?? ""
        let version = (try? JSONParser.parse(text))?["version"]?.stringValue ?? "?"
        return "\(id) \(version) (built in)"
    }

    @Test func aMissingFileIsNoInput() {
        let sandbox = Sandbox()
        for command in ["score", "report"] {
            let result = CLIFixtures.run([command, sandbox.path("nowhere.json")], in: sandbox)
            #expect(result.code == .noInput)
            #expect(result.errors.contains("nowhere.json"))
        }
    }

    @Test func aMalformedAssessmentIsADataErrorAndIsLeftUntouched() throws {
        let sandbox = Sandbox()
        let broken = """
            {"format": "opmodel.assessment", "formatVersion": 1, "id": "x", "team": "T", "period": "2026-Q5",
             "questionnaire": {"id": "mini", "version": "1.0.0"}}
            """
        sandbox.write(broken, to: "broken.json")
        for arguments in [
            ["score", sandbox.path("broken.json")],
            ["assess", sandbox.path("broken.json"), "--questionnaire", CLIFixtures.miniQuestionnaire],
        ] {
            let result = CLIFixtures.run(arguments, input: CLIFixtures.lines(["3"]), in: sandbox)
            #expect(result.code == .dataError)
            #expect(result.errors.contains("broken.json"))
            #expect(result.errors.contains("period: expected a period such as \"2026-Q4\", found \"2026-Q5\""))
            #expect(sandbox.read("broken.json") == broken)
        }
    }

    @Test func scoreJSONFollowsTheContract() throws {
        let (sandbox, path) = Self.finishedWorkshop()
        let result = CLIFixtures.run(["score", path, "--json", "--store", sandbox.store], in: sandbox)
        #expect(result.code == .success)
        let json = try JSONParser.parse(Array(result.output.utf8))
        let overall = try #require(json["overall"])
        // Operations (3·1 + 2·2)/3 = 2.33; cost 4; overall (2.33 + 4)/2 = 3.17.
        #expect(overall["score"] == .number(3.17))
        #expect(overall["level"] == .number(3))
        #expect(overall["label"] == .string("Defined"))
        #expect(overall["target"] == .number(4.5))
        #expect(overall["coverage"] == .number(1))
        let domains = try #require(json["domains"]?.arrayValue)
        #expect(domains.count == 2)
        let operations = domains[0]
        #expect(operations["id"] == .string("operations"))
        #expect(operations["score"] == .number(2.33))
        #expect(operations["gap"] == .number(1.67))
        #expect(operations["answered"] == .number(2))
        #expect(operations["delta"] == .null)
        let cost = domains[1]
        #expect(cost["notApplicable"] == .number(1))
        #expect(cost["coverage"] == .number(1))
        let keys = Set(operations.objectValue?.keys.map { $0 } ?? [])
        #expect(
            keys == [
                "id", "name", "score", "level", "label", "target", "gap", "coverage", "answered", "notApplicable",
                "unanswered", "delta",
            ])
    }

    @Test func scoreSummaryShowsABarPerDomain() {
        let (sandbox, path) = Self.finishedWorkshop()
        let result = CLIFixtures.run(["score", path], in: sandbox)
        #expect(result.code == .success)
        #expect(result.output.contains("Operations"))
        #expect(result.output.contains("2.3 Repeatable"))
        #expect(result.output.contains("4.0 Managed"))
        #expect(result.output.contains("█"))
    }

    @Test func validateListsEveryProblemWithItsPath() {
        let sandbox = Sandbox()
        sandbox.write(
            """
            {"format": "opmodel.questionnaire", "formatVersion": 1, "id": "bad", "version": "1.0.0", "title": "Bad",
             "scale": [{"level": 1, "name": "Low"}, {"level": 3, "name": "High"}],
             "domains": [{"id": "d", "name": "D", "questions": [
               {"id": "Q1", "text": "Why?", "levels": {"1": "One.", "3": "Three."}, "next": {"1": "Do it."},
                "kpis": ["missing"], "dependsOn": ["Q1"]}]}]}
            """, to: "bad.json")
        let result = CLIFixtures.run(["validate", sandbox.path("bad.json")], in: sandbox)
        #expect(result.code == .dataError)
        let text = result.output + result.errors
        #expect(text.contains("bad.json: scale[1].level: error: the scale must be contiguous"))
        #expect(text.contains("bad.json: domains[0].questions[0].kpis[0]: error: unknown KPI \"missing\""))
        #expect(
            text.contains("bad.json: domains[0].questions[0].dependsOn[0]: error: a question cannot depend on itself"))
    }

    @Test func validateAcceptsTheShippedQuestionnairesAndTheDefaultTemplate() {
        let sandbox = Sandbox()
        let root = CLIFixtures.repositoryRoot
        let result = CLIFixtures.run(
            [
                "validate", root + "/Questionnaires/cloud-operating-model.json",
                root + "/Questionnaires/genai-readiness.json", root + "/Templates/roadmap.md",
            ], in: sandbox)
        #expect(result.code == .success, "\(result.output)\(result.errors)")
    }

    @Test func aTemplateWithAnUnknownNameFailsWithLineAndColumn() {
        let (sandbox, path) = Self.finishedWorkshop()
        sandbox.write("# {{assessment.team}}\n\n{{assessment.teem}}\n", to: "custom.md")
        let result = CLIFixtures.run(["report", path, "--template", sandbox.path("custom.md")], in: sandbox)
        #expect(result.code == .dataError)
        #expect(result.errors.contains("3:1"))
        #expect(result.errors.contains("teem"))
    }

    @Test func reportWritesMarkdownAndTheContextAsJSON() throws {
        let (sandbox, path) = Self.finishedWorkshop()
        let output = sandbox.path("out/roadmap.md")
        let written = CLIFixtures.run(["report", path, "--output", output], in: sandbox)
        #expect(written.code == .success)
        let markdown = try #require(sandbox.read("out/roadmap.md"))
        #expect(markdown.hasPrefix("# Mini model roadmap: Platform, 2026-Q4\n"))
        let json = CLIFixtures.run(["report", path, "--format", "json"], in: sandbox)
        let context = try JSONParser.parse(Array(json.output.utf8))
        #expect(context["assessment"]?["team"] == .string("Platform"))
        #expect(context["domains"]?.arrayValue?.count == 2)
    }

    /// The report context keeps the keys DESIGN §6 promises to scripts.
    @Test func reportJSONKeepsTheContractKeys() throws {
        let (sandbox, path) = Self.finishedWorkshop()
        let json = CLIFixtures.run(["report", path, "--format", "json"], in: sandbox)
        let context = try JSONParser.parse(Array(json.output.utf8))
        func keys(_ value: JSONValue?) -> Set<String> { Set(value?.objectValue?.keys.map { $0 } ?? []) }
        #expect(keys(context["scores"]).isSuperset(of: ["overall", "percentToTarget", "domains"]))
        let roadmap = context["roadmap"]
        #expect(keys(roadmap).isSuperset(of: ["milestones", "backlog", "dropped", "conflicts"]))
        let milestone = try #require(roadmap?["milestones"]?.arrayValue?.first)
        #expect(keys(milestone).isSuperset(of: ["period", "steps", "projected", "kpis"]))
        let step = try #require(milestone["steps"]?.arrayValue?.first)
        #expect(
            keys(step).isSuperset(of: [
                "id", "domain", "question", "fromLevel", "toLevel", "action", "owner", "status",
            ]))
        // OP-02@3 is the first step: OP-02 answered 2, operations target 4.
        #expect(step["id"] == .string("OP-02@3"))
        #expect(step["owner"] == .string("Ben Okafor"))
        #expect(milestone["projected"]?["operations"] != nil)
        let kpi = try #require(milestone["kpis"]?.arrayValue?.first)
        #expect(keys(kpi).isSuperset(of: ["id", "interimTarget", "outcome"]))
        // MTTR 240 → 60 from 2026-Q4 to 2027-Q4: 45 minutes a quarter, so 195 in 2027-Q1.
        #expect(kpi["interimTarget"] == .number(195))
    }

    @Test func questionnairesListsTheShippedOnes() {
        let result = CLIFixtures.run(["questionnaires"], in: Sandbox())
        #expect(result.code == .success)
        #expect(result.output.contains("cloud-operating-model"))
        #expect(result.output.contains("genai-readiness"))
    }
}
