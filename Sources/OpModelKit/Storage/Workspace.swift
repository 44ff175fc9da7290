import Foundation

/// The assessment store and every file opmodel reads or writes for it (DESIGN §5.3, §7, §10.3).
///
/// One type owns the rules, so that commands only declare what they need and call:
/// - the layout: `<root>/<team-folder>/<period>.json`, respondents' files in
///   `<team-folder>/respondents/<period>/<name>.json`, questionnaire copies in
///   `<root>/questionnaires/<id>@<version>.json` (this file);
/// - how a team or respondent name maps to a folder or file, without collisions (this file);
/// - finding, opening and starting assessments, the previous quarter, locks, atomic saves and
///   rescue copies (`Workspace+Assessments.swift`);
/// - every `--output` write: never over an input or an assessment or questionnaire, special files
///   written into, links followed (`Workspace+Outputs.swift`).
public struct Workspace: Sendable {
    /// The folder of questionnaire copies.
    public static let questionnairesFolder = "questionnaires"
    /// The folder of respondents' files inside a team folder.
    public static let respondentsFolder = "respondents"
    /// Folder names that are never team folders.
    public static let reservedFolders: Set<String> = [questionnairesFolder, respondentsFolder]

    /// The store's folder; nil for an assessment file kept outside any store.
    public let root: String?
    /// Where files are read and written.
    public let fileSystem: any FileSystem
    /// The files read so far by this command, which an output must never replace.
    public let inputs: InputLedger

    /// The store at `root` (nil: no store).
    public init(root: String?, fileSystem: any FileSystem, inputs: InputLedger = InputLedger()) {
        self.root = root.map { PathText.trimmingTrailingSlashes($0) }
        self.fileSystem = fileSystem
        self.inputs = inputs
    }

    /// Whether the store's folder exists.
    public var exists: Bool { root.map { fileSystem.directoryExists(at: $0) } ?? false }

    /// The store an assessment file belongs to: `store` when given, else the nearest folder
    /// above the file (a team folder's parent, or a respondents folder's store) that holds
    /// questionnaire copies, else `fallbackRoot` when that folder exists, else none.
    public static func containing(
        assessmentAt path: String, store: String?, fallbackRoot: String, fileSystem: any FileSystem,
        inputs: InputLedger = InputLedger()
    ) -> Workspace {
        if let store { return Workspace(root: store, fileSystem: fileSystem, inputs: inputs) }
        var folder = PathText.folder(of: path)
        // <store>/<team>/<period>.json, or <store>/<team>/respondents/<period>/<name>.json
        for _ in 0..<4 {
            folder = PathText.folder(of: folder)
            if fileSystem.directoryExists(at: PathText.join(folder, questionnairesFolder)) {
                return Workspace(root: folder, fileSystem: fileSystem, inputs: inputs)
            }
            if folder == "/" || folder == "." { break }
        }
        let root = fileSystem.directoryExists(at: fallbackRoot) ? fallbackRoot : nil
        return Workspace(root: root, fileSystem: fileSystem, inputs: inputs)
    }

    // MARK: - Paths

    /// The path of the assessment of `team` for `period`.
    public func assessmentPath(team: String, period: Period) -> String {
        PathText.join(PathText.join(storeRoot, folder(forTeam: team)), "\(period).json")
    }

    /// The folder of the respondents' files of `team` for `period`.
    public func respondentFolder(team: String, period: Period) -> String {
        PathText.join(
            PathText.join(PathText.join(storeRoot, folder(forTeam: team)), Self.respondentsFolder), "\(period)")
    }

    /// The path of the copy of a questionnaire version, when there is a store.
    public func questionnaireCopyPath(id: String, version: String) -> String? {
        root.map {
            PathText.join(
                PathText.join($0, Self.questionnairesFolder),
                "\(Self.safeFileComponent(id))@\(Self.safeFileComponent(version)).json")
        }
    }

    /// The root, or the current folder when there is no store.
    public var storeRoot: String { root ?? "." }

    // MARK: - Team names and folders

