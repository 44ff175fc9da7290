/// A questionnaire and where it was found.
public struct LocatedQuestionnaire: Sendable {
    /// The questionnaire.
    public var questionnaire: Questionnaire
    /// Its text as read, for the store's copy.
    public var text: String
    /// A path, or `built-in` for the copy embedded in the binary.
    public var source: String
    /// Warnings found while loading (validator warnings, a version mismatch).
    public var warnings: [String]
}

/// Finds questionnaires and templates in the order of DESIGN §9: an explicit path,
/// `$OPMODEL_HOME`, the folders beside the executable (and `../share/opmodel`), the current
/// folder, then the copy embedded in the binary.
public struct ResourceLocator: Sendable {
    /// The name shown as the source of embedded resources.
    public static let builtInSource = "built-in"

    /// Folders searched, in order; each may hold `Questionnaires/` and `Templates/`.
    public var searchFolders: [String]
    /// Where files are read.
    public var fileSystem: any FileSystem
    /// Embedded copies keyed by relative path, such as `Questionnaires/cloud-operating-model.json`.
    public var embedded: [String: String]

    /// A locator over `searchFolders` with the embedded copies of this build.
    public init(searchFolders: [String], fileSystem: any FileSystem, embedded: [String: String]? = nil) {
        self.searchFolders = searchFolders
        self.fileSystem = fileSystem
        self.embedded = embedded ?? EmbeddedResources.files
    }

    /// The standard search folders, without duplicates.
    public static func standardSearchFolders(
        home: String?, executableDirectory: String?, currentDirectory: String
    ) -> [String] {
        var folders: [String] = []
        if let home, !home.isEmpty { folders.append(home) }
        if let executableDirectory {
            folders.append(executableDirectory)
            folders.append(shareFolder(besideExecutableIn: executableDirectory))
        }
        folders.append(currentDirectory)
        var seen: Set<String> = []
        return folders.filter { seen.insert($0).inserted }
    }

    /// `<prefix>/share/opmodel` for an executable in `<prefix>/bin` (`/usr/local/share/opmodel`),
    /// written without `..` when the folder is an absolute path, as shown in `opmodel questionnaires`.
    static func shareFolder(besideExecutableIn folder: String) -> String {
        let name = PathText.name(of: folder)
        let parent = PathText.folder(of: folder)
        guard folder.hasPrefix("/"), parent != "/", name != "..", name != "." else {
            return folder + "/../share/opmodel"
        }
        return parent + "/share/opmodel"
    }

    /// The id of the questionnaire used when none is named.
    public static let defaultQuestionnaireID = "cloud-operating-model"

