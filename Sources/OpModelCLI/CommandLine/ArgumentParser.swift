/// Parses the arguments of one command against its ``CommandSpec``.
///
/// Options may come before or after positional arguments; `--name=value` and `--name value` are
/// both accepted; `--` ends the options. `-h`/`--help` anywhere asks for help.
enum ArgumentParser {
    /// The result of parsing: the values, or a request for help.
    enum Outcome: Equatable {
        case values(ParsedArguments)
        case help
    }

    static func parse(_ arguments: [String], spec: CommandSpec, commandPath: [String]) throws(CommandLineError)
        -> Outcome
    {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                return .help
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = spec.option(named: name) else {
                let candidates = spec.allOptions.flatMap(\.names)
                throw .unknownOption(
                    name, suggestion: Suggestions.closest(to: name, among: candidates), command: commandPath)
            }
            if option.isFlag {
                if inlineValue != nil {
                    throw CommandLineError(
                        message: "The flag '\(option.key)' does not take a value.", commandPath: commandPath)
                }
                parsed.flags.insert(option.key)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count, !arguments[index].hasPrefix("-") || arguments[index] == "-" {
                value = arguments[index]
                index += 1
            } else {
                throw CommandLineError(
                    message: "Missing value for '\(option.label)'.", commandPath: commandPath)
            }
            if let allowed = option.allowed, !allowed.contains(value) {
                var message =
                    "The value '\(value)' is invalid for '\(option.label)'. Please provide one of "
                    + allowed.map { "'\($0)'" }.joined(separator: ", ") + "."
                if let suggestion = Suggestions.closest(to: value, among: allowed) {
                    message += " Did you mean '\(suggestion)'?"
                }
                throw CommandLineError(message: message, commandPath: commandPath)
            }
            if !option.isRepeating, parsed.options[option.key] != nil {
                throw CommandLineError(message: "The option '\(option.key)' was given twice.", commandPath: commandPath)
            }
            parsed.options[option.key, default: []].append(value)
        }
        try checkPositionals(parsed.positionals, spec: spec, commandPath: commandPath)
        for option in spec.options where option.isRequired && parsed.options[option.key] == nil {
            throw CommandLineError(message: "Missing expected option '\(option.usage)'.", commandPath: commandPath)
        }
        // Each declared argument gets its values: one each, the rest to a repeating one.
        var remaining = parsed.positionals[...]
        for argument in spec.arguments {
            if argument.isRepeating {
                parsed.arguments[argument.name] = Array(remaining)
                remaining = []
            } else if let value = remaining.popFirst() {
                parsed.arguments[argument.name] = [value]
            }
        }
        return .values(parsed)
    }

    static func checkPositionals(_ values: [String], spec: CommandSpec, commandPath: [String]) throws(CommandLineError)
    {
        let required = spec.arguments.filter { !$0.isOptional }
        if values.count < required.count {
            let missing = required[values.count]
            throw CommandLineError(message: "Missing expected argument '<\(missing.name)>'.", commandPath: commandPath)
        }
        let repeating = spec.arguments.contains { $0.isRepeating }
        if !repeating, values.count > spec.arguments.count {
            let extra = values[spec.arguments.count]
            throw CommandLineError(message: "Unexpected argument '\(extra)'.", commandPath: commandPath)
        }
        for (argument, value) in zip(spec.arguments, values) {
            guard let allowed = argument.allowed, !allowed.contains(value) else { continue }
            var message =
                "The value '\(value)' is invalid for '<\(argument.name)>'. Please provide one of "
                + allowed.map { "'\($0)'" }.joined(separator: ", ") + "."
            if let suggestion = Suggestions.closest(to: value, among: allowed) {
                message += " Did you mean '\(suggestion)'?"
            }
            throw CommandLineError(message: message, commandPath: commandPath)
        }
    }
}
