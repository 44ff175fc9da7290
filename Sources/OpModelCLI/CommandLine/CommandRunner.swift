import OpModelKit

/// A command of the program.
protocol Command {
    /// A command ready to run.
    init()
    /// The command's declaration.
    static var spec: CommandSpec { get }
    /// Runs the command with its parsed arguments.
    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode
    /// Whether the command talks with the room: Ctrl-C then saves and stops the session
    /// instead of ending the process at once.
    static var isInteractive: Bool { get }
    /// The commands under this one (`import lens`, `import responses`); the first argument names one.
    static var subcommands: [any Command.Type] { get }
}

extension Command {
    /// Commands are batch commands unless they say otherwise.
    static var isInteractive: Bool { false }
    /// Commands have no subcommands unless they say otherwise.
    static var subcommands: [any Command.Type] { [] }
}

/// What a running command can use: the environment, styles for output and errors, and the
/// command's path for messages.
struct CommandContext {
    var environment: CommandEnvironment
    var style: TextStyle
    var errorStyle: TextStyle
    var commandPath: [String]
    /// The files this command has read (every read goes through the environment's file
    /// system, which notes it here), so that no output replaces one.
    var inputs: InputLedger

    var terminal: any Terminal { environment.terminal }

    func print(_ text: String) {
        terminal.write(text.hasSuffix("\n") ? text : text + "\n")
    }

    func warn(_ text: String) {
        terminal.writeError(errorStyle.yellow("Warning:") + " " + text + "\n")
    }

    func note(_ text: String) {
        terminal.writeError(text + "\n")
    }
}

/// Finds the command, parses its arguments, runs it, and turns errors into messages and
/// sysexits codes.
struct CommandRunner {
    var environment: CommandEnvironment

    static var commands: [any Command.Type] {
        [
            AssessCommand.self, ReportCommand.self, ScoreCommand.self, CompareCommand.self, TrendCommand.self,
            PortfolioCommand.self, MergeCommand.self, ImportCommand.self, ValidateCommand.self,
            QuestionnairesCommand.self, CompletionsCommand.self,
        ]
    }

    static var rootSpec: CommandSpec {
        CommandSpec(
            name: "opmodel",
            abstract: "Cloud operating model assessments: run a workshop, score maturity, plan a roadmap.",
            discussion: """
                Run a workshop with 'opmodel assess'; it walks the room through Envision, Discover, Build,
                Deliver and Improve, saves after every answer, and writes a Markdown roadmap at the end.
                """,
            subcommands: commands.map { $0.spec } + [helpSpec])
    }

    func run(_ arguments: [String]) -> ExitCode {
        let colorChoice = Self.colorChoice(in: arguments)
        let style = TextStyle.resolve(
            choice: colorChoice, isTerminal: environment.terminal.outputIsInteractive,
            environment: environment.variables)
        let errorStyle = TextStyle.resolve(
            choice: colorChoice, isTerminal: environment.terminal.errorIsInteractive,
            environment: environment.variables)
        // Everything shown goes through one filter: nothing from a file reaches the terminal raw.
        let terminal = SafeTerminal(
            environment.terminal, stylesOnOutput: style.isEnabled, stylesOnErrors: errorStyle.isEnabled)
        let inputs = InputLedger()
        var environment = environment
        environment.terminal = terminal
        environment.fileSystem = RecordingFileSystem(base: environment.fileSystem, ledger: inputs)
        let runner = CommandRunner(environment: environment)
        var context = CommandContext(
            environment: environment, style: style, errorStyle: errorStyle, commandPath: ["opmodel"], inputs: inputs)
        let code = runner.dispatch(arguments, context: &context)
        return terminal.finish(code, errorStyle: errorStyle)
    }

    /// Finds the command and runs it.
    func dispatch(_ arguments: [String], context: inout CommandContext) -> ExitCode {
        let terminal = environment.terminal

        guard let first = arguments.first else {
            terminal.write(HelpFormatter.help(for: Self.rootSpec, commandPath: ["opmodel"]))
            return .success
        }
        switch first {
        case "--version", "-V", "version":
            terminal.write(Self.versionText)
            return .success
        case "-h", "--help":
            terminal.write(HelpFormatter.help(for: Self.rootSpec, commandPath: ["opmodel"]))
            return .success
        case "help":
            return help(Array(arguments.dropFirst()), context: context)
        default:
            break
        }
        if first.hasPrefix("-"), first != "--color", !first.hasPrefix("--color=") {
            return report(
                CommandLineError.unknownOption(
                    first, suggestion: Suggestions.closest(to: first, among: ["--help", "--version", "--color"]),
                    command: ["opmodel"]), context: context)
        }
        var remaining = arguments
        // A leading --color applies to whatever command follows.
        if first == "--color" || first.hasPrefix("--color=") {
            remaining.removeFirst(first == "--color" ? min(2, remaining.count) : 1)
            if remaining.isEmpty {
                terminal.write(HelpFormatter.help(for: Self.rootSpec, commandPath: ["opmodel"]))
                return .success
            }
        }
        let name = remaining[0]
        guard let command = Self.commands.first(where: { $0.spec.name == name }) else {
            let names = Self.rootSpec.subcommands.map(\.name)
            return report(
                CommandLineError.unknownCommand(
                    name, suggestion: Suggestions.closest(to: name, among: names), command: ["opmodel"]),
                context: context)
        }
        context.commandPath = ["opmodel", name]
        do {
            let (command, rest) = try Self.resolve(command, Array(remaining.dropFirst()), path: &context.commandPath)
            switch try ArgumentParser.parse(rest, spec: command.spec, commandPath: context.commandPath) {
            case .help:
                terminal.write(HelpFormatter.help(for: command.spec, commandPath: context.commandPath))
                return .success
            case .values(let parsed):
                SignalPolicy.set(command.isInteractive ? .finishSession : .exitNow)
                return try command.init().run(parsed, context: context)
            }
        } catch {
            return report(error, context: context)
        }
    }

