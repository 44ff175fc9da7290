import Foundation

/// A problem met while reading a store, with the file or folder it is about.
public struct StoreFinding: Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: Sendable, Equatable {
        /// A link that leads outside the store, or to a missing file; skipped.
        case link
        /// A file that cannot be read as an assessment (not JSON, another format, too large, its
        /// questionnaire not found); skipped.
        case unreadable
        /// An assessment with errors against its questionnaire; skipped.
        case invalid([ValidationProblem])
        /// A file whose name says another quarter than the assessment it holds; skipped.
        case periodMismatch
        /// A file claiming the team and quarter that the file at `other` claims; skipped.
        case duplicateClaim(other: String)
        /// A team folder whose files name the team differently over time.
        case renamedTeam
        /// A file that changed while the store was read; skipped.
        case changed
        /// A problem known only by its text.
        case other
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The file or folder concerned.
    public var path: String
    /// The problem in one line, starting with the path.
    public var message: String

    /// A finding about `path`.
    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

extension Workspace {
    /// What a file or folder of the store is, by its place in the layout (DESIGN §5.3).
    public enum EntryRole: Sendable, Equatable {
        /// `<team>/<YYYY-Qn>.json`: a team's assessment of a quarter.
        case assessment(Period)
        /// `<team>/respondents/<YYYY-Qn>/<name>.json`: one person's answers before the workshop.
        case respondentAnswers(Period)
        /// `questionnaires/<id>@<version>.json`: the copy of a questionnaire version.
        case questionnaireCopy
        /// `FILE.bak`: the previous version of an assessment, kept by every save.
        case backup
        /// `FILE.lock`: the lock of a workshop on an assessment.
        case lock
        /// `.FILE.tmp-<pid>[-<n>]` or `.FILE.bak-<pid>[-<n>]`: left by a save that was interrupted.
        case temporary
        /// A report opmodel writes: `<team>/<YYYY-Qn>-<name>.md` (the roadmap), `.html`, `.svg`,
        /// `.csv`, or such a file at the top of the store (a portfolio).
        case report
        /// A hidden file or folder (`.gitignore`, `.git`, a CI configuration): not the store's.
        case hidden
        /// Anything else: not part of the layout, never read by opmodel.
        case outsideLayout
    }

    /// One file or folder of the store and its role.
    public struct Entry: Sendable, Equatable {
        /// The path.
        public var path: String
        /// Its role in the layout.
        public var role: EntryRole
        /// What it is (a folder outside the layout is listed, not its contents).
        public var kind: FileKind
    }

    /// The extensions of the reports opmodel writes beside the assessments.
    static let reportExtensions = [".md", ".html", ".svg", ".csv"]

    /// Every file of the store with its role in the layout, in path order, and the links that
    /// were skipped (a link that leads outside the store, or nowhere). Team folders and their
    /// assessments are the ones ``teamFolders()`` and ``periodFiles(inFolderAt:)`` list, so that
    /// every command sees the same store.
    public func inventory() -> (entries: [Entry], links: [StoreFinding]) {
        guard let root, let names = try? fileSystem.contentsOfDirectory(at: root) else { return ([], []) }
        let (teams, links) = teamFolderListing()
        let teamSet = Set(teams)
        let skipped = Set(links.map(\.path))
        var entries: [Entry] = []
        var allLinks = links
        for name in names.sorted() {
            let path = PathText.join(root, name)
            guard !skipped.contains(path), let kind = fileSystem.info(at: path)?.kind else { continue }
            if name.hasPrefix(".") {
                entries.append(Entry(path: path, role: .hidden, kind: kind))
            } else if teamSet.contains(name) {
                let team = teamFolderInventory(path)
                entries += team.entries
                allLinks += team.links
            } else if name == Self.questionnairesFolder, kind == .directory {
                entries += questionnaireCopies(in: path)
            } else if kind == .regular, Self.reportExtensions.contains(where: name.hasSuffix) {
                entries.append(Entry(path: path, role: .report, kind: kind))
            } else {
                entries.append(Entry(path: path, role: .outsideLayout, kind: kind))
            }
        }
        return (entries, allLinks)
    }