    /// The key two team (or respondent) names share when they name the same team: Unicode
    /// canonical composition, case and runs of white space do not matter; accents and
    /// punctuation do ("Platform team" is "Platform Team"; "C++" is not "C#"; "José" is not "Jose").
    public static func nameKey(_ name: String) -> String {
        let composed = name.precomposedStringWithCanonicalMapping.lowercased()
        return composed.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The folder of `team` in this store: its readable slug (`Platform Team` → `platform-team`)
    /// unless that folder belongs to another team or is reserved, then the slug with a short
    /// stable suffix from the name (`c-3f9a1b`). A team keeps the folder it already has.
    public func folder(forTeam team: String) -> String {
        let candidates = Self.candidateFolders(forTeam: team)
        let (base, disambiguated) = (candidates[0], candidates[1])
        let key = Self.nameKey(team)
        if claims(ofFolder: disambiguated).contains(key) { return disambiguated }
        if !Self.reservedFolders.contains(base) {
            let owners = claims(ofFolder: base)
            if owners.isEmpty || owners.contains(key) { return base }
        }
        return disambiguated
    }

    /// The two folders a team may have: its slug, and its slug with a suffix from its name.
    public static func candidateFolders(forTeam team: String) -> [String] {
        let base = slug(for: team)
        return [base, base + "-" + String(stableHash(nameKey(team)).prefix(6))]
    }

    /// The name keys of the teams whose assessments a folder of the store holds (read from the
    /// files, not the folder name); empty for a missing or empty folder.
    func claims(ofFolder folder: String) -> Set<String> {
        guard let root else { return [] }
        let path = PathText.join(root, folder)
        guard fileSystem.directoryExists(at: path) else { return [] }
        var owners: Set<String> = []
        for file in periodFiles(inFolderAt: path).files {
            if let header = try? DocumentLoader.loadScoringView(at: file.path, fileSystem: fileSystem, scores: false) {
                owners.insert(Self.nameKey(header.team))
            }
        }
        if owners.isEmpty {
            // Only respondents' files so far: they name the team too.
            let respondents = PathText.join(path, Self.respondentsFolder)
            for period in (try? fileSystem.contentsOfDirectory(at: respondents)) ?? [] {
                let folder = PathText.join(respondents, period)
                for name in (try? fileSystem.contentsOfDirectory(at: folder)) ?? [] where name.hasSuffix(".json") {
                    let file = PathText.join(folder, name)
                    if let header = try? DocumentLoader.loadScoringView(at: file, fileSystem: fileSystem, scores: false)
                    {
                        owners.insert(Self.nameKey(header.team))
                    }
                }
            }
        }
        return owners
    }

    /// The path for the respondent file of `name` in `folder`: the readable slug
    /// (`ana-silva.json`) unless a file there belongs to another person or the path is in
    /// `taken`, then with a short stable suffix ("José Núñez" and "Jose Nunez" get two files).
    public func respondentPath(in folder: String, respondent name: String, taken: Set<String> = []) -> String {
        let base = Self.slug(for: name)
        let key = Self.nameKey(name)
        let plain = PathText.join(folder, base + ".json")
        func owner(_ path: String) -> String? {
            guard fileSystem.fileExists(at: path) else { return nil }
            guard let assessment = try? DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem) else {
                return ""
            }
            return Self.nameKey(assessment.respondent ?? assessment.participants.first?.name ?? "")
        }
        var candidate = plain
        var salt = ""
        for attempt in 0..<64 {
            let isFree = !taken.contains(candidate) && (owner(candidate) == nil || owner(candidate) == key)
            if isFree { return candidate }
            salt = attempt == 0 ? key : salt + "+"
            candidate = PathText.join(folder, base + "-" + String(Self.stableHash(salt).prefix(6)) + ".json")
        }
        return candidate
    }

    /// A team of the store as its latest readable assessment names it.
    public struct KnownTeam: Sendable, Equatable {
        /// The team's name.
        public var team: String
        /// Its folder.
        public var folder: String
        /// Its organization.
        public var organization: String?
        /// The period of its latest assessment.
        public var period: Period
    }

    /// The teams of the store with their folders, for "Did you mean …?", defaults and listings.
    public func knownTeams() -> [KnownTeam] {
        guard let root else { return [] }
        var result: [KnownTeam] = []
        for folder in teamFolders().folders {
            let files = periodFiles(inFolderAt: PathText.join(root, folder)).files
            for file in files.reversed() {
                if let header = try? DocumentLoader.loadScoringView(
                    at: file.path, fileSystem: fileSystem, scores: false)
                {
                    result.append(
                        KnownTeam(
                            team: header.team, folder: folder, organization: header.organization,
                            period: header.period))
                    break
                }
            }
        }
        return result
    }

    /// Whether `team` has no assessment in this store yet (its folder would be new).
    public func isNewTeam(_ team: String) -> Bool {
        !claims(ofFolder: folder(forTeam: team)).contains(Self.nameKey(team))
    }

    // MARK: - Listing the store

    /// The team folders of the store in name order: not the reserved or hidden ones, and not a
    /// link that leads outside the store (reported in `warnings`).
    public func teamFolders() -> (folders: [String], warnings: [String]) {
        let listing = teamFolderListing()
        return (listing.folders, listing.links.map(\.message))
    }

