import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

/// The conventions of a command-line tool: shell completion and the manual page, both made from
/// the command registry and the same declarations that parsing and `--help` use.
@Suite("Conventions: completions, the manual page, --version")
struct ConventionsTests {
    static let shells = ShellCompletions.shells

    /// The script `opmodel completions shell` prints, in process.
    static func script(_ shell: String) -> String {
        CLIFixtures.run(["completions", shell], in: Sandbox()).output
    }

    // MARK: - Made from the registry

    /// Every command, subcommand, option and closed value of the registry is in each script: a
    /// new option is completed without anyone touching the scripts.
    @Test(arguments: shells)
    func everyDeclarationIsInTheScript(shell: String) {
        let script = Self.script(shell)
        #expect(script.hasPrefix(shell == "zsh" ? "#compdef opmodel\n" : "# \(shell) completion for opmodel."))
        func spelled(_ name: String) -> String {
            guard shell == "fish" else { return name }
            return name.hasPrefix("--") ? "-l \(name.dropFirst(2))" : "-s \(name.dropFirst())"
        }
        let root = CommandRunner.rootSpec
        var declarations = [(["opmodel"], root, HelpFormatter.options(for: root, commandPath: ["opmodel"]))]
        declarations += CommandRunner.allCommands.map { ($0.path, $0.command.spec, $0.command.spec.allOptions) }
        declarations.append((["opmodel", "help"], CommandRunner.helpSpec, CommandRunner.helpSpec.allOptions))
        for (path, spec, options) in declarations {
            if let name = path.dropFirst().last { #expect(script.contains(name), "\(shell): \(path)") }
            for option in options {
                for name in option.names {
                    #expect(script.contains(spelled(name)), "\(shell): \(name) of \(path.joined(separator: " "))")
                }
                for value in option.allowed ?? [] {
                    #expect(script.contains(value), "\(shell): \(value) of \(option.key)")
                }
            }
            for value in spec.arguments.compactMap(\.allowed).joined() {
                #expect(script.contains(value), "\(shell): \(value) of \(path)")
            }
        }
        for questionnaire in ResourceLocator.builtInQuestionnaires {
            #expect(script.contains(questionnaire.id), "\(shell): \(questionnaire.id)")
        }
    }

    /// The model reads each option's kind of value from its declaration.
    @Test func valuesFollowTheDeclarations() {
        let model = CompletionModel.make(questionnaireIDs: ["b-lens", "a-model", "bad id", "-x", "$(rm)"])
        #expect(model.questionnaireIDs == ["a-model", "b-lens"])
        #expect(model.topLevelNames == CommandRunner.rootSpec.subcommands.map(\.name))
        func option(_ command: String, _ name: String) -> CompletionModel.Option? {
            model.commands.first { $0.key == command }?.options.first { $0.names.contains(name) }
        }
        #expect(option("report", "--format")?.values == .choices(["markdown", "html", "json", "csv"]))
        #expect(option("report", "--output")?.values == .files)
        #expect(option("report", "--store")?.values == .directories)
        #expect(option("assess", "--questionnaire")?.values == .questionnaires)
        #expect(option("assess", "--team")?.values == .text)
        #expect(option("score", "--json")?.values == nil)
        #expect(option("", "--version") != nil)
        #expect(model.commands.first { $0.key == "completions" }?.arguments == .choices(["bash", "zsh", "fish"]))
        #expect(model.commands.first { $0.key == "help" }?.arguments == .commands)
        #expect(model.commands.first { $0.key == "import" }?.subcommands.map(\.name) == ["lens", "responses"])
    }

    @Test func anotherShellIsAUsageErrorWithASuggestion() {
        let result = CLIFixtures.run(["completions", "zshh"], in: Sandbox())
        #expect(result.code == .usage)
        #expect(
            result.errors.contains(
                "The value 'zshh' is invalid for '<shell>'. Please provide one of 'bash', 'zsh', 'fish'. Did you mean 'zsh'?"
            ))
        #expect(CLIFixtures.run(["completions"], in: Sandbox()).code == .usage)
    }

    // MARK: - In each shell

