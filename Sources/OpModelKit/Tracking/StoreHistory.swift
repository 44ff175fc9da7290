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
    /// Problems met while reading: unreadable files, duplicates and renamed teams (gaps between
    /// quarters are reported by ``Trend``).
    public var problems: [String]

    /// Team folders in name order.
    public var folders: [String] { teams.keys.sorted() }

    /// Reads every `<folder>/<YYYY-Qn>.json` of `store`; `questionnaire` finds the questionnaire
    /// of each assessment (throwing when it cannot be found).
    public static func read(
        _ store: Store, questionnaire: (Assessment) throws -> Questionnaire
    ) -> StoreHistory {
        let fileSystem = store.fileSystem
        let folders = ((try? fileSystem.contentsOfDirectory(at: store.root)) ?? []).filter {
            $0 != Store.questionnairesFolder && !$0.hasPrefix(".")
                && fileSystem.directoryExists(at: "\(store.root)/\($0)")
        }.sorted()
        // 1. Every file, in folder and file order: what it holds, or why it was skipped.
        var files: [(folder: String, stored: StoredAssessment?, problem: String?)] = []
        for folder in folders {
            let names = (try? fileSystem.contentsOfDirectory(at: "\(store.root)/\(folder)")) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                let path = "\(store.root)/\(folder)/\(name)"
                guard let filePeriod = Period(String(name.dropLast(5))) else { continue }
                do {
                    let assessment = try DocumentLoader.loadAssessment(at: path, fileSystem: fileSystem)
                    if assessment.period != filePeriod {
                        let problem =
                            "\(path): the file name says \(filePeriod) but the assessment is for "
                            + "\(assessment.period); skipped"
                        files.append((folder, nil, problem))
                        continue
                    }
                    let stored = StoredAssessment(
                        path: path, folder: folder, assessment: assessment,
                        questionnaire: try questionnaire(assessment))
                    files.append((folder, stored, nil))
                } catch {
                    files.append((folder, nil, "\(path): skipped: \(DataError.describe(error))"))
                }
            }
        }
        // 2. Two files claiming one team and period: the one in the team's own folder wins, else the
        //    first one read, so that a stray copy never pushes a team's own file out of its history.
        func claim(_ stored: StoredAssessment) -> String {
            "\(stored.assessment.team.lowercased())@\(stored.assessment.period)"
        }
        let readable = files.compactMap(\.stored)
        var claims: [String: String] = [:]
        for stored in readable where stored.folder == Store.slug(for: stored.assessment.team) {
            claims[claim(stored)] = claims[claim(stored)] ?? stored.path
        }
        for stored in readable where claims[claim(stored)] == nil {
            claims[claim(stored)] = stored.path
        }
        // 3. Each folder's assessments by period; problems in folder order.
        var teams: [String: [StoredAssessment]] = [:]
        var problems: [String] = []
        for folder in folders {
            var found: [StoredAssessment] = []
            for file in files where file.folder == folder {
                if let problem = file.problem { problems.append(problem) }
                guard let stored = file.stored else { continue }
                if let other = claims[claim(stored)], other != stored.path {
                    problems.append(
                        "\(stored.path) and \(other) both claim team \"\(stored.assessment.team)\" for "
                            + "\(stored.assessment.period); \(stored.path) is skipped")
                    continue
                }
                found.append(stored)
            }
            guard !found.isEmpty else { continue }
            found.sort { $0.assessment.period < $1.assessment.period }
            for (earlier, later) in zip(found, found.dropFirst()) {
                if earlier.assessment.team != later.assessment.team {
                    problems.append(
                        "\(folder): the team was renamed from \"\(earlier.assessment.team)\" "
                            + "(\(earlier.assessment.period)) to \"\(later.assessment.team)\" (\(later.assessment.period))"
                    )
                }
            }
            teams[folder] = found
        }
        return StoreHistory(teams: teams, problems: problems)
    }
}

extension DataError {
    /// The message of any error met while reading a file.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DataError { return error.errorDescription ?? "\(error)" }
        if let error = error as? FileError { return error.errorDescription ?? "\(error)" }
        return "\(error)"
    }
}
