import OpModelKit

extension CommandContext {
    /// The store named by `--store`, else `$OPMODEL_STORE`, else `./assessments`.
    func workspace(_ arguments: ParsedArguments) -> Workspace {
        Workspace(
            root: environment.storeRoot(option: arguments[Options.store]), fileSystem: environment.fileSystem,
            inputs: inputs)
    }

    /// The store the assessment at `path` belongs to (see ``Workspace/containing(assessmentAt:store:fallbackRoot:fileSystem:inputs:)``).
    func workspace(containing path: String, _ arguments: ParsedArguments) -> Workspace {
        Workspace.containing(
            assessmentAt: path, store: arguments[Options.store], fallbackRoot: environment.storeRoot(option: nil),
            fileSystem: environment.fileSystem, inputs: inputs)
    }

    /// Reads and checks the assessment at `path` with its questionnaire (`--questionnaire`, the
    /// store's copy, the installed one) and the team's previous quarter; warnings go to
    /// standard error.
    func openAssessment(at path: String, _ arguments: ParsedArguments) throws -> OpenedAssessment {
        let opened = try workspace(containing: path, arguments).openAssessment(
            at: path, questionnaire: arguments[Options.questionnaire], locator: environment.locator)
        for warning in opened.warnings { warn(warning) }
        return opened
    }

    /// Writes an output: to standard output when `path` is nil or `-`, else through
    /// ``Workspace/writeOutput(_:to:mustBeNew:)`` (never over an input, an assessment or a
    /// questionnaire; special files written into), saying where it went.
    func emit(_ text: String, to path: String?, mustBeNew: Bool = false, announce: Bool = true) throws {
        try emit([(text, path)], mustBeNew: mustBeNew, announce: announce)
    }

    /// Writes the outputs of one command (a report and its charts) after checking every file
    /// target first, so that a refused one leaves nothing half written; at most one goes to
    /// standard output.
    func emit(_ outputs: [(text: String, path: String?)], mustBeNew: Bool = false, announce: Bool = true) throws {
        var files: [(text: String, path: String)] = []
        var standardOutput: [String] = []
        for (text, path) in outputs {
            if let path, !Workspace.isStandardOutput(path) {
                files.append((text, path))
            } else {
                standardOutput.append(text)
            }
        }
        try Workspace(root: nil, fileSystem: environment.fileSystem, inputs: inputs).writeOutputs(
            files, mustBeNew: mustBeNew)
        for text in standardOutput { terminal.write(text) }
        if announce { for file in files { note("Wrote \(file.path)") } }
    }
}
