import OpModelKit

/// An assessment read from a file, with its questionnaire and the team's previous assessment.
struct LoadedAssessment {
    var assessment: Assessment
    var path: String
    var questionnaire: LocatedQuestionnaire
    var store: Store?
    var previous: Assessment?
}

/// The options shared by every command that reads an assessment.
enum SharedOptions {
    static let questionnaire = OptionSpec(
        ["--questionnaire"], value: "id-or-path",
        help:
            "The questionnaire to read the assessment with, by id or path (default: the store's copy of the version the assessment was made with, then the installed one)."
    )
    static let store = OptionSpec(
        ["--store"], value: "dir", help: "The assessment store (default: $OPMODEL_STORE, else ./assessments).")
}

extension CommandContext {
    /// Reads and checks the assessment at `path`: its questionnaire (the `--questionnaire`
    /// override, the store's copy, the installed one), problems against it, and the previous
    /// assessment of the team in the same folder. Warnings go to standard error.
    func loadAssessment(at path: String, questionnaireOption: String?, storeOption: String?) throws -> LoadedAssessment
    {
        let fileSystem = environment.fileSystem
        let assessment = try DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem)
        let store = inferStore(for: path, option: storeOption)
        let located = try environment.locator.questionnaire(
            for: assessment.questionnaire, store: store, override: questionnaireOption)
        for warning in located.warnings { warn(warning) }
        let problems = AssessmentValidator.problems(assessment, questionnaire: located.questionnaire)
        if problems.contains(where: { $0.severity == .error }) {
            throw DataError.problems(file: path, problems.filter { $0.severity == .error })
        }
        for problem in problems where problem.severity == .warning {
            warn("\(path): \(problem.description)")
        }
        return LoadedAssessment(
            assessment: assessment, path: path, questionnaire: located, store: store,
            previous: previousAssessment(of: assessment, at: path))
    }

    /// The store an assessment file lives in: `--store`, else the folder two levels up when it
    /// holds questionnaire copies, else the default store if it exists.
    func inferStore(for path: String, option: String?) -> Store? {
        let fileSystem = environment.fileSystem
        if let option { return Store(root: option, fileSystem: fileSystem) }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count >= 3 {
            let root = parts.dropLast(2).joined(separator: "/")
            let candidate = root.isEmpty ? "/" : root
            if fileSystem.directoryExists(at: "\(candidate)/\(Store.questionnairesFolder)") {
                return Store(root: candidate, fileSystem: fileSystem)
            }
        } else if parts.count == 2, fileSystem.directoryExists(at: Store.questionnairesFolder) {
            return Store(root: ".", fileSystem: fileSystem)
        }
        let fallback = environment.storeRoot(option: nil)
        return fileSystem.directoryExists(at: fallback) ? Store(root: fallback, fileSystem: fileSystem) : nil
    }

    /// The latest assessment of an earlier period in the same folder, if one reads cleanly.
    func previousAssessment(of assessment: Assessment, at path: String) -> Assessment? {
        let fileSystem = environment.fileSystem
        let folder = path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
        guard let names = try? fileSystem.contentsOfDirectory(at: folder) else { return nil }
        let earlier = names.compactMap { name -> Period? in
            guard name.hasSuffix(".json") else { return nil }
            return Period(String(name.dropLast(5)))
        }.filter { $0 < assessment.period }.sorted()
        guard let latest = earlier.last else { return nil }
        let previousPath = (folder == "." && !path.contains("/") ? "" : folder + "/") + "\(latest).json"
        guard let previous = try? DocumentLoader.loadAssessment(at: previousPath, fileSystem: fileSystem),
            previous.team == assessment.team || Store.slug(for: previous.team) == Store.slug(for: assessment.team)
        else { return nil }
        return previous
    }

    /// The quarter given with `--period`, if any; a value that is not `YYYY-Qn` is a usage error.
    func periodOption(_ arguments: ParsedArguments) throws -> Period? {
        guard let text = arguments.value("--period") else { return nil }
        guard let period = Period(text) else {
            throw CommandLineError(
                message: "The value '\(text)' is invalid for '--period <YYYY-Qn>'; write a quarter such as 2026-Q4.",
                commandPath: commandPath)
        }
        return period
    }

    /// Writes `text` to `path` (atomically, creating missing folders), or to standard output
    /// when `path` is nil or `-`.
    func emit(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            terminal.write(text)
            return
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let folder = String(path[..<slash])
            if !environment.fileSystem.directoryExists(at: folder) {
                try environment.fileSystem.createDirectory(at: folder)
            }
        }
        try environment.fileSystem.writeAtomically(text, to: path, backup: false)
    }
}
