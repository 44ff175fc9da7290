public import Foundation

/// An assessment read with its questionnaire and the team's previous quarter.
public struct OpenedAssessment: Sendable {
    /// Where it was read.
    public var path: String
    /// The assessment.
    public var assessment: Assessment
    /// The questionnaire it is read with.
    public var questionnaire: LocatedQuestionnaire
    /// The team's previous assessment (same team, same questionnaire), if one reads cleanly.
    public var previous: Assessment?
    /// What the person should know: questionnaire warnings, problems that do not stop the
    /// reading, a previous quarter that could not be used.
    public var warnings: [String]
}

/// A workshop session: the assessment, opened or started, with this process's lock on it.
public struct WorkshopStart: Sendable {
    /// The assessment and what was read with it.
    public var opened: OpenedAssessment
    /// The lock, held until the session ends.
    public var lock: AssessmentLock
    /// Whether the file is new (nothing was resumed).
    public var isNew: Bool
    /// When a new quarter starts from the team's previous one: what was carried forward.
    public var carriedForward: Reassessment?
    /// A warning when a stale lock was taken over.
    public var lockWarning: String?
}

/// What a new assessment is: who, when, with which questionnaire, and optionally where.
public struct NewAssessment: Sendable {
    /// The organization.
    public var organization: String?
    /// The team.
    public var team: String
    /// The quarter.
    public var period: Period
    /// The person answering alone (`assess --respondent`), if any.
    public var respondent: String?
    /// The questionnaire.
    public var questionnaire: LocatedQuestionnaire
    /// A path given on the command line; nil: the store's layout decides.
    public var path: String?
    /// The new assessment's id.
    public var id: String
    /// Now, ISO-8601.
    public var createdAt: String

    /// A new assessment.
    public init(
        organization: String?, team: String, period: Period, respondent: String?, questionnaire: LocatedQuestionnaire,
        path: String?, id: String, createdAt: String
    ) {
        self.organization = organization
        self.team = team
        self.period = period
        self.respondent = respondent
        self.questionnaire = questionnaire
        self.path = path
        self.id = id
        self.createdAt = createdAt
    }
}

/// Who takes a lock: this process, and how to tell whether another process still runs.
public struct LockOwner: Sendable {
    /// This process's id.
    public var pid: Int32
    /// This host's name.
    public var host: String
    /// Now, ISO-8601.
    public var now: String
    /// Whether a process id runs on this host.
    public var isRunning: @Sendable (Int32) -> Bool

    /// An owner.
    public init(pid: Int32, host: String, now: String, isRunning: @escaping @Sendable (Int32) -> Bool) {
        self.pid = pid
        self.host = host
        self.now = now
        self.isRunning = isRunning
    }
}

/// A save that failed; the answers are in the rescue copy when there is one.
public struct SaveFailure: Error, LocalizedError, Sendable {
    /// The assessment's path.
    public var path: String
    /// Why the save failed.
    public var underlying: any Error & Sendable
    /// The private rescue copy of the answers, when one could be written.
    public var rescuePath: String?

    /// What happened and where the answers are.
    public var errorDescription: String? {
        let reason = "Could not save \(path): " + DataError.describe(underlying)
        if let rescuePath {
            return
                "\(reason). Your answers are safe in \(rescuePath); fix the problem, copy that file back and resume."
        }
        return "\(reason). The answers of this session could not be saved anywhere."
    }

    /// Whether the write failed midway (disk full, I/O error) rather than being refused.
    public var isInputOutputFailure: Bool {
        if case .ioFailure = underlying as? FileError { return true }
        return false
    }
}

extension Workspace {
    // MARK: - Reading

