import OpModelKit

/// `opmodel completions bash|zsh|fish`: a completion script made from the command registry.
struct CompletionsCommand: Command {
    static let spec = CommandSpec(
        name: "completions",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        discussion: """
            The script completes commands and subcommands, options, their values (formats, phases,
            --color, the ids of the questionnaires opmodel finds now) and file names. scripts/install
            puts one in place for each shell. To install one yourself (for zsh, put ~/.zfunc in fpath
            before compinit):

              opmodel completions bash > ~/.local/share/bash-completion/completions/opmodel
              opmodel completions zsh > ~/.zfunc/_opmodel
              opmodel completions fish > ~/.config/fish/completions/opmodel.fish
            """,
        arguments: [shell])

    static let shell = ArgumentSpec(name: "shell", help: "bash, zsh or fish.", allowed: ShellCompletions.shells)

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let ids = context.environment.locator.availableQuestionnaires().map(\.questionnaire.id)
        let model = CompletionModel.make(questionnaireIDs: ids)
        context.terminal.write(ShellCompletions.script(for: arguments[Self.shell] ?? "bash", model: model))
        return .success
    }
}

extension CommandRunner {
    /// `opmodel help [<command> ...] [--man]`, which the runner answers itself.
    static let helpSpec = CommandSpec(
        name: "help", abstract: "Show help for a command.",
        discussion: "With --man, print the manual page (roff) made from this help; read it with 'man -l'.",
        arguments: [
            ArgumentSpec(
                name: "command", help: "The command (and subcommand) to explain.", isOptional: true, isRepeating: true)
        ],
        options: [OptionSpec(["--man"], help: "Print the manual page, in roff, made from the help of every command.")])

    /// Prints the manual page.
    func manPage() -> ExitCode {
        environment.terminal.write(ManPage.render())
        return .success
    }
}