    /// The entries of a team folder: its assessments, their backups, locks and reports, and the
    /// respondents' files.
    func teamFolderInventory(_ folder: String) -> (entries: [Entry], links: [StoreFinding]) {
        let (files, links) = periodFileListing(inFolderAt: folder)
        var entries = files.map { Entry(path: $0.path, role: .assessment($0.period), kind: .regular) }
        let listed = Set(files.map(\.path) + links.map(\.path))
        for name in ((try? fileSystem.contentsOfDirectory(at: folder)) ?? []).sorted() {
            let path = PathText.join(folder, name)
            guard !listed.contains(path), let kind = fileSystem.info(at: path)?.kind else { continue }
            if name == Self.respondentsFolder, kind == .directory {
                entries += respondentsInventory(path)
                continue
            }
            let role = Self.role(ofCompanion: name, kind: kind) { Self.period(ofAssessmentNamed: $0) != nil }
            if let role {
                entries.append(Entry(path: path, role: role, kind: kind))
            } else if kind == .regular, Self.isReport(name) {
                entries.append(Entry(path: path, role: .report, kind: kind))
            } else {
                entries.append(Entry(path: path, role: .outsideLayout, kind: kind))
            }
        }
        return (entries.sorted { $0.path < $1.path }, links)
    }

    /// Whether `name` is a report of a quarter that opmodel writes beside its assessment:
    /// `<YYYY-Qn>-<name>` with a report's extension (`2026-Q4-roadmap.md`).
    static func isReport(_ name: String) -> Bool {
        let period = name.prefix(7)
        return Period(String(period)) != nil && name.dropFirst(7).hasPrefix("-")
            && reportExtensions.contains(where: name.hasSuffix)
    }

    /// The entries of `<team>/respondents`: a folder per quarter of `<name>.json` files.
    func respondentsInventory(_ folder: String) -> [Entry] {
        var entries: [Entry] = []
        for name in ((try? fileSystem.contentsOfDirectory(at: folder)) ?? []).sorted() {
            let path = PathText.join(folder, name)
            guard let kind = fileSystem.info(at: path)?.kind else { continue }
            guard let period = Period(name), kind == .directory else {
                entries.append(Entry(path: path, role: name.hasPrefix(".") ? .hidden : .outsideLayout, kind: kind))
                continue
            }
            for file in ((try? fileSystem.contentsOfDirectory(at: path)) ?? []).sorted() {
                let filePath = PathText.join(path, file)
                guard let fileKind = fileSystem.info(at: filePath)?.kind else { continue }
                let isAnswers = file.hasSuffix(".json") && !file.hasPrefix(".") && fileKind == .regular
                let role =
                    isAnswers
                    ? .respondentAnswers(period)
                    : Self.role(ofCompanion: file, kind: fileKind) { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
                        ?? .outsideLayout
                entries.append(Entry(path: filePath, role: role, kind: fileKind))
            }
        }
        return entries
    }

    /// The entries of the `questionnaires` folder: `<id>@<version>.json` copies.
    func questionnaireCopies(in folder: String) -> [Entry] {
        ((try? fileSystem.contentsOfDirectory(at: folder)) ?? []).sorted().compactMap { name in
            let path = PathText.join(folder, name)
            guard let kind = fileSystem.info(at: path)?.kind else { return nil }
            if kind == .regular, name.hasSuffix(".json"), name.contains("@"), !name.hasPrefix(".") {
                return Entry(path: path, role: .questionnaireCopy, kind: kind)
            }
            let role = Self.role(ofCompanion: name, kind: kind) { $0.hasSuffix(".json") } ?? .outsideLayout
            return Entry(path: path, role: role, kind: kind)
        }
    }

    /// The role of a file that opmodel keeps beside a data file whose name `isDataFile` accepts:
    /// its backup, its lock, a temporary file of an interrupted save; other hidden entries are
    /// hidden. Nil for any other name.
    static func role(ofCompanion name: String, kind: FileKind, isDataFile: (String) -> Bool) -> EntryRole? {
        if let base = temporaryFileBase(name) { return isDataFile(base) ? .temporary : .hidden }
        if name.hasPrefix(".") { return .hidden }
        guard kind == .regular else { return nil }
        if name.hasSuffix(".bak"), isDataFile(String(name.dropLast(4))) { return .backup }
        if name.hasSuffix(".lock"), isDataFile(String(name.dropLast(5))) { return .lock }
        return nil
    }

    /// The name of the file that a temporary file of a save belongs to: `2026-Q4.json` for
    /// `.2026-Q4.json.tmp-4242-17` or `.2026-Q4.json.bak-4242` (as ``FileSystem`` names them);
    /// nil for any other name.
    public static func temporaryFileBase(_ entry: String) -> String? {
        guard entry.hasPrefix(".") else { return nil }
        for marker in [".tmp-", ".bak-"] {
            guard let range = entry.range(of: marker, options: .backwards),
                range.lowerBound > entry.index(after: entry.startIndex)
            else { continue }
            let numbers = entry[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(numbers.count), numbers.allSatisfy({ UInt32($0) != nil }) else { continue }
            return String(entry[entry.index(after: entry.startIndex)..<range.lowerBound])
        }
        return nil
    }
}
