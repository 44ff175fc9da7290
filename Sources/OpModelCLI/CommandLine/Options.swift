import OpModelKit

/// The options several commands share, each declared once; a command lists the ones it takes in
/// its ``CommandSpec`` and reads their values through the same declaration
/// (`arguments[Options.store]`).
enum Options {
    static let questionnaire = OptionSpec(
        ["--questionnaire"], value: "id-or-path",
        help:
            "The questionnaire to read the assessment with, by id or path (default: the store's copy of the version the assessment was made with, then the installed one)."
    )
    static let store = OptionSpec(
        ["--store"], value: "dir", help: "The assessment store (default: $OPMODEL_STORE, else ./assessments).")
    static let output = OptionSpec(
        ["-o", "--output"], value: "path",
        help: "Write to this file instead of standard output (- for standard output).")
    static let period = OptionSpec(
        ["--period"], value: "YYYY-Qn", help: "The quarter assessed (default: the current quarter).")
    static let team = OptionSpec(["--team"], value: "name", help: "The team (its name, or its folder in the store).")
    static let organization = OptionSpec(["--org"], value: "name", help: "The organization (asked when left out).")
    static let json = OptionSpec(["--json"], help: "Print JSON (a stable interface for scripts).")
    static let timebox = OptionSpec(
        ["--timebox"], value: "duration",
        help:
            "How long a Discover question may take, such as 90s, 3m or 1m30s (a domain's box is that times its "
            + "questions): on a terminal each question shows the time its domain has had, and the screen says when "
            + "the box is over. Without it, Discover asks on a terminal.")

    /// `--format` with the values a command writes; the first is the default.
    static func format(_ allowed: [String], help: String? = nil) -> OptionSpec {
        OptionSpec(
            ["--format"], value: "format", help: help ?? "\(allowed.joined(separator: ", ")) (default: \(allowed[0])).",
            allowed: allowed)
    }

    /// `--charts` for the reports that draw one chart.
    static let charts = OptionSpec(
        ["--charts"], value: "kind", help: "mermaid (default) or svg (a file written beside --output and linked).",
        allowed: ["mermaid", "svg"])
}

extension CommandContext {
    /// The seconds given with `--timebox`, if any; a value that is not a duration is a usage error.
    func timebox(_ arguments: ParsedArguments) throws -> Double? {
        guard let text = arguments[Options.timebox] else { return nil }
        guard let seconds = Timebox.parse(text) else {
            throw CommandLineError(
                message:
                    "The value '\(text)' is invalid for '\(Options.timebox.usage)'; write a duration such as 90s, 3m or 1m30s (at most a day).",
                commandPath: commandPath)
        }
        return seconds
    }

    /// The quarter given with `option`, if any; a value that is not `YYYY-Qn` is a usage error.
    func period(_ arguments: ParsedArguments, _ option: OptionSpec = Options.period) throws -> Period? {
        guard let text = arguments[option] else { return nil }
        guard let period = Period(text) else {
            throw CommandLineError(
                message:
                    "The value '\(text)' is invalid for '\(option.usage)'; write a quarter such as 2026-Q4"
                    + (text.hasPrefix("9999") || text.hasPrefix("0") ? " between 1000-Q1 and 9999-Q4." : "."),
                commandPath: commandPath)
        }
        return period
    }
}
