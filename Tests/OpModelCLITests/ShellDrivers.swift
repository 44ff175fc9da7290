import Foundation
import Testing

/// Asks a real shell what it would complete, with opmodel's completion script loaded as that
/// shell loads it.
enum ShellDrivers {
    /// The candidates bash offers for `words` (the last one being completed) with the script at
    /// `script` sourced, as `complete -F _opmodel` calls it.
    static func bash(script: String, words: [String], in directory: String) throws -> [String] {
        let bash = try ExternalTools.require("bash", "the bash completion script cannot be tried")
        let program = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
            _opmodel opmodel "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try ExternalTools.run(
            bash, ["--norc", "--noprofile", "-c", program, "bash", script] + words, in: directory)
        #expect(result.status == 0 && result.errors.isEmpty, "bash: \(result.transcript)")
        return result.lines
    }

    /// The candidates zsh's completion system offers for `line` (completed where it ends), with
    /// `folder` first in `fpath` (where `_opmodel` is), after `compinit`.
    static func zsh(functionsFolder folder: String, line: String, in directory: String) throws -> [String] {
        _ = try ExternalTools.require("zsh", "the zsh completion script cannot be tried")
        let result = try ExternalTools.run(
            ExternalTools.helper("zsh-complete"), [folder, line], in: directory,
            extra: ["TMPDIR": directory], timeout: 180)
        #expect(result.status == 0, "zsh: \(result.transcript)")
        return result.lines
    }

    /// The candidates fish offers for `line` (`complete -C`): fish finds `opmodel.fish` itself in
    /// `<share>/fish/vendor_completions.d` through `XDG_DATA_DIRS`, as it finds /usr/local/share,
    /// once `opmodel` is on `PATH` (in `binFolder`).
    static func fish(share: String, binFolder: String, line: String, in directory: String) throws -> [String] {
        let fish = try ExternalTools.require("fish", "the fish completion script cannot be tried")
        let home = directory + "/.fish-home"
        let environment = [
            "PATH": binFolder + ":/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": home + "/.config",
            "XDG_DATA_HOME": home + "/.local/share", "XDG_DATA_DIRS": share, "LANG": "C.UTF-8",
        ]
        let result = try ExternalTools.run(
            fish, ["-c", "complete -C \(fishQuoted(line))"], in: directory, environment: environment)
        #expect(result.status == 0, "fish: \(result.transcript)")
        // Each line is a candidate, then a tab and its description.
        return result.lines.map { String($0.prefix { $0 != "\t" }) }
    }

    /// `text` in single quotes for fish.
    static func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
