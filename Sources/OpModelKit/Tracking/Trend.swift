/// Every period of one team, with scores per domain (`opmodel trend --team NAME`).
public struct Trend: Sendable {
    /// One assessed period.
    public struct Point: Sendable, Equatable {
        /// The quarter.
        public var period: Period
        /// The overall score.
        public var overall: Double?
        /// Scores by domain id.
        public var domains: [String: Double]
        /// Overall coverage.
        public var coverage: Double?
    }

    /// The team's name in its latest assessment.
    public var team: String
    /// The questionnaire of the line (of its latest assessment): id, version and title.
    public var questionnaire: (id: String, version: String, title: String) = ("", "", "")
    /// Domains (id and name) of the latest questionnaire, in order.
    public var domains: [(id: String, name: String)]
    /// Targets by domain id, from the latest assessment.
    public var targets: [String: Int]
    /// The overall target of the latest assessment, weighted as the overall score is (DESIGN §3).
    public var overallTarget: Double? = nil
    /// The periods in order.
    public var points: [Point]
    /// Quarters with no assessment between the first and the last.
    public var missingPeriods: [Period]

    /// Progress to date of a domain (or of the overall score when `domain` is nil): from the
    /// first assessment (the baseline) to the latest, against the latest target (DESIGN §3).
    public func progressToDate(domain: String?) -> Double? {
        guard let first = points.first, let last = points.last, points.count > 1 else { return nil }
        if let domain {
            let target = targets[domain].map(Double.init)
            return ScoreCalculator.progress(
                current: last.domains[domain], baseline: first.domains[domain], target: target)
        }
        return ScoreCalculator.progress(current: last.overall, baseline: first.overall, target: overallTarget)
    }

    /// The trend of the assessments of one team, oldest first.
    public static func of(_ history: [StoredAssessment]) -> Trend? {
        guard let latest = history.last else { return nil }
        var points: [Point] = []
        var overallTarget: Double?
        for stored in history {
            let card = ScoreCalculator.score(stored.assessment, questionnaire: stored.questionnaire)
            let scores = card.domainScores
            overallTarget = card.overall.target
            points.append(
                Point(
                    period: stored.assessment.period, overall: card.overall.score, domains: scores,
                    coverage: card.overall.coverage))
        }
        var missing: [Period] = []
        if let first = points.first?.period {
            let present = Set(points.map(\.period))
            var period = first
            while period < latest.assessment.period {
                if !present.contains(period) { missing.append(period) }
                period = period.next
            }
        }
        return Trend(
            team: latest.assessment.team,
            questionnaire: (latest.questionnaire.id, latest.questionnaire.version, latest.questionnaire.title),
            domains: latest.questionnaire.domains.map { ($0.id, $0.name) }, targets: latest.assessment.build.targets,
            overallTarget: overallTarget, points: points, missingPeriods: missing)
    }

}

/// The latest assessment of every team side by side (`opmodel portfolio`), one group per
/// questionnaire: teams assessed with different questionnaires are never ranked together.
public struct Portfolio: Sendable {
    /// One team's row.
    public struct Row: Sendable, Equatable {
        /// The team's name.
        public var team: String
        /// The period of the assessment shown.
        public var period: Period
        /// Scores by domain id.
        public var domains: [String: Double]
        /// The overall score.
        public var overall: Double?
        /// Overall coverage.
        public var coverage: Double?
        /// The assessment file.
        public var path: String
    }

    /// A question below target in several teams: a candidate for an organisation-wide initiative.
    public struct CommonGap: Sendable, Equatable {
        /// The question's id.
        public var id: String
        /// The question's text.
        public var text: String
        /// Its domain's name.
        public var domainName: String
        /// How many teams answered it below their target.
        public var teams: Int
        /// The mean gap across those teams.
        public var meanGap: Double
    }

