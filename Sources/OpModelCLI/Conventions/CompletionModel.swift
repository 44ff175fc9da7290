import Foundation
import OpModelKit

/// What shell completion knows, taken from the command registry (``CommandRunner/allCommands``)
/// and the same ``CommandSpec``s that parsing and help use: every command path with its
/// subcommands, options, and what each value completes to.
struct CompletionModel {
    /// What a value (of an option or a positional argument) completes to.
    enum Values: Equatable {
        /// Free text, such as a team name: nothing to offer.
        case text
        /// A closed list, such as the formats of a report.
        case choices([String])
        /// File names.
        case files
        /// Folder names.
        case directories
        /// The questionnaire ids opmodel finds, and JSON files.
        case questionnaires
        /// The names of the top-level commands (`opmodel help <command>`).
        case commands
    }

    /// An option with its spellings.
    struct Option: Equatable {
        /// Spellings, the long one last (`-o`, `--output`).
        var names: [String]
        /// One line of help.
        var summary: String
        /// What its value completes to; nil for a flag.
        var values: Values?
        /// Whether it may be given several times.
        var isRepeating: Bool
        /// The value's placeholder (`path`).
        var valueName: String?
    }

    /// A command or subcommand.
    struct Command {
        /// Its path below `opmodel`: `[]` for the top level, `["import", "lens"]`.
        var path: [String]
        /// Its subcommands with one line of help each.
        var subcommands: [(name: String, summary: String)]
        /// Its options, the common ones included.
        var options: [Option]
        /// What its positional arguments complete to; nil when it takes none.
        var arguments: Values?
        /// Whether its first positional argument may be left out.
        var argumentIsOptional: Bool
        /// Whether it takes any number of positional arguments.
        var argumentIsRepeating: Bool
        /// The first positional argument's placeholder.
        var argumentName: String

        /// `import lens`, or the empty string for the top level.
        var key: String { path.joined(separator: " ") }
    }

    /// Every command, the top level first, then in the order of the registry (`help` last).
    var commands: [Command]
    /// The questionnaire ids to offer, each safe to write into a script.
    var questionnaireIDs: [String]

    /// The top-level command names.
    var topLevelNames: [String] { commands.first?.subcommands.map(\.name) ?? [] }

    /// The option names that take a value, in any command (each name means the same everywhere).
    var valueOptionNames: [String] {
        var seen: Set<String> = []
        return commands.flatMap(\.options).filter { $0.values != nil }.flatMap(\.names).filter {
            seen.insert($0).inserted
        }
    }

    /// The model of this build's commands, offering `questionnaireIDs` (those that are not
    /// plain ids of letters, digits, `.`, `_` and `-` are left out: they end up in scripts).
    static func make(questionnaireIDs: [String]) -> CompletionModel {
        var commands: [Command] = []
        let root = CommandRunner.rootSpec
        commands.append(
            Command(
                path: [], subcommands: root.subcommands.map { ($0.name, summary($0.abstract)) },
                options: HelpFormatter.options(for: root, commandPath: ["opmodel"]).map(option), arguments: nil,
                argumentIsOptional: true, argumentIsRepeating: false, argumentName: ""))
        let registered = CommandRunner.allCommands.map { (Array($0.path.dropFirst()), $0.command.spec) }
        for (path, spec) in registered + [(["help"], CommandRunner.helpSpec)] {
            let first = spec.arguments.first
            var arguments: Values? = first.map { $0.allowed.map(Values.choices) ?? .files }
            if path == ["help"] { arguments = .commands }
            commands.append(
                Command(
                    path: path, subcommands: spec.subcommands.map { ($0.name, summary($0.abstract)) },
                    options: spec.allOptions.map(option), arguments: spec.subcommands.isEmpty ? arguments : nil,
                    argumentIsOptional: first?.isOptional ?? true,
                    argumentIsRepeating: spec.arguments.contains(where: \.isRepeating),
                    argumentName: first?.name ?? ""))
        }
        var seen: Set<String> = []
        let ids = questionnaireIDs.filter { id in
            !id.isEmpty && !id.hasPrefix("-") && !id.hasPrefix(".")
                && id.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || "._-".unicodeScalars.contains(scalar))
                } && seen.insert(id).inserted
        }
        return CompletionModel(commands: commands, questionnaireIDs: ids.sorted())
    }

    /// An option as completion sees it.
    static func option(_ spec: OptionSpec) -> Option {
        let values: Values?
        if spec.isFlag {
            values = nil
        } else if let allowed = spec.allowed {
            values = .choices(allowed)
        } else {
            switch spec.valueName {
            case "path": values = .files
            case "dir": values = .directories
            case "id-or-path": values = .questionnaires
            default: values = .text
            }
        }
        return Option(
            names: spec.names, summary: summary(HelpFormatter.describe(spec)), values: values,
            isRepeating: spec.isRepeating, valueName: spec.valueName)
    }

    /// The first sentence of a help text, without its full stop, on one line.
    static func summary(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var sentence = flat
        if let end = flat.range(of: ". ") { sentence = String(flat[..<end.lowerBound]) }
        while sentence.hasSuffix(".") { sentence.removeLast() }
        return sentence
    }
}