    /// The subcommand that `arguments` name under `command` (`import lens`), with the arguments
    /// left for it; `path` grows by the names taken. A group given no subcommand is a usage error.
    static func resolve(_ command: any Command.Type, _ arguments: [String], path: inout [String])
        throws(CommandLineError)
        -> (any Command.Type, [String])
    {
        var command = command
        var rest = arguments
        while !command.subcommands.isEmpty {
            guard let next = rest.first, !next.hasPrefix("-") else {
                if rest.contains("-h") || rest.contains("--help") { return (command, rest) }
                let names = command.subcommands.map { "'\($0.spec.name)'" }
                throw CommandLineError(
                    message: "Missing subcommand: \(names.joined(separator: " or ")).", commandPath: path)
            }
            guard let subcommand = command.subcommands.first(where: { $0.spec.name == next }) else {
                throw CommandLineError.unknownCommand(
                    next, suggestion: Suggestions.closest(to: next, among: command.subcommands.map { $0.spec.name }),
                    command: path)
            }
            command = subcommand
            rest.removeFirst()
            path.append(next)
        }
        return (command, rest)
    }

    /// Every command and subcommand with its path (`["opmodel", "import", "lens"]`), for help,
    /// completions and the tests that check each one.
    static var allCommands: [(path: [String], command: any Command.Type)] {
        var result: [([String], any Command.Type)] = []
        func visit(_ command: any Command.Type, _ path: [String]) {
            result.append((path, command))
            for subcommand in command.subcommands { visit(subcommand, path + [subcommand.spec.name]) }
        }
        for command in commands { visit(command, ["opmodel", command.spec.name]) }
        return result
    }

    /// The declaration of the command at `path`, the root's when there is none.
    static func spec(at path: [String]) -> CommandSpec {
        if path == ["opmodel", "help"] { return helpSpec }
        return allCommands.first { $0.path == path }?.command.spec ?? rootSpec
    }

    func help(_ arguments: [String], context: CommandContext) -> ExitCode {
        if arguments.contains("--man") {
            guard arguments == ["--man"] else {
                return report(
                    CommandLineError(
                        message: "'--man' takes no command: the manual page covers every command.",
                        commandPath: ["opmodel", "help"]), context: context)
            }
            return manPage()
        }
        if let first = arguments.first, ["help", "-h", "--help"].contains(first) {
            environment.terminal.write(HelpFormatter.help(for: Self.helpSpec, commandPath: ["opmodel", "help"]))
            return .success
        }
        guard let name = arguments.first else {
            environment.terminal.write(HelpFormatter.help(for: Self.rootSpec, commandPath: ["opmodel"]))
            return .success
        }
        guard let command = Self.commands.first(where: { $0.spec.name == name }) else {
            let names = Self.commands.map { $0.spec.name }
            return report(
                CommandLineError.unknownCommand(
                    name, suggestion: Suggestions.closest(to: name, among: names), command: ["opmodel"]),
                context: context)
        }
        var path = ["opmodel", name]
        do {
            let (found, _) = try Self.resolve(command, Array(arguments.dropFirst()) + ["--help"], path: &path)
            environment.terminal.write(HelpFormatter.help(for: found.spec, commandPath: path))
            return .success
        } catch {
            return report(error, context: context)
        }
    }

    /// Prints `error` as the command line does and returns its exit code.
    func report(_ error: any Error, context: CommandContext) -> ExitCode {
        let terminal = environment.terminal
        let label = context.errorStyle.red("Error:")
        switch error {
        case let error as CommandLineError:
            terminal.writeError("\(label) \(error.message)\n")
            terminal.writeError(
                HelpFormatter.errorUsage(for: Self.spec(at: error.commandPath), commandPath: error.commandPath))
            return .usage
        case .problems(let file, let problems) as DataError:
            // Each problem on its line, labelled by its own severity: a warning is never an "Error:".
            let warning = context.errorStyle.yellow("Warning:")
            for problem in problems.sorted(by: { $0.severity == .error && $1.severity != .error }) {
                terminal.writeError("\(problem.severity == .error ? label : warning) \(file): \(problem.description)\n")
            }
            return .dataError
        case let error as DataError:
            for line in (error.errorDescription ?? "").split(separator: "\n") {
                terminal.writeError("\(label) \(line)\n")
            }
            return .dataError
        case let error as FileError:
            terminal.writeError("\(label) \(error.errorDescription ?? "")\n")
            switch error {
            case .notFound: return .noInput
            case .unreadable: return .noInput
            case .cannotCreate, .locked: return .cannotCreate
            case .ioFailure: return .ioError
            }
        case let error as CommandFailure:
            terminal.writeError("\(label) \(error.message)\n")
            return error.code
        case let error as SaveFailure:
            terminal.writeError("\(label) \(error.errorDescription ?? "")\n")
            return error.isInputOutputFailure ? .ioError : .cannotCreate
        default:
            terminal.writeError("\(label) \(error.localizedDescription)\n")
            return .failure
        }
    }

    /// The value of a `--color` option anywhere on the line, so that even errors in parsing are
    /// styled as asked.
    static func colorChoice(in arguments: [String]) -> String? {
        var choice: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--color", index + 1 < arguments.count {
                choice = arguments[index + 1]
            } else if argument.hasPrefix("--color=") {
                choice = String(argument.dropFirst("--color=".count))
            }
        }
        return choice
    }
}

/// A failure with its own message and exit code.
struct CommandFailure: Error {
    var message: String
    var code: ExitCode
}