    /// The team folders as ``teamFolders()`` lists them, with each link skipped as a finding.
    func teamFolderListing() -> (folders: [String], links: [StoreFinding]) {
        guard let root, let names = try? fileSystem.contentsOfDirectory(at: root) else { return ([], []) }
        var folders: [String] = []
        var links: [StoreFinding] = []
        for name in names.sorted() where !Self.reservedFolders.contains(name) && !name.hasPrefix(".") {
            let path = PathText.join(root, name)
            guard let info = fileSystem.info(at: path), info.kind == .directory else { continue }
            if info.isSymbolicLink, let link = outsideLink(path) {
                links.append(link)
                continue
            }
            folders.append(name)
        }
        return (folders, links)
    }

    /// One `<YYYY-Qn>.json` file of a team folder.
    public struct PeriodFile: Sendable, Equatable {
        /// The file's path.
        public var path: String
        /// The period its name gives.
        public var period: Period
    }

    /// The files of the team folder at `path` named `<YYYY-Qn>.json`, oldest first, without
    /// links that lead outside the store (reported in `warnings`).
    public func periodFiles(inFolderAt path: String) -> (files: [PeriodFile], warnings: [String]) {
        let listing = periodFileListing(inFolderAt: path)
        return (listing.files, listing.links.map(\.message))
    }

    /// The period files as ``periodFiles(inFolderAt:)`` lists them, with each link skipped as a finding.
    func periodFileListing(inFolderAt path: String) -> (files: [PeriodFile], links: [StoreFinding]) {
        let names = (try? fileSystem.contentsOfDirectory(at: path)) ?? []
        var files: [PeriodFile] = []
        var links: [StoreFinding] = []
        for name in names.sorted() {
            guard let period = Self.period(ofAssessmentNamed: name) else { continue }
            let file = PathText.join(path, name)
            if fileSystem.info(at: file)?.isSymbolicLink == true, let link = outsideLink(file) {
                links.append(link)
                continue
            }
            files.append(PeriodFile(path: file, period: period))
        }
        return (files.sorted { $0.period < $1.period }, links)
    }

    /// The period of a team folder's assessment named `<YYYY-Qn>.json`; nil for any other name.
    static func period(ofAssessmentNamed name: String) -> Period? {
        guard name.hasSuffix(".json") else { return nil }
        return Period(String(name.dropLast(5)))
    }

    /// A finding when the link at `path` leads outside the store (or nowhere); nil when it stays inside.
    func outsideLink(_ path: String) -> StoreFinding? {
        guard let root else { return nil }
        guard let target = fileSystem.resolvingLinks(path) else {
            return StoreFinding(.link, path: path, message: "\(path): skipped: a link to a missing file")
        }
        let inside = fileSystem.resolvingLinks(root) ?? root
        if target == inside || target.hasPrefix(inside.hasSuffix("/") ? inside : inside + "/") { return nil }
        return StoreFinding(
            .link, path: path, message: "\(path): skipped: a link that leads outside the store (to \(target))")
    }

    // MARK: - Names to paths

    /// The readable part of a folder name: lower-case ASCII letters, digits and dashes, never
    /// empty, never `.`/`..`, never with a slash or a leading dot. Accents are dropped ("Équipe"
    /// → `equipe`); a name with no Latin letters gets a stable `team-<hash>`. Two names may share
    /// a slug; ``folder(forTeam:)`` keeps them apart.
    public static func slug(for team: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in team.unicodeScalars {
            let folded = fold(scalar)
            if folded.isEmpty {
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug += "-" }
            pendingDash = false
            slug += folded
        }
        if slug.isEmpty {
            return "team-" + stableHash(team)
        }
        if slug.count > 64 {
            slug = String(slug.prefix(64))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// A component safe for a file name: letters, digits, `.`, `_`, `-` kept, others as `_`.
    public static func safeFileComponent(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(200) {
            let allowed =
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_" || scalar == "-"
            result.unicodeScalars.append(allowed ? scalar : "_")
        }
        while result.hasPrefix(".") { result = "_" + result.dropFirst() }
        return result.isEmpty ? "_" : result
    }

    /// The ASCII letters and digits a character contributes to a slug.
    static func fold(_ scalar: Unicode.Scalar) -> String {
        if scalar >= "a" && scalar <= "z" || scalar >= "0" && scalar <= "9" { return String(scalar) }
        if scalar >= "A" && scalar <= "Z" { return String(scalar).lowercased() }
        switch scalar {
        case "ß": return "ss"
        case "æ", "Æ": return "ae"
        case "ø", "Ø": return "o"
        case "œ", "Œ": return "oe"
        case "đ", "Đ", "ð", "Ð": return "d"
        case "ł", "Ł": return "l"
        case "þ", "Þ": return "th"
        default: break
        }
        // Letters with diacritics: keep the base letter of the canonical decomposition.
        let decomposed = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
        if decomposed.count > 1, let base = decomposed.first, base.isASCII {
            return fold(base)
        }
        return ""
    }

    /// A short stable hash (FNV-1a, 32 bits, hex) of `text`.
    static func stableHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