    /// A folder with the built opmodel's scripts where each shell looks for them
    /// (`share/bash-completion/completions`, `share/zsh/site-functions`, `share/fish/vendor_completions.d`).
    static func scripts() throws -> Sandbox {
        let sandbox = Sandbox()
        for (shell, file) in [
            ("bash", "share/bash-completion/completions/opmodel"), ("zsh", "share/zsh/site-functions/_opmodel"),
            ("fish", "share/fish/vendor_completions.d/opmodel.fish"),
        ] {
            let result = try BinaryRunner.run(["completions", shell], in: sandbox.root)
            #expect(result.status == 0, "\(result.transcript)")
            sandbox.write(result.output, to: file)
        }
        sandbox.write("{}", to: "work/answers.json")
        sandbox.write("", to: "work/notes.txt")
        try FileManager.default.createDirectory(atPath: sandbox.path("work/stores"), withIntermediateDirectories: true)
        return sandbox
    }

    @Test func bashCompletesCommandsOptionsValuesAndFiles() throws {
        let sandbox = try Self.scripts()
        let script = sandbox.path("share/bash-completion/completions/opmodel")
        func complete(_ words: String...) throws -> Set<String> {
            Set(try ShellDrivers.bash(script: script, words: ["opmodel"] + words, in: sandbox.path("work")))
        }
        let syntax = try ExternalTools.run("/bin/bash", ["-n", script], in: sandbox.root)
        #expect(syntax.status == 0, "\(syntax.transcript)")
        #expect(try complete("").isSuperset(of: ["assess", "validate", "completions", "help", "questionnaires"]))
        #expect(try complete("va") == ["validate"])
        #expect(try complete("import", "") == ["lens", "responses"])
        #expect(try complete("report", "x.json", "--format", "") == ["markdown", "html", "json", "csv"])
        #expect(try complete("report", "x.json", "--format=j") == ["--format=json"])
        #expect(try complete("--color", "n") == ["never"])
        #expect(try complete("assess", "--questionnaire", "c") == ["cloud-operating-model"])
        #expect(try complete("assess", "--questionnaire", "").isSuperset(of: ["genai-readiness", "answers.json"]))
        #expect(try complete("score", "a") == ["answers.json"])
        #expect(try complete("portfolio", "--store", "") == ["stores"])
        #expect(try complete("assess", "--ph") == ["--phase"])
        #expect(try complete("help", "im") == ["import"])
        #expect(try complete("completions", "") == ["bash", "zsh", "fish"])
        #expect(try complete("--color", "never", "import", "lens", "--") == ["--output", "--id", "--color", "--help"])
    }

