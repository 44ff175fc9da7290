/// One assessment found in the store, with the questionnaire it is read with.
public struct StoredAssessment: Sendable {
    /// The file's path.
    public var path: String
    /// The team's folder name in the store.
    public var folder: String
    /// The assessment.
    public var assessment: Assessment
    /// The questionnaire version it was made with (or the override).
    public var questionnaire: Questionnaire
}

/// Every readable assessment of a store, grouped by team folder, with what could not be read.
///
/// Reading never changes the store: a file that does not parse is reported and skipped, never
/// deleted or rewritten.
public struct StoreHistory: Sendable {
    /// Assessments by team folder, each list sorted by period.
    public var teams: [String: [StoredAssessment]]
    /// Problems met while reading, each with the file or folder it is about: unreadable files,
    /// duplicates and renamed teams (gaps between quarters are reported by ``Trend``).
    public var findings: [StoreFinding]

    /// The problems met while reading, one line each (``findings`` as text).
    public var problems: [String] { findings.map(\.message) }

    /// A history of `teams`, with problems given as text.
    public init(teams: [String: [StoredAssessment]], problems: [String]) {
        self.init(teams: teams, findings: problems.map { StoreFinding(.other, path: "", message: $0) })
    }

    /// A history of `teams` with the problems met while reading them.
    public init(teams: [String: [StoredAssessment]], findings: [StoreFinding]) {
        self.teams = teams
        self.findings = findings
    }

    /// Team folders in name order.
    public var folders: [String] { teams.keys.sorted() }

    /// Reads every `<folder>/<YYYY-Qn>.json` of `store`; `questionnaire` finds the questionnaire
    /// of each assessment (throwing when it cannot be found, nil to leave the assessment out). Team folders are read on every core.
    public static func read(
        _ store: Workspace, questionnaire: (Assessment) throws -> Questionnaire?
    ) -> StoreHistory {
        read(store) { _, assessment in try questionnaire(assessment) }
    }

    /// Reads the store as ``read(_:questionnaire:)`` does; `questionnaire` is also given the
    /// path of each file (`opmodel validate --store` notes what it finds about each one).
    public static func read(
        _ store: Workspace, questionnaire: (_ path: String, Assessment) throws -> Questionnaire?
    ) -> StoreHistory {
        let fileSystem = store.fileSystem
        let (folders, links) = store.teamFolderListing()
        let listings = ParallelMap.map(folders.count) { position in
            store.periodFileListing(inFolderAt: PathText.join(store.storeRoot, folders[position]))
        }
        let files = ParallelMap.map(folders.count) { position in
            listings[position].files.map { file in
                read(file) { try DocumentLoader.loadAssessment(at: $0, fileSystem: fileSystem) }
            }
        }
        var history = assemble(folders: folders, files: consume files, questionnaire: questionnaire)
        history.findings = links + listings.flatMap(\.links) + history.findings
        return history
    }