    /// Reads the assessment at `path` with its questionnaire (`override`, else the store's copy
    /// of its version, else the installed one), checks it against the questionnaire (errors
    /// throw, warnings are returned), and finds the team's previous quarter.
    public func openAssessment(at path: String, questionnaire override: String?, locator: ResourceLocator) throws
        -> OpenedAssessment
    {
        let assessment = try DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem)
        let located = try locator.questionnaire(for: assessment.questionnaire, workspace: self, override: override)
        var warnings = located.warnings
        let problems = AssessmentValidator.problems(assessment, questionnaire: located.questionnaire)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty { throw DataError.problems(file: path, errors) }
        warnings += problems.map { "\(path): \($0.description)" }
        let previous = previousAssessment(of: assessment, at: path)
        return OpenedAssessment(
            path: path, assessment: assessment, questionnaire: located, previous: previous.assessment,
            warnings: warnings + previous.warnings)
    }

    /// The team's previous assessment: the latest file of an earlier period in the folder of
    /// `path` that reads cleanly and is the same team's (by ``nameKey(_:)``) with the same
    /// questionnaire. A file of another team is never used; one that cannot be read is named
    /// in a warning, and the quarter before it is used.
    public func previousAssessment(of assessment: Assessment, at path: String) -> (
        assessment: Assessment?, warnings: [String]
    ) {
        let key = Self.nameKey(assessment.team)
        var warnings: [String] = []
        let earlier = periodFiles(inFolderAt: PathText.folder(of: path)).files.filter { $0.period < assessment.period }
        for file in earlier.reversed() {
            let candidate: Assessment
            do {
                candidate = try DocumentLoader.loadAssessment(at: file.path, fileSystem: fileSystem)
            } catch {
                warnings.append("the previous quarter could not be read: \(DataError.describe(error))")
                continue
            }
            guard candidate.period == file.period, Self.nameKey(candidate.team) == key else { continue }
            guard candidate.respondent == nil else { continue }
            guard candidate.questionnaire.id == assessment.questionnaire.id else {
                warnings.append(
                    "\(file.path) was made with the questionnaire \"\(candidate.questionnaire.id)\", not "
                        + "\"\(assessment.questionnaire.id)\"; it is not compared with this one")
                return (nil, warnings)
            }
            return (candidate, warnings)
        }
        return (nil, warnings)
    }

    // MARK: - Workshop sessions

    /// Opens the existing assessment at `path` for a workshop: takes its lock first (so that
    /// what is read is what no one else is writing), then reads it.
    public func resumeSession(
        at path: String, questionnaire override: String?, locator: ResourceLocator, owner: LockOwner
    ) throws -> WorkshopStart {
        let (lock, lockWarning) = try takeLock(of: path, owner: owner)
        do {
            let opened = try openAssessment(at: path, questionnaire: override, locator: locator)
            removeLeftoverTemporaryFiles(of: path)
            return WorkshopStart(opened: opened, lock: lock, isNew: false, lockWarning: lockWarning)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Starts the assessment of `new.team` for `new.period` in the store (or at `new.path`), or
    /// resumes it when the file exists and is that team's. A new quarter starts from the team's
    /// previous one. The folder is created, and the lock taken, before anything is read.
    public func startSession(
        _ new: NewAssessment, questionnaire override: String?, locator: ResourceLocator, owner: LockOwner
    ) throws -> WorkshopStart {
        let path: String
        if let explicit = new.path {
            path = explicit
        } else if let respondent = new.respondent {
            let folder = respondentFolder(team: new.team, period: new.period)
            path = respondentPath(in: folder, respondent: respondent)
        } else {
            path = assessmentPath(team: new.team, period: new.period)
        }
        try createFolder(ofAssessmentAt: path, inStore: new.path == nil)
        let (lock, lockWarning) = try takeLock(of: path, owner: owner)
        do {
            if fileSystem.fileExists(at: path) {
                let opened = try openAssessment(at: path, questionnaire: override, locator: locator)
                try checkBelongs(opened.assessment, at: path, to: new)
                removeLeftoverTemporaryFiles(of: path)
                return WorkshopStart(opened: opened, lock: lock, isNew: false, lockWarning: lockWarning)
            }
            let questionnaire = new.questionnaire.questionnaire
            var assessment = Assessment(
                id: new.id, organization: new.organization, team: new.team, period: new.period,
                questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version),
                createdAt: new.createdAt)
            assessment.cursor = "envision/facilitator"
            var previous: (assessment: Assessment?, warnings: [String]) = (nil, [])
            var carried: Reassessment?
            if let respondent = new.respondent {
                assessment.respondent = respondent
                assessment.participants = [Participant(id: "p1", name: respondent)]
                assessment.phase = .discover
                assessment.cursor = nil
            } else {
                previous = previousAssessment(of: assessment, at: path)
                if let earlier = previous.assessment {
                    // The version last quarter used (if it can be found) tells which questions are new.
                    let earlierQuestionnaire =
                        (try? locator.questionnaire(for: earlier.questionnaire, workspace: self, override: nil))?
                        .questionnaire
                    let started = Reassessment.start(
                        from: earlier, questionnaire: questionnaire,
                        previousQuestionnaire: earlierQuestionnaire?.version == earlier.questionnaire.version
                            ? earlierQuestionnaire : nil,
                        id: new.id, team: new.team, period: new.period, createdAt: new.createdAt)
                    assessment = started.assessment
                    if new.organization != nil { assessment.organization = new.organization }
                    carried = started
                }
            }
            removeLeftoverTemporaryFiles(of: path)
            let opened = OpenedAssessment(
                path: path, assessment: assessment, questionnaire: new.questionnaire, previous: previous.assessment,
                warnings: previous.warnings)
            return WorkshopStart(
                opened: opened, lock: lock, isNew: true, carriedForward: carried, lockWarning: lockWarning)
        } catch {
            lock.release()
            throw error
        }
    }

    /// Refuses to resume a file that is another team's (or another respondent's).
    func checkBelongs(_ assessment: Assessment, at path: String, to new: NewAssessment) throws {
        if Self.nameKey(assessment.team) != Self.nameKey(new.team) {
            throw FileError.cannotCreate(
                path: path,
                reason:
                    "it holds the assessment of the team \"\(assessment.team)\", not \"\(new.team)\"; "
                    + "it was left untouched (give the assessment's FILE to resume it)")
        }
        if let respondent = new.respondent, Self.nameKey(assessment.respondent ?? "") != Self.nameKey(respondent) {
            throw FileError.cannotCreate(
                path: path,
                reason:
                    "it holds the answers of \"\(assessment.respondent ?? "the workshop")\", not \"\(respondent)\"; "
                    + "it was left untouched")
        }
    }

    /// Takes the lock beside the assessment at `path`.
    public func takeLock(of path: String, owner: LockOwner) throws -> (AssessmentLock, String?) {
        try AssessmentLock.acquire(
            assessmentPath: path, pid: owner.pid, host: owner.host, now: owner.now, fileSystem: fileSystem,
            isRunning: owner.isRunning)
    }

    /// Removes the half-written temporary files that a killed earlier run left beside the
    /// assessment (`.<name>.tmp-<pid>[-<n>]`, `.<name>.bak-<pid>[-<n>]`, as the file system names
    /// them; nothing else). Safe only while holding its lock: no other writer is at work.
    func removeLeftoverTemporaryFiles(of path: String) {
        let folder = PathText.folder(of: path)
        let name = PathText.name(of: path)
        guard let names = try? fileSystem.contentsOfDirectory(at: folder) else { return }
        for entry in names where Self.temporaryFileBase(entry) == name {
            try? fileSystem.removeFile(at: PathText.join(folder, entry))
        }
    }

    // MARK: - Saving

    /// Saves the assessment at `path` atomically, keeping the previous version as `path.bak`.
    /// When that fails, the answers go to a private rescue copy, and the error names both.
    public func save(_ assessment: Assessment, to path: String) throws {
        let text = try DocumentWriter.text(of: assessment)
        do {
            try fileSystem.writeAtomically(text, to: path, backup: true)
        } catch {
            let name = "\(Self.slug(for: assessment.team))-\(assessment.period).json"
            let rescue = try? fileSystem.writeRescueCopy(Array(text.utf8), name: name)
            throw SaveFailure(path: path, underlying: Self.sendable(error), rescuePath: rescue)
        }
    }

    /// Keeps a copy of the questionnaire text in the store unless one for that id and version
    /// exists. Returns a warning when the existing copy differs from `text`.
    @discardableResult
    public func keepQuestionnaireCopy(_ located: LocatedQuestionnaire) throws -> String? {
        let questionnaire = located.questionnaire
        guard let root, let path = questionnaireCopyPath(id: questionnaire.id, version: questionnaire.version) else {
            return nil
        }
        if fileSystem.fileExists(at: path) {
            let existing = try? fileSystem.readText(at: path, limit: FileLimits.document)
            if let existing, existing != located.text {
                return
                    "\(path) already holds a different text for \(questionnaire.id) \(questionnaire.version); it was kept. Give changed questionnaires a new version."
            }
            return nil
        }
        try fileSystem.createDirectory(at: PathText.join(root, Self.questionnairesFolder))
        try fileSystem.writeAtomically(located.text, to: path, backup: false)
        return nil
    }

    /// Keeps a copy of `questionnaire` with its `text`; see ``keepQuestionnaireCopy(_:)``.
    @discardableResult
    public func keepQuestionnaireCopy(_ questionnaire: Questionnaire, text: String) throws -> String? {
        try keepQuestionnaireCopy(
            LocatedQuestionnaire(questionnaire: questionnaire, text: text, source: "", warnings: []))
    }

    /// Errors as `Sendable` values (every error opmodel throws is; anything else is described).
    static func sendable(_ error: any Error) -> any Error & Sendable {
        if let error = error as? FileError { return error }
        if let error = error as? DataError { return error }
        return DataError.other(file: "", message: "\(error)")
    }
}