    @Test func zshCompletesCommandsValuesAndQuestionnaireIDs() throws {
        let sandbox = try Self.scripts()
        let zsh = try ExternalTools.require("zsh", "the zsh completion script cannot be tried")
        let syntax = try ExternalTools.run(
            zsh, ["-n", sandbox.path("share/zsh/site-functions/_opmodel")], in: sandbox.root)
        #expect(syntax.status == 0, "\(syntax.transcript)")
        func complete(_ line: String) throws -> Set<String> {
            Set(
                try ShellDrivers.zsh(
                    functionsFolder: sandbox.path("share/zsh/site-functions"), line: line, in: sandbox.path("work")))
        }
        #expect(try complete("opmodel ").isSuperset(of: ["assess", "validate", "completions", "help"]))
        #expect(try complete("opmodel import ") == ["lens", "responses"])
        #expect(try complete("opmodel assess --phase ").isSuperset(of: ["envision", "improve"]))
        #expect(
            try complete("opmodel assess --questionnaire ").isSuperset(of: ["cloud-operating-model", "genai-readiness"])
        )
        #expect(try complete("opmodel score ").isSuperset(of: ["answers.json"]))
    }

    @Test func fishCompletesCommandsValuesAndQuestionnaireIDs() throws {
        let sandbox = try Self.scripts()
        let fish = try ExternalTools.require("fish", "the fish completion script cannot be tried")
        let script = sandbox.path("share/fish/vendor_completions.d/opmodel.fish")
        let syntax = try ExternalTools.run(fish, ["--no-execute", script], in: sandbox.root)
        #expect(syntax.status == 0, "\(syntax.transcript)")
        func complete(_ line: String) throws -> Set<String> {
            Set(
                try ShellDrivers.fish(
                    share: sandbox.path("share"), binFolder: BinaryRunner.productsDirectory.path, line: line,
                    in: sandbox.path("work")))
        }
        #expect(try complete("opmodel ").isSuperset(of: ["assess", "validate", "completions", "help"]))
        #expect(try complete("opmodel import ") == ["lens", "responses"])
        #expect(try complete("opmodel --color ") == ["auto", "always", "never"])
        #expect(
            try complete("opmodel assess --questionnaire ").isSuperset(of: ["cloud-operating-model", "genai-readiness"])
        )
        #expect(try complete("opmodel score a") == ["answers.json"])
    }

    // MARK: - The manual page

    /// The page holds every command with its usage, every option with the help `--help` prints,
    /// and every exit code.
    @Test func theManualPageIsMadeFromTheHelp() {
        let result = CLIFixtures.run(["help", "--man"], in: Sandbox())
        #expect(result.code == .success)
        let page = result.output
        #expect(page.contains(".TH OPMODEL 1 \"\" \"opmodel \(OpModel.version)\" \"User Commands\"\n"))
        for (path, command) in CommandRunner.allCommands {
            let spec = command.spec
            #expect(page.contains(".SS \"\(ManPage.escape(path.joined(separator: " ")))\"\n"), "\(path)")
            let usage = HelpFormatter.usageLine(for: spec, commandPath: path)
            #expect(page.contains(ManPage.synopsis(usage).joined(separator: "\n")), "\(usage)")
            #expect(page.contains(ManPage.escape(spec.abstract)), "\(path)")
            for option in spec.options {
                #expect(page.contains(ManPage.item(option).joined(separator: "\n")), "\(option.key) of \(path)")
                #expect(page.contains(ManPage.escape(HelpFormatter.describe(option))), "\(option.key) of \(path)")
            }
        }
        for code in ExitCode.allCases {
            #expect(page.contains(".TP\n\\fB\(code.rawValue)\\fR\n"), "exit code \(code.rawValue)")
        }
        #expect(!page.contains("\n\n"), "a blank line is a roff break")
    }

    @Test func helpExplainsItselfAndManTakesNoCommand() {
        for arguments in [["help", "help"], ["help", "--help"], ["help", "-h"]] {
            let result = CLIFixtures.run(arguments, in: Sandbox())
            #expect(result.code == .success, "\(arguments)")
            #expect(result.output.contains("USAGE: opmodel help [<command> ...] [--man]"), "\(result.output)")
            #expect(result.output.contains("--man"))
        }
        let extra = CLIFixtures.run(["help", "score", "--man"], in: Sandbox())
        #expect(extra.code == .usage)
        #expect(extra.errors.contains("'--man' takes no command"))
        #expect(extra.errors.contains("Usage: opmodel help [<command> ...] [--man]"))
    }

    @Test func theManualPageRendersWithoutWarnings() throws {
        let man = try ExternalTools.require("man", "the manual page cannot be rendered")
        let sandbox = Sandbox()
        let page = try BinaryRunner.run(["help", "--man"], in: sandbox.root)
        #expect(page.status == 0)
        sandbox.write(page.output, to: "opmodel.1")
        let rendered = try ExternalTools.run(
            man, ["--warnings", "-l", sandbox.path("opmodel.1")], in: sandbox.root,
            extra: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"])
        #expect(rendered.status == 0, "\(rendered.transcript)")
        #expect(rendered.errors.isEmpty, "man: \(rendered.errors)")
        let text = rendered.output.replacingOccurrences(of: "\u{2010}", with: "-")
        for expected in [
            "opmodel - cloud operating model assessments", "SYNOPSIS", "opmodel import lens <lens> --output <path>",
            "EXIT STATUS", "--store <dir>", "ENVIRONMENT", "OPMODEL_STORE",
        ] {
            #expect(text.contains(expected), "'\(expected)' not in the rendered page")
        }
        for escape in ["\\-", "\\f", "\\e", "\\(", "\\["] {
            #expect(!text.contains(escape), "an escape left unrendered: \(escape)")
        }
    }

    // MARK: - --version

    @Test func versionPrintsTheVersionThenTheQuestionnairesBuiltIn() throws {
        let sandbox = Sandbox()
        let result = try BinaryRunner.run(["--version"], in: sandbox.root)
        #expect(result.status == 0)
        #expect(result.lines.first == "opmodel \(OpModel.version)")
        let expected = ResourceLocator.builtInQuestionnaires.map { "\($0.id) \($0.version) (built in)" }
        #expect(Array(result.lines.dropFirst()) == expected)
        #expect(expected.contains { $0.hasPrefix("cloud-operating-model ") })
    }
}
