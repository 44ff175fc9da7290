/// The check of a whole store that `opmodel validate --store DIR` runs, as CI would on every
/// change to a store kept in git (DESIGN §10.4).
///
/// It reads the store the way every command does (``Workspace/inventory()`` for the layout,
/// ``StoreHistory`` for the assessments and the rule for two files claiming one team and quarter)
/// and lists every problem with its path:
/// - each assessment and respondent file read with its questionnaire (the store's copy first, as
///   every command reads it), with each error and warning at its JSON path, orphaned answers
///   among the warnings;
/// - the questionnaire copies: each valid and named by the id and version it holds, one present
///   for every id and version the assessments use;
/// - two files claiming the same team and quarter, a file whose name says another quarter;
/// - files and folders outside the layout, temporary files of interrupted saves, links that
///   lead outside the store;
/// - stale locks: a lock file that no running workshop holds.
///
/// Checking never changes the store.
public struct StoreCheck: Sendable {
    /// One problem, with the file or folder it is about.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// What kind of problem it is.
        public enum Kind: String, Sendable, CaseIterable {
            /// A file that cannot be read as an assessment, or whose questionnaire cannot be found.
            case unreadable
            /// An error of an assessment against its questionnaire (at a JSON path).
            case invalid
            /// A warning about an assessment against its questionnaire (at a JSON path).
            case assessmentWarning = "assessment-warning"
            /// An answer to a question the questionnaire does not have (kept, reported).
            case orphanedAnswer = "orphaned-answer"
            /// An id and version used by assessments without a copy in the store.
            case missingQuestionnaireCopy = "missing-questionnaire-copy"
            /// A copy that is not a valid questionnaire (its warnings are warnings of this kind).
            case invalidQuestionnaireCopy = "invalid-questionnaire-copy"
            /// A copy whose name is not the id and version it holds.
            case misnamedQuestionnaireCopy = "misnamed-questionnaire-copy"
            /// A copy that differs from the installed questionnaire of the same id and version.
            case changedQuestionnaireCopy = "changed-questionnaire-copy"
            /// Two files claiming the same team and quarter.
            case duplicateClaim = "duplicate-claim"
            /// A file whose name says another quarter than the assessment it holds.
            case periodMismatch = "period-mismatch"
            /// A team folder whose files name the team differently over time.
            case renamedTeam = "renamed-team"
            /// A file or folder that is not part of the store's layout.
            case outsideLayout = "outside-layout"
            /// A temporary file left by an interrupted save.
            case temporaryFile = "temporary-file"
            /// A lock file that no running workshop holds.
            case staleLock = "stale-lock"
            /// A link that leads outside the store, or to a missing file.
            case link
        }

        /// What kind of problem it is.
        public var kind: Kind
        /// Whether it makes the store fail the check.
        public var severity: ValidationProblem.Severity
        /// The file or folder concerned.
        public var path: String
        /// Where in the file, as a JSON path, when the problem is about one value.
        public var location: String?
        /// What is wrong, and what to do when that is not obvious.
        public var message: String

        /// A problem.
        public init(
            _ kind: Kind, _ severity: ValidationProblem.Severity, path: String, location: String? = nil,
            message: String
        ) {
            self.kind = kind
            self.severity = severity
            self.path = path
            self.location = location
            self.message = message
        }

