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

/// A positional argument.
struct ArgumentSpec: Sendable {
    /// The placeholder name, such as `file`.
    var name: String
    /// What the argument is.
    var help: String
    /// Whether it may be left out.
    var isOptional = false
    /// Whether it takes every remaining positional value.
    var isRepeating = false

    /// `<file>`, `[<file>]`, `<path> ...`.
    var usage: String {
        let base = "<\(name)>" + (isRepeating ? " ..." : "")
        return isOptional ? "[\(base)]" : base
    }
}

/// An option (`--output <path>`) or a flag (`--json`).
struct OptionSpec: Sendable {
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

    init(_ names: [String], value: String? = nil, help: String, allowed: [String]? = nil, repeating: Bool = false) {
        self.names = names
        self.valueName = value
        self.help = help
        self.allowed = allowed
        self.isRepeating = repeating
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

/// The values found on a command line for one command.
struct ParsedArguments: Sendable, Equatable {
    /// Option values by long name (`--output`), in the order given.
    var options: [String: [String]] = [:]
    /// Flags given, by long name.
    var flags: Set<String> = []
    /// Positional values in order.
    var positionals: [String] = []

    /// The last value of an option.
    func value(_ option: String) -> String? { options[option]?.last }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }
}