    /// The teams assessed with one questionnaire.
    public struct Group: Sendable {
        /// The questionnaire's id.
        public var id: String
        /// The newest version its teams were assessed with.
        public var version: String
        /// Its title.
        public var title: String
        /// The lowest and highest level of its scale.
        public var scale: (low: Double, high: Double)
        /// Domains (id, name) of the newest version, in order.
        public var domains: [(id: String, name: String)]
        /// Teams ranked by overall score (highest first; not assessed last), then by name.
        public var rows: [Row]
        /// Questions most often below target, most teams first.
        public var commonGaps: [CommonGap]
    }

    /// The groups, the questionnaire with the most teams first (then by id).
    public var groups: [Group]

    /// Every team's row, group by group.
    public var rows: [Row] { groups.flatMap(\.rows) }

    /// The assessment of a team that a portfolio shows: the latest, or the one for `period`.
    static func pick(_ assessments: [StoredAssessment], period: Period?) -> StoredAssessment? {
        period.map { wanted in assessments.last { $0.assessment.period == wanted } } ?? assessments.last
    }

    /// The portfolio of the latest assessment of each team, or of `period` only when given.
    public static func of(_ history: StoreHistory, period: Period?) -> Portfolio {
        var chosen: [String: [StoredAssessment]] = [:]
        for folder in history.folders {
            let assessments = history.teams[folder] ?? []
            if let pick = pick(assessments, period: period) { chosen[pick.questionnaire.id, default: []].append(pick) }
        }
        let groups = chosen.values.map(group).sorted { ($0.rows.count, $1.id) > ($1.rows.count, $0.id) }
        return Portfolio(groups: groups)
    }

    /// The group of the teams of one questionnaire.
    static func group(_ chosen: [StoredAssessment]) -> Group {
        var rows: [Row] = []
        var gapCounts: [String: (text: String, domain: String, teams: Int, total: Double)] = [:]
        for stored in chosen {
            let card = ScoreCalculator.score(stored.assessment, questionnaire: stored.questionnaire)
            rows.append(
                Row(
                    team: stored.assessment.team, period: stored.assessment.period, domains: card.domainScores,
                    overall: card.overall.score, coverage: card.overall.coverage, path: stored.path))
            for domain in stored.questionnaire.domains {
                for question in domain.questions {
                    let state = AnswerState(question: question, answer: stored.assessment.discover.answers[question.id])
                    guard let level = state.level,
                        let target = question.target ?? stored.assessment.build.targets[domain.id], level < target
                    else { continue }
                    var entry = gapCounts[question.id] ?? (question.text, domain.name, 0, 0)
                    entry.teams += 1
                    entry.total += Double(target - level)
                    gapCounts[question.id] = entry
                }
            }
        }
        rows.sort { left, right in
            switch (left.overall, right.overall) {
            case (let l?, let r?) where l != r: return l > r
            case (nil, .some): return false
            case (.some, nil): return true
            default: return left.team < right.team
            }
        }
        let common = gapCounts.map { id, entry in
            CommonGap(
                id: id, text: entry.text, domainName: entry.domain, teams: entry.teams,
                meanGap: entry.total / Double(entry.teams))
        }.filter { $0.teams >= 2 || chosen.count == 1 }
            .sorted { ($0.teams, $0.meanGap, $1.id) > ($1.teams, $1.meanGap, $0.id) }
        // The newest version in the group names it and gives its domains.
        let newest = chosen.map(\.questionnaire).max { Version.precedes($0.version, $1.version) }
        let questionnaire = newest ?? chosen[0].questionnaire
        return Group(
            id: questionnaire.id, version: questionnaire.version, title: questionnaire.title,
            scale: (Double(questionnaire.minimumLevel), Double(questionnaire.maximumLevel)),
            domains: questionnaire.domains.map { ($0.id, $0.name) }, rows: rows, commonGaps: Array(common.prefix(10)))
    }
}

/// Version strings compared as people read them: `1.10.0` after `1.9.0`.
enum Version {
    /// Whether `left` comes before `right`: numeric parts compared as numbers, others as text.
    static func precedes(_ left: String, _ right: String) -> Bool {
        let a = left.split(separator: ".")
        let b = right.split(separator: ".")
        for (x, y) in zip(a, b) where x != y {
            if let m = Int(x), let n = Int(y) { return m < n }
            return x < y
        }
        return a.count < b.count
    }
}