        /// `PATH: JSONPATH: error: message`, or `PATH: error: message`.
        public var description: String {
            [path, location, severity.rawValue, message].compactMap { $0 }.joined(separator: ": ")
        }
    }

    /// Every problem, by path.
    public var problems: [Problem]
    /// How many assessments (`<team>/<YYYY-Qn>.json`) were checked.
    public var assessments: Int
    /// How many respondents' files were checked.
    public var respondentFiles: Int
    /// How many questionnaire copies were checked.
    public var questionnaireCopies: Int

    /// The problems that make the store fail the check.
    public var errors: [Problem] { problems.filter { $0.severity == .error } }
    /// The problems that do not.
    public var warnings: [Problem] { problems.filter { $0.severity == .warning } }

    /// Who is checking: to tell a lock left on this host by a process that ended from one left on
    /// another host.
    public struct Checker: Sendable {
        /// This host's name.
        public var host: String
        /// Whether a process id runs on this host.
        public var isRunning: @Sendable (Int32) -> Bool

        /// A checker on `host`.
        public init(host: String, isRunning: @escaping @Sendable (Int32) -> Bool) {
            self.host = host
            self.isRunning = isRunning
        }
    }

    /// Checks the store of `workspace`, reading questionnaires that the store has no copy of with
    /// `locator`.
    ///
    /// - Throws: ``FileError/notFound(path:)`` when the store's folder does not exist.
    public static func run(_ workspace: Workspace, locator: ResourceLocator, checker: Checker) throws -> StoreCheck {
        guard let root = workspace.root, workspace.exists else {
            throw FileError.notFound(path: workspace.root ?? workspace.storeRoot)
        }
        var run = Run(workspace: workspace, locator: locator)
        let (entries, links) = workspace.inventory()
        for link in links {
            run.add(.link, .error, path: link.path, message: Self.text(of: link))
        }
        let copies = entries.filter { $0.role == .questionnaireCopy }
        for copy in copies { run.checkCopy(at: copy.path) }
        var assessments = 0
        var respondents = 0
        for entry in entries {
            switch entry.role {
            case .assessment: assessments += 1
            case .respondentAnswers(let period):
                respondents += 1
                run.checkRespondentFile(at: entry.path, period: period)
            case .outsideLayout: run.addOutsideLayout(entry, root: root)
            case .temporary:
                run.add(
                    .temporaryFile, .warning, path: entry.path,
                    message: "a temporary file left by an interrupted save; the next workshop on the assessment "
                        + "removes it (never commit it)")
            case .lock: run.checkLock(at: entry.path, checker: checker)
            case .questionnaireCopy, .backup, .report, .hidden: break
            }
        }
        let history = StoreHistory.read(workspace) { path, assessment in
            run.questionnaire(for: assessment, at: path)
        }
        for finding in history.findings { run.add(finding) }
        run.checkCopiesUsed()
        let problems = run.problems.enumerated().sorted {
            ($0.element.path, $0.offset) < ($1.element.path, $1.offset)
        }.map(\.element)
        return StoreCheck(
            problems: problems, assessments: assessments, respondentFiles: respondents,
            questionnaireCopies: copies.count)
    }

    /// The text of a finding without its path, and without the "skipped" that commands reading
    /// the store act on (`2026-Q2.json: skipped: 2026-Q2.json:1:3: not valid JSON` → `1:3: not
    /// valid JSON`).
    static func text(of finding: StoreFinding) -> String {
        var text = Substring(finding.message)
        for prefix in [finding.path + ": ", "skipped: ", finding.path + ": ", finding.path] where text.hasPrefix(prefix)
        {
            text = text.dropFirst(prefix.count)
        }
        if text.hasPrefix(":") { text = text.dropFirst() }
        return String(text)
    }

    /// The state of one check.
    struct Run {
        let workspace: Workspace
        let locator: ResourceLocator
        var problems: [Problem] = []
        /// The questionnaire versions used, with the files that use them, in the order met.
        var used: [(reference: QuestionnaireReference, paths: [String])] = []
        /// The copies that could not be read, by path.
        var unreadableCopies: Set<String> = []

        mutating func add(
            _ kind: Problem.Kind, _ severity: ValidationProblem.Severity, path: String, location: String? = nil,
            message: String
        ) {
            problems.append(Problem(kind, severity, path: path, location: location, message: message))
        }

        /// What ``StoreHistory`` found about a file, as problems (links come from the inventory).
        mutating func add(_ finding: StoreFinding) {
            let text = StoreCheck.text(of: finding)
            switch finding.kind {
            case .link: break
            case .unreadable, .other: add(.unreadable, .error, path: finding.path, message: text)
            case .invalid(let errors):
                for error in errors {
                    add(.invalid, .error, path: finding.path, location: error.path, message: error.message)
                }
            case .periodMismatch: add(.periodMismatch, .error, path: finding.path, message: text)
            case .duplicateClaim(let other):
                add(
                    .duplicateClaim, .error, path: finding.path,
                    message: "claims the same team and quarter as \(other), which every command reads instead")
            case .renamedTeam: add(.renamedTeam, .warning, path: finding.path, message: text)
            case .changed: add(.unreadable, .warning, path: finding.path, message: text)
            }
        }

        /// The questionnaire an assessment is read with (the store's copy first), noting the
        /// version used and the assessment's warnings; nil, with the problem noted, when none can
        /// be found.
        mutating func questionnaire(for assessment: Assessment, at path: String) -> Questionnaire? {
            let reference = assessment.questionnaire
            if let index = used.firstIndex(where: { $0.reference == reference }) {
                used[index].paths.append(path)
            } else {
                used.append((reference, [path]))
            }
            if let copy = workspace.questionnaireCopyPath(id: reference.id, version: reference.version),
                unreadableCopies.contains(copy)
            {
                add(.unreadable, .error, path: path, message: "not checked: its questionnaire copy \(copy) is invalid")
                return nil
            }
            let located: LocatedQuestionnaire
            do {
                located = try locator.questionnaire(for: reference, workspace: workspace, override: nil)
            } catch {
                add(.unreadable, .error, path: path, message: "not checked: \(DataError.describe(error))")
                return nil
            }
            let orphans = Set(
                AssessmentValidator.orphanedAnswerIDs(assessment, questionnaire: located.questionnaire).map {
                    JSONPath.member($0, of: "discover.answers")
                })
            for warning in AssessmentValidator.problems(assessment, questionnaire: located.questionnaire)
            where warning.severity == .warning {
                let kind: Problem.Kind = orphans.contains(warning.path) ? .orphanedAnswer : .assessmentWarning
                add(kind, .warning, path: path, location: warning.path, message: warning.message)
            }
            return located.questionnaire
        }

        /// A respondent's file: readable, for the quarter of its folder, valid against its questionnaire.
        mutating func checkRespondentFile(at path: String, period: Period) {
            let assessment: Assessment
            do {
                assessment = try DocumentLoader.loadAssessment(at: path, fileSystem: workspace.fileSystem)
            } catch {
                add(.unreadable, .error, path: path, message: DataError.describe(error))
                return
            }
            if assessment.period != period {
                add(
                    .periodMismatch, .error, path: path,
                    message: "the folder says \(period) but the answers are for \(assessment.period)")
            }
            guard let questionnaire = questionnaire(for: assessment, at: path) else { return }
            for error in AssessmentValidator.problems(assessment, questionnaire: questionnaire)
            where error.severity == .error {
                add(.invalid, .error, path: path, location: error.path, message: error.message)
            }
        }

        /// A questionnaire copy: a valid questionnaire, named by its id and version, the same as
        /// the installed questionnaire of that id and version if there is one.
        mutating func checkCopy(at path: String) {
            let located: LocatedQuestionnaire
            do {
                located = try locator.load(path: path)
            } catch {
                unreadableCopies.insert(path)
                if case .problems(_, let list) = error as? DataError {
                    for problem in list {
                        add(
                            .invalidQuestionnaireCopy, problem.severity, path: path, location: problem.path,
                            message: problem.message)
                    }
                } else {
                    add(.invalidQuestionnaireCopy, .error, path: path, message: DataError.describe(error))
                }
                return
            }
            let questionnaire = located.questionnaire
            for problem in QuestionnaireValidator.problems(questionnaire) where problem.severity == .warning {
                add(.invalidQuestionnaireCopy, .warning, path: path, location: problem.path, message: problem.message)
            }
            let expected = workspace.questionnaireCopyPath(id: questionnaire.id, version: questionnaire.version)
            if let expected, expected != path {
                add(
                    .misnamedQuestionnaireCopy, .error, path: path,
                    message: "it holds \(questionnaire.id) \(questionnaire.version), whose copy is "
                        + "\(expected); assessments of that version never read this file")
            }
            if let installed = try? locator.find(id: questionnaire.id, version: questionnaire.version),
                let mine = try? JSONParser.parse(located.text), let theirs = try? JSONParser.parse(installed.text),
                mine != theirs
            {
                add(
                    .changedQuestionnaireCopy, .warning, path: path,
                    message: "differs from \(installed.source), which has the same id and version; "
                        + "give a changed questionnaire a new version")
            }
        }

        /// Every id and version in use has a copy in the store.
        mutating func checkCopiesUsed() {
            for (reference, paths) in used {
                guard let copy = workspace.questionnaireCopyPath(id: reference.id, version: reference.version),
                    !workspace.fileSystem.fileExists(at: copy)
                else { continue }
                let users = paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? ", …" : "")
                add(
                    .missingQuestionnaireCopy, .error, path: copy,
                    message: "missing: \(reference.id) \(reference.version) is used by "
                        + "\(Plural.count(paths.count, "file")) (\(users)) but has no copy in the store; add it "
                        + "(opmodel writes it when a workshop starts) so that the store can still be read after "
                        + "the installed questionnaire changes")
            }
        }

        /// A file or folder outside the layout: an error for a JSON file (data that no command
        /// reads), else a warning.
        mutating func addOutsideLayout(_ entry: Workspace.Entry, root: String) {
            let folder = PathText.folder(of: entry.path)
            let isJSON = entry.kind == .regular && entry.path.hasSuffix(".json")
            let message: String
            if isJSON {
                message =
                    "not part of the store's layout, so no command reads it: assessments are "
                    + "<team>/<YYYY-Qn>.json, respondents' files <team>/respondents/<YYYY-Qn>/<name>.json, "
                    + "questionnaire copies questionnaires/<id>@<version>.json"
            } else if entry.kind == .directory {
                message = "a folder that is not part of the store's layout"
            } else if entry.kind == .regular {
                message = "not part of the store's layout" + (folder == root ? "" : " (opmodel never reads it)")
            } else {
                message = "\(entry.kind.description), not part of the store's layout"
            }
            add(.outsideLayout, isJSON ? .error : .warning, path: entry.path, message: message)
        }

        /// A lock file: stale when no running workshop holds it (its kernel lock can be taken).
        mutating func checkLock(at path: String, checker: Checker) {
            let fileSystem = workspace.fileSystem
            // The lock is taken only to see whether anyone holds it, and given back at once; a lock
            // file that disappeared meanwhile is not made again.
            guard fileSystem.fileExists(at: path) else { return }
            let lock: (any FileLock)?
            do {
                lock = try fileSystem.tryLock(at: path)
            } catch {
                add(.staleLock, .warning, path: path, message: "cannot be checked: \(DataError.describe(error))")
                return
            }
            guard let lock else { return }  // a workshop holds it: in use, not a problem
            let holder = AssessmentLock.Holder(bytes: lock.contents())
            lock.release(removingFile: false)
            let who: String
            if let holder {
                if holder.host != checker.host {
                    who = "left by \(holder) (another host)"
                } else if checker.isRunning(holder.pid) {
                    who = "naming \(holder), which runs but does not hold it"
                } else {
                    who = "left by \(holder), which no longer runs"
                }
            } else {
                who = "naming no holder"
            }
            add(
                .staleLock, .error, path: path,
                message: "a stale lock \(who); no workshop holds it. Delete it (a workshop also takes it over); "
                    + "never commit lock files")
        }
    }
}