    /// Reads the store as ``read(_:questionnaire:)`` does, with the same teams, periods and
    /// problems, but keeps only what ``Portfolio/of(_:period:)`` needs (`opmodel portfolio`).
    ///
    /// Each assessment is its ``Assessment/headerView`` (team, period, questionnaire), except the
    /// one a portfolio shows for each team — the latest, or the one for `period` — which is its
    /// ``Assessment/scoringView`` (answers and targets too). Files are read on every core by the
    /// lean ``AssessmentScanner`` (the full loader takes over for any file it is unsure of); every
    /// file is checked in full, but only the newest files of a folder keep their answers, so that
    /// memory does not grow with the number of quarters. `questionnaire` is given these views.
    public static func readForPortfolio(
        _ store: Workspace, period: Period?, questionnaire: (Assessment) throws -> Questionnaire?
    ) -> StoreHistory {
        let fileSystem = store.fileSystem
        let (folders, links) = store.teamFolderListing()
        let listings = ParallelMap.map(folders.count) { position in
            store.periodFileListing(inFolderAt: PathText.join(store.storeRoot, folders[position]))
        }
        let files = ParallelMap.map(folders.count) { position in
            let names = listings[position].files
            // File names are periods: answers are kept only for the files a portfolio can show.
            let newest = names.map(\.period).max()
            var reads = names.map { file in
                read(file) { path in
                    try DocumentLoader.loadScoringView(
                        at: path, fileSystem: fileSystem, scores: file.period == newest || file.period == period)
                }
            }
            let latest = reads.compactMap(\.assessment?.period).max()
            for index in reads.indices {
                guard let assessment = reads[index].assessment else { continue }
                if names[index].period != newest && names[index].period != period {
                    reads[index].detailed = false
                } else if assessment.period != latest && assessment.period != period {
                    reads[index].assessment = assessment.headerView
                    reads[index].detailed = false
                }
            }
            return reads
        }
        var detailed: Set<String> = []
        for reads in files {
            for read in reads where read.detailed { detailed.insert(read.path) }
        }
        var history = assemble(folders: folders, files: consume files) { _, assessment in
            try questionnaire(assessment)
        }
        history.findings = links + listings.flatMap(\.links) + history.findings
        // A file can lose its place after it was read (its questionnaire cannot be found, or a
        // copy in the team's own folder claims its team and period): the portfolio then shows an
        // earlier file of the folder, read again here with its answers.
        while true {
            let missing = history.folders.compactMap { folder -> StoredAssessment? in
                guard let pick = Portfolio.pick(history.teams[folder] ?? [], period: period),
                    !detailed.contains(pick.path)
                else { return nil }
                return pick
            }
            if missing.isEmpty { return history }
            let views = ParallelMap.map(missing.count) { position in
                Result { try DocumentLoader.loadScoringView(at: missing[position].path, fileSystem: fileSystem) }
            }
            for (stored, view) in zip(missing, views) {
                detailed.insert(stored.path)
                var list = history.teams[stored.folder] ?? []
                guard let position = list.firstIndex(where: { $0.path == stored.path }) else { continue }
                switch view {
                case .success(let assessment) where assessment.headerView == stored.assessment:
                    list[position].assessment = assessment
                case .success:
                    history.findings.append(
                        StoreFinding(
                            .changed, path: stored.path,
                            message: "\(stored.path): skipped: the file changed while the store was read"))
                    list.remove(at: position)
                case .failure(let error):
                    history.findings.append(
                        StoreFinding(
                            .unreadable, path: stored.path,
                            message: "\(stored.path): skipped: \(DataError.describe(error))"))
                    list.remove(at: position)
                }
                history.teams[stored.folder] = list.isEmpty ? nil : list
            }
        }
    }

    /// One `.json` file of a team folder whose name is a period.
    typealias FileName = Workspace.PeriodFile

    /// What one file holds, or why it is skipped.
    struct FileRead: Sendable {
        var path: String
        var assessment: Assessment?
        var problem: StoreFinding?
        /// False when only the header of the assessment was kept.
        var detailed = true
    }

    /// Reads one file with `load`; a file whose assessment is for another period than its name
    /// says is skipped.
    static func read(_ file: FileName, with load: (String) throws -> Assessment) -> FileRead {
        do {
            let assessment = try load(file.path)
            if assessment.period != file.period {
                let problem =
                    "\(file.path): the file name says \(file.period) but the assessment is for "
                    + "\(assessment.period); skipped"
                return FileRead(
                    path: file.path, problem: StoreFinding(.periodMismatch, path: file.path, message: problem))
            }
            return FileRead(path: file.path, assessment: assessment)
        } catch {
            return FileRead(
                path: file.path,
                problem: StoreFinding(
                    .unreadable, path: file.path, message: "\(file.path): skipped: \(DataError.describe(error))"))
        }
    }