    /// Whether `reference` names a file rather than an id.
    public func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".json") || fileSystem.fileExists(at: reference)
    }

    /// The questionnaire named by `reference`: a path, or an id looked up in the search order.
    public func questionnaire(_ reference: String) throws -> LocatedQuestionnaire {
        if isPath(reference) {
            return try load(path: reference)
        }
        if let found = try find(id: reference, version: nil) {
            return found
        }
        let known = availableQuestionnaires().map(\.questionnaire.id)
        var seen: Set<String> = []
        let list = known.filter { seen.insert($0).inserted }.joined(separator: ", ")
        throw FileError.notFound(path: "questionnaire \"\(reference)\" (known: \(list.isEmpty ? "none" : list))")
    }

    /// The questionnaire an assessment was made with: `override` when given, else the store's
    /// copy of the id and version, else the search order. A different version is a warning.
    public func questionnaire(
        for reference: QuestionnaireReference, workspace: Workspace?, override: String?
    ) throws -> LocatedQuestionnaire {
        var located: LocatedQuestionnaire
        let copy = workspace?.questionnaireCopyPath(id: reference.id, version: reference.version)
        if let override {
            located = try questionnaire(override)
        } else if let copy, let workspace, workspace.fileSystem.fileExists(at: copy) {
            located = try load(path: copy)
        } else if let exact = try find(id: reference.id, version: reference.version) {
            located = exact
        } else if let any = try find(id: reference.id, version: nil) {
            located = any
        } else {
            throw FileError.notFound(
                path:
                    "questionnaire \"\(reference.id)\" version \(reference.version) (not in the store, not installed; pass --questionnaire PATH)"
            )
        }
        if located.questionnaire.id == reference.id, located.questionnaire.version != reference.version {
            located.warnings.append(
                "the assessment was made with \(reference.id) \(reference.version), but \(located.source) holds version \(located.questionnaire.version); answers are matched by question id"
            )
        }
        return located
    }

    /// Every questionnaire in the search folders and the built-in ones, in search order
    /// (unreadable files are skipped).
    public func availableQuestionnaires() -> [LocatedQuestionnaire] {
        var result: [LocatedQuestionnaire] = []
        for folder in searchFolders {
            for path in questionnaireFiles(in: folder) {
                if let located = try? load(path: path) { result.append(located) }
            }
        }
        for name in embedded.keys.sorted() where Self.isQuestionnaireName(name) {
            if let located = try? loadEmbedded(name: name) { result.append(located) }
        }
        return result
    }

    /// The id and version of each questionnaire built into this binary, in the order of their
    /// file names. Read without validation (`opmodel --version` prints them and must stay quick);
    /// a copy without both strings is left out.
    public static var builtInQuestionnaires: [QuestionnaireReference] {
        EmbeddedResources.files.keys.sorted().filter(isQuestionnaireName).compactMap { name in
            guard let json = try? JSONParser.parse(EmbeddedResources.files[name] ?? ""),
                let id = json["id"]?.stringValue, let version = json["version"]?.stringValue
            else { return nil }
            return QuestionnaireReference(id: id, version: version)
        }
    }

    /// The text of the template `name` (such as `roadmap.md`) and where it was found.
    public func template(named name: String) throws -> (text: String, source: String) {
        for folder in searchFolders {
            let path = "\(folder)/Templates/\(name)"
            if fileSystem.fileExists(at: path) {
                return (try fileSystem.readText(at: path, limit: FileLimits.document), path)
            }
        }
        if let text = embedded["Templates/\(name)"] {
            return (text, Self.builtInSource)
        }
        throw FileError.notFound(path: "template \(name)")
    }

    /// Reads, decodes and validates the questionnaire at `path`.
    public func load(path: String) throws -> LocatedQuestionnaire {
        let bytes = try fileSystem.readFile(at: path, limit: FileLimits.document)
        return try validated(
            DocumentLoader.questionnaire(from: bytes, file: path), text: String(decoding: bytes, as: UTF8.self),
            source: path)
    }

    func loadEmbedded(name: String) throws -> LocatedQuestionnaire {
        let text = embedded[name] ?? ""
        let label = "\(Self.builtInSource) \(name)"
        return try validated(
            DocumentLoader.questionnaire(from: Array(text.utf8), file: label), text: text, source: label)
    }

    func validated(_ questionnaire: Questionnaire, text: String, source: String) throws -> LocatedQuestionnaire {
        let problems = QuestionnaireValidator.problems(questionnaire)
        if QuestionnaireValidator.hasErrors(problems) {
            throw DataError.problems(file: source, problems)
        }
        return LocatedQuestionnaire(
            questionnaire: questionnaire, text: text, source: source,
            warnings: problems.map { "\(source): \($0.description)" })
    }

    func find(id: String, version: String?) throws -> LocatedQuestionnaire? {
        func matches(_ located: LocatedQuestionnaire) -> Bool {
            located.questionnaire.id == id && (version == nil || located.questionnaire.version == version)
        }
        for folder in searchFolders {
            let direct = "\(folder)/Questionnaires/\(id).json"
            if fileSystem.fileExists(at: direct) {
                let located = try load(path: direct)
                if matches(located) { return located }
            }
            for path in questionnaireFiles(in: folder) where path != direct {
                if let located = try? load(path: path), matches(located) { return located }
            }
        }
        let direct = "Questionnaires/\(id).json"
        if embedded[direct] != nil {
            let located = try loadEmbedded(name: direct)
            if matches(located) { return located }
        }
        for name in embedded.keys.sorted() where Self.isQuestionnaireName(name) && name != direct {
            if let located = try? loadEmbedded(name: name), matches(located) { return located }
        }
        return nil
    }

    func questionnaireFiles(in folder: String) -> [String] {
        let directory = "\(folder)/Questionnaires"
        guard fileSystem.directoryExists(at: directory),
            let names = try? fileSystem.contentsOfDirectory(at: directory)
        else { return [] }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { "\(directory)/\($0)" }
    }

    static func isQuestionnaireName(_ name: String) -> Bool {
        name.hasPrefix("Questionnaires/") && name.hasSuffix(".json")
            && !name.dropFirst("Questionnaires/".count).contains("/")
    }
}
