import Foundation

/// The declaration of a command: what it is for, its arguments and options. Parsing, help text
/// and "Did you mean" suggestions are all derived from it.
struct CommandSpec: Sendable {
    /// The command's name, such as `score`.
    var name: String
    /// One line for the overview and the subcommand list.
    var abstract: String
    /// Paragraphs printed after the overview.
    var discussion: String?
    /// Positional arguments in order.
    var arguments: [ArgumentSpec] = []
    /// Options and flags.
    var options: [OptionSpec] = []
    /// Subcommands, for `import` and the top level.
    var subcommands: [CommandSpec] = []

    /// The options every command accepts.
    static let commonOptions: [OptionSpec] = [
        OptionSpec(
            ["--color"], value: "when",
            help: "Colour output: auto (on a terminal, unless NO_COLOR is set), always, or never.",
            allowed: ["auto", "always", "never"]),
        OptionSpec(["-h", "--help"], help: "Show help information."),
    ]

    /// Every option this command accepts, its own first.
    var allOptions: [OptionSpec] { options + Self.commonOptions }

    /// The option that `name` spells, such as `--output` or `-o`.
    func option(named name: String) -> OptionSpec? {
        allOptions.first { $0.names.contains(name) }
    }
}

/// A positional argument. Its declaration is also the key its value is read by
/// (`arguments[Self.file]`), so that each argument is spelled once.
struct ArgumentSpec: Sendable, Hashable {
    /// The placeholder name, such as `file`.
    var name: String
    /// What the argument is.
    var help: String
    /// Whether it may be left out.
    var isOptional = false
    /// Whether it takes every remaining positional value.
    var isRepeating = false
    /// Accepted values, when the set is closed.
    var allowed: [String]? = nil

    /// `<file>`, `[<file>]`, `<path> ...`.
    var usage: String {
        let base = "<\(name)>" + (isRepeating ? " ..." : "")
        return isOptional ? "[\(base)]" : base
    }
}

/// An option (`--output <path>`) or a flag (`--json`). Its declaration is also the key its value
/// is read by (`arguments[Options.output]`), so that each option is spelled once.
struct OptionSpec: Sendable, Hashable {
    /// Spellings: the long name last (`["-o", "--output"]`).
    var names: [String]
    /// The value's placeholder; nil for a flag.
    var valueName: String?
    /// What the option does.
    var help: String
    /// Accepted values, when the set is closed.
    var allowed: [String]?
    /// Whether the option may be given several times.
    var isRepeating: Bool
    /// Whether the command cannot run without it (the parser says so, with the usage).
    var isRequired: Bool

    init(
        _ names: [String], value: String? = nil, help: String, allowed: [String]? = nil, repeating: Bool = false,
        required: Bool = false
    ) {
        self.names = names
        self.valueName = value
        self.help = help
        self.allowed = allowed
        self.isRepeating = repeating
        self.isRequired = required
    }

    /// The same option, required.
    var required: OptionSpec {
        var copy = self
        copy.isRequired = true
        return copy
    }

    /// The same option with another help text (for a command that uses it its own way).
    func help(_ text: String) -> OptionSpec {
        var copy = self
        copy.help = text
        return copy
    }

    /// The long spelling, used as the key of parsed values.
    var key: String { names.last ?? "" }

    /// Whether the option is a flag without a value.
    var isFlag: Bool { valueName == nil }

    /// `--output <path>` or `--json`.
    var usage: String {
        guard let valueName else { return key }
        return "\(key) <\(valueName)>"
    }

    /// `-o, --output <path>`.
    var label: String {
        let spelled = names.joined(separator: ", ")
        guard let valueName else { return spelled }
        return "\(spelled) <\(valueName)>"
    }
}

/// The values found on a command line for one command, read through the declarations that
/// describe them.
struct ParsedArguments: Sendable, Equatable {
    /// Option values by long name (`--output`), in the order given.
    var options: [String: [String]] = [:]
    /// Flags given, by long name.
    var flags: Set<String> = []
    /// Positional values in order.
    var positionals: [String] = []
    /// Positional values by argument name, as the parser assigned them.
    var arguments: [String: [String]] = [:]

    /// The last value of an option (nil when not given; an empty value is kept).
    subscript(option: OptionSpec) -> String? { options[option.key]?.last }

    /// The last value of an option, nil when not given or empty.
    func nonEmpty(_ option: OptionSpec) -> String? {
        guard let value = self[option], !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// Whether a flag was given.
    func isSet(_ flag: OptionSpec) -> Bool { flags.contains(flag.key) }

    /// The value of a positional argument (the first one for a repeating argument).
    subscript(argument: ArgumentSpec) -> String? { arguments[argument.name]?.first }

    /// Every value of a repeating positional argument.
    func values(_ argument: ArgumentSpec) -> [String] { arguments[argument.name] ?? [] }
}