    /// The history of the files read from each folder (`files[i]` from `folders[i]`, in file order).
    static func assemble(
        folders: [String], files: consuming [[FileRead]],
        questionnaire: (_ path: String, Assessment) throws -> Questionnaire?
    ) -> StoreHistory {
        // 1. Every file, in folder and file order: what it holds with its questionnaire, or why it
        //    was skipped. (Each read is moved out of `files`, not copied: on a large store the
        //    copies of thousands of assessments would cost more than the rest of this function.)
        typealias Entry = (stored: StoredAssessment?, problem: StoreFinding?, claim: String)
        var entries: [[Entry]] = []
        entries.reserveCapacity(folders.count)
        for (position, folder) in folders.enumerated() {
            var reads = files[position]
            files[position] = []
            reads.reverse()
            var list: [Entry] = []
            list.reserveCapacity(reads.count)
            while let read = reads.popLast() {
                guard let assessment = read.assessment else {
                    list.append((nil, read.problem, ""))
                    continue
                }
                do {
                    // nil: another questionnaire than the one asked for (`--questionnaire`), left out quietly.
                    guard let resolved = try questionnaire(read.path, assessment) else { continue }
                    // The same rules as every other command: a level off the scale is refused here
                    // too, never ranked (DESIGN §10.3).
                    let errors = AssessmentValidator.problems(assessment, questionnaire: resolved).filter {
                        $0.severity == .error
                    }
                    if !errors.isEmpty {
                        let error = DataError.problems(file: read.path, errors)
                        let message = "\(read.path): skipped: \(DataError.describe(error))"
                        list.append((nil, StoreFinding(.invalid(errors), path: read.path, message: message), ""))
                        continue
                    }
                    let claim = "\(Workspace.nameKey(assessment.team))@\(assessment.period)"
                    let stored = StoredAssessment(
                        path: read.path, folder: folder, assessment: assessment, questionnaire: resolved)
                    list.append((stored, nil, claim))
                } catch {
                    let message = "\(read.path): skipped: \(DataError.describe(error))"
                    list.append((nil, StoreFinding(.unreadable, path: read.path, message: message), ""))
                }
            }
            entries.append(list)
        }
        // 2. Two files claiming one team and period: the one in the team's own folder wins, else the
        //    first one read, so that a stray copy never pushes a team's own file out of its history.
        var claims: [String: String] = [:]
        var ownFolders: [String: [String]] = [:]
        for (folder, list) in zip(folders, entries) {
            for entry in list {
                guard let stored = entry.stored else { continue }
                let team = stored.assessment.team
                let own = ownFolders[team] ?? Workspace.candidateFolders(forTeam: team)
                ownFolders[team] = own
                if own.contains(folder), claims[entry.claim] == nil { claims[entry.claim] = stored.path }
            }
        }
        for list in entries {
            for entry in list where claims[entry.claim] == nil {
                if let stored = entry.stored { claims[entry.claim] = stored.path }
            }
        }
        // 3. Each folder's assessments by period; problems in folder order.
        var teams: [String: [StoredAssessment]] = [:]
        var problems: [StoreFinding] = []
        for (position, folder) in folders.enumerated() {
            var list = entries[position]
            entries[position] = []
            list.reverse()
            var found: [StoredAssessment] = []
            found.reserveCapacity(list.count)
            while let entry = list.popLast() {
                if let problem = entry.problem { problems.append(problem) }
                guard let stored = entry.stored else { continue }
                if let other = claims[entry.claim], other != stored.path {
                    let message =
                        "\(stored.path) and \(other) both claim team \"\(stored.assessment.team)\" for "
                        + "\(stored.assessment.period); \(stored.path) is skipped"
                    problems.append(StoreFinding(.duplicateClaim(other: other), path: stored.path, message: message))
                    continue
                }
                found.append(stored)
            }
            guard !found.isEmpty else { continue }
            found.sort { $0.assessment.period < $1.assessment.period }
            for (earlier, later) in zip(found, found.dropFirst()) {
                if earlier.assessment.team != later.assessment.team {
                    let message =
                        "\(folder): the team was renamed from \"\(earlier.assessment.team)\" "
                        + "(\(earlier.assessment.period)) to \"\(later.assessment.team)\" "
                        + "(\(later.assessment.period))"
                    problems.append(
                        StoreFinding(.renamedTeam, path: PathText.join(store(of: later.path), folder), message: message)
                    )
                }
            }
            teams[folder] = found
        }
        return StoreHistory(teams: teams, findings: problems)
    }
}

/// The store folder of an assessment at `<store>/<folder>/<period>.json`.
private func store(of path: String) -> String {
    PathText.folder(of: PathText.folder(of: path))
}

extension DataError {
    /// The message of any error met while reading a file.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DataError { return error.errorDescription ?? "\(error)" }
        if let error = error as? FileError { return error.errorDescription ?? "\(error)" }
        return "\(error)"
    }
}
