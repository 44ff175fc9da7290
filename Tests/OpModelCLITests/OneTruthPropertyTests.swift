import Foundation
import OpModelKit
import OpModelTestSupport
import Testing

@testable import OpModelCLI

/// The property that ties every output together (issue 12, DESIGN §10.1): over seeded stores of
/// generated assessments (both shipped questionnaires and an imported lens, two teams and two
/// quarters each, with not-applicable and unanswered questions and votes), every output —
/// `score`, `score --json`, `report` as Markdown, JSON and CSV, `compare`, `trend` and
/// `portfolio` — shows each domain's score, label, target, gap, coverage and delta as the one
/// rule says: exact values to two decimals in JSON, and in human-readable text the value as
/// shown (one decimal, half away from zero) with everything derived from it.
///
/// The expected values are worked out here from ``ScoreCalculator``'s exact numbers with the
/// rule written out again in ``Rule`` (not with ``Formatting``), so that changing one formatter
/// turns this test red.
@Suite("One truth: every output agrees")
struct OneTruthPropertyTests {
    /// The documented rule, written out independently of the code under test.
    enum Rule {
        /// Half away from zero at `places` decimals, from the decimal a person would read.
        static func round(_ value: Double, _ places: Int) -> Double {
            let scale = places == 1 ? 10.0 : 100.0
            let scaled = (value * scale * 1e6).rounded() / 1e6  // 2.25 stays 2.25, not 2.2499…
            return (scaled >= 0 ? (scaled + 0.5).rounded(.down) : -((-scaled + 0.5).rounded(.down))) / scale
        }
        static func text(_ value: Double) -> String { String(format: "%.1f", round(value, 1)) }
        static func score(_ value: Double?) -> String { value.map(text) ?? "–" }
        static func delta(_ previous: Double?, _ current: Double?) -> String {
            guard let previous, let current else { return "–" }
            let value = round(round(current, 1) - round(previous, 1), 1)
            let shown = String(format: "%.1f", value)
            return value > 0.04 ? "+" + shown : (shown == "-0.0" ? "0.0" : shown)
        }
        static func gap(_ target: Int?, _ score: Double?) -> String {
            guard let target, let score else { return "–" }
            return String(format: "%.1f", max(0, round(Double(target) - round(score, 1), 1)))
        }
        static func percent(_ fraction: Double?) -> String {
            guard let fraction else { return "–" }
            return String(format: "%.0f", round(fraction * 100, 1).rounded(.toNearestOrAwayFromZero)) + "%"
        }
        /// The highest level at or below the shown score.
        static func label(_ score: Double, _ questionnaire: Questionnaire) -> String {
            let shown = round(score, 1)
            return questionnaire.scale.sorted { $0.level < $1.level }.last { Double($0.level) <= shown + 1e-9 }?.name
                ?? questionnaire.scale.first?.name ?? ""
        }
        static func json(_ value: Double?) -> Double? { value.map { round($0, 2) } }
        /// `○◔◑◕●` by the quarter of the scale the shown value falls in.
        static func glyph(_ value: Double?, _ low: Double, _ high: Double) -> String {
            guard let value else { return "·" }
            let fraction = min(max((round(value, 1) - low) / (high - low), 0), 1)
            return ["○", "◔", "◑", "◕", "●"][Int(round(fraction * 4, 1).rounded(.toNearestOrAwayFromZero))]
        }
    }

    // MARK: - Generated stores

    static let lensText = WorkspaceSafetyTests.lensText.replacingOccurrences(
        of: "\"pillars\": [",
        with: """
            "pillars": [
              {"id": "sec", "name": "Security", "questions": [
                {"id": "s1", "title": "Are keys rotated?", "description": "About s1.",
                 "choices": [{"id": "s1_a", "title": "Rotation", "improvementPlan": {"displayText": "Rotate."}},
                             {"id": "s1_b", "title": "Alerts", "improvementPlan": {"displayText": "Alert."}},
                             {"id": "s1_no", "title": "None of these"}],
                 "riskRules": [{"condition": "s1_a && s1_b", "risk": "NO_RISK"},
                               {"condition": "s1_a || s1_b", "risk": "MEDIUM_RISK"},
                               {"condition": "default", "risk": "HIGH_RISK"}]}]},
            """)

    static func questionnaires() throws -> [Questionnaire] {
        let locator = ResourceLocator(searchFolders: [CLIFixtures.repositoryRoot], fileSystem: LocalFileSystem())
        let lens = try AWSLensImporter.importLens(bytes: Array(lensText.utf8), file: "lens.json", id: nil).0
        return [
            try locator.questionnaire("cloud-operating-model").questionnaire,
            try locator.questionnaire("genai-readiness").questionnaire, lens,
        ]
    }

    /// One generated assessment: every question answered, not applicable or left open; votes
    /// sometimes; a target for most domains.
    static func assessment(
        team: String, period: String, questionnaire: Questionnaire, random: inout SplitMix64
    ) -> Assessment {
        var assessment = Assessment(
            id: "\(team)-\(period)", organization: "Acme", team: team, period: Period(period) ?? .earliest,
            questionnaire: QuestionnaireReference(id: questionnaire.id, version: questionnaire.version),
            createdAt: "2026-11-01T09:00:00Z")
        let voters = random.below(4)
        assessment.participants = (0..<voters).map { Participant(id: "v\($0)", name: "Voter \($0)") }
        let levels = questionnaire.levelRange
        for question in questionnaire.allQuestions {
            switch random.below(10) {
            case 0: assessment.discover.answers[question.id] = .notApplicable(reason: "out of scope")
            case 1: continue
            default:
                if question.effectiveKind == .choices {
                    let choices = (question.choices ?? []).map(\.id).filter { _ in random.chance(1, in: 2) }
                    assessment.discover.answers[question.id] = Answer(choices: choices)
                } else {
                    var answer = Answer.level(levels.lowerBound + random.below(levels.count))
                    if voters >= 2 {
                        answer.votes = Dictionary(
                            uniqueKeysWithValues: assessment.participants.map {
                                ($0.id, levels.lowerBound + random.below(levels.count))
                            })
                    }
                    assessment.discover.answers[question.id] = answer
                }
            }
        }
        for domain in questionnaire.domains where random.below(5) > 0 {
            assessment.build.targets[domain.id] = levels.lowerBound + random.below(levels.count)
        }
        assessment.phase = .complete
        return assessment
    }

    struct Store {
        var sandbox: Sandbox
        var questionnaire: Questionnaire
        /// Each team's two quarters, in order.
        var teams: [(name: String, quarters: [(path: String, assessment: Assessment)])]
    }

    static func store(_ index: Int, questionnaire: Questionnaire) throws -> Store {
        var random = SplitMix64(seed: FuzzSettings.seed &+ UInt64(index) &* 7919)
        let sandbox = Sandbox()
        let workspace = Workspace(root: sandbox.store, fileSystem: LocalFileSystem())
        try workspace.keepQuestionnaireCopy(questionnaire, text: try DocumentWriter.text(of: questionnaire))
        var teams: [(String, [(String, Assessment)])] = []
        for team in ["Alpha \(index)", "Beta \(index)"] {
            var quarters: [(String, Assessment)] = []
            for period in ["2026-Q4", "2027-Q1"] {
                let generated = Self.assessment(
                    team: team, period: period, questionnaire: questionnaire, random: &random)
                let path = workspace.assessmentPath(team: team, period: generated.period)
                try FileManager.default.createDirectory(
                    atPath: PathText.folder(of: path), withIntermediateDirectories: true)
                try workspace.save(generated, to: path)
                quarters.append((path, generated))
            }
            teams.append((team, quarters))
        }
        return Store(sandbox: sandbox, questionnaire: questionnaire, teams: teams)
    }

    // MARK: - Reading outputs

    /// The rows of the Markdown table whose header row starts with `header`, as cells.
    static func table(_ markdown: String, header: String) -> [[String]] {
        var rows: [[String]] = []
        var inside = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(header) {
                inside = true
                continue
            }
            guard inside else { continue }
            guard line.hasPrefix("|") else {
                if !rows.isEmpty { break }
                continue
            }
            if line.hasPrefix("| ---") { continue }
            rows.append(
                line.dropFirst().dropLast().components(separatedBy: " | ").map {
                    $0.trimmingCharacters(in: .whitespaces)
                })
        }
        return rows
    }

    static func row(_ rows: [[String]], _ name: String) -> [String]? {
        rows.first { $0.first == MarkdownEscaping.inline(name) }
    }

    static func run(_ arguments: [String], in sandbox: Sandbox) -> String {
        let result = CLIFixtures.run(arguments, in: sandbox)
        #expect(result.code == .success, "\(arguments): \(result.errors)")
        return result.output
    }

    // MARK: - The property

    @Test func everyOutputShowsTheSameNumbersUnderTheOneRule() throws {
        let questionnaires = try Self.questionnaires()
        let stores = FuzzSettings.integer("OPMODEL_TRUTH_STORES", default: 51)
        var checked = 0
        for index in 0..<stores {
            let store = try Self.store(index, questionnaire: questionnaires[index % questionnaires.count])
            checked += try Self.check(store)
        }
        #expect(checked >= 200, "only \(checked) assessments were checked")
    }

    /// Checks every output over one store; returns the number of assessments checked.
    static func check(_ store: Store) throws -> Int {
        let sandbox = store.sandbox
        let questionnaire = store.questionnaire
        let low = Double(questionnaire.minimumLevel)
        let high = Double(questionnaire.maximumLevel)
        let label = "\(questionnaire.id), store \(sandbox.root)"
        let portfolioJSON = try JSONParser.parse(
            Self.run(["portfolio", "--store", sandbox.store, "--format", "json"], in: sandbox))
        let portfolioMarkdown = Self.run(["portfolio", "--store", sandbox.store], in: sandbox)
        let heatmap = Self.table(portfolioMarkdown, header: "| Rank | Team | Overall | Coverage | Period |")
        for team in store.teams {
            let (old, new) = (team.quarters[0], team.quarters[1])
            let card = ScoreCalculator.score(new.assessment, questionnaire: questionnaire, previous: old.assessment)
            let oldCard = ScoreCalculator.score(old.assessment, questionnaire: questionnaire)

            // score --json and the report's JSON context: exact values to two decimals.
            let scoreJSON = try JSONParser.parse(Self.run(["score", new.path, "--json"], in: sandbox))
            let context = try JSONParser.parse(Self.run(["report", new.path, "--format", "json"], in: sandbox))
            for json in [scoreJSON, context["scores"] ?? .null] {
                for (position, domain) in card.domains.enumerated() {
                    let list = json["domains"]?.arrayValue ?? []
                    let entry: JSONValue? = position < list.count ? list[position] : nil
                    #expect(entry?["id"]?.stringValue == domain.id, "\(label)")
                    #expect(entry?["score"]?.numberValue == Rule.json(domain.score), "\(label) \(domain.id) score")
                    #expect(entry?["gap"]?.numberValue == Rule.json(domain.gap), "\(label) \(domain.id) gap")
                    #expect(entry?["coverage"]?.numberValue == Rule.json(domain.coverage), "\(label) coverage")
                    #expect(entry?["delta"]?.numberValue == Rule.json(domain.delta), "\(label) \(domain.id) delta")
                    #expect(entry?["target"]?.numberValue == domain.target.map(Double.init), "\(label) target")
                    if let score = domain.score {
                        #expect(entry?["label"]?.stringValue == Rule.label(score, questionnaire), "\(label) label")
                    }
                }
            }

            // score in the terminal.
            let terminal = Self.run(["score", new.path], in: sandbox)
            for domain in card.domains {
                guard let line = terminal.split(separator: "\n").first(where: { $0.hasPrefix(domain.name + " ") })
                else {
                    Issue.record("\(label): no row for \(domain.name) in score")
                    continue
                }
                let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                if let score = domain.score {
                    #expect(
                        line.contains(" \(Rule.text(score)) \(Rule.label(score, questionnaire))"), "\(label) \(line)")
                    #expect(
                        line.contains(Self.bar(score, low, high)), "\(label) bar of \(Rule.text(score)): \(line)")
                }
                #expect(cells.contains(Rule.gap(domain.target, domain.score)), "\(label) gap: \(line)")
                #expect(cells.contains(Rule.percent(domain.coverage)), "\(label) coverage: \(line)")
                if domain.delta != nil {
                    #expect(
                        cells.last == Rule.delta(domain.previousScore, domain.score), "\(label) delta: \(line)")
                }
            }

            // The report: the summary table, the maturity table, and "Since last quarter".
            let report = Self.run(["report", new.path], in: sandbox)
            let summary = Self.table(report, header: "| Domain | Current | Target | Gap | Coverage |")
            let maturity = Self.table(report, header: "| Domain | Score | Level | Maturity |")
            let since = Self.table(report, header: "| Domain | \(old.assessment.period) | Now | Change |")
            for domain in card.domains {
                let current =
                    domain.score.map { "\(Rule.text($0)) \(Rule.label($0, questionnaire))" } ?? "not assessed"
                let row = Self.row(summary, domain.name)
                #expect(row?[1] == current, "\(label) report summary \(domain.name): \(row ?? [])")
                #expect(row?[2] == domain.target.map(String.init) ?? "–", "\(label) report target")
                #expect(row?[3] == Rule.gap(domain.target, domain.score), "\(label) report gap \(row ?? [])")
                #expect(row?[4] == Rule.percent(domain.coverage), "\(label) report coverage")
                if let score = domain.score, let row = Self.row(maturity, domain.name) {
                    #expect(row[1] == Rule.text(score) && row[2] == Rule.label(score, questionnaire), "\(label)")
                    #expect(row[3] == "`\(Self.bar(score, low, high))`", "\(label) report bar \(row)")
                }
                if domain.delta != nil {
                    let change = Self.row(since, domain.name)
                    #expect(
                        change?[3] == Rule.delta(domain.previousScore, domain.score),
                        "\(label) since last quarter \(change ?? [])")
                }
            }

            // The report as CSV: each question's level and the domain target it is judged against.
            let csv = try CSVReader.parse(Self.run(["report", new.path, "--format", "csv"], in: sandbox))
            #expect(csv.count == questionnaire.allQuestions.count + 1, "\(label) csv rows")

            // compare: the deltas of the domains.
            let compare = Self.run(["compare", old.path, new.path], in: sandbox)
            let domains = Self.table(
                compare, header: "| Domain | \(old.assessment.period) | \(new.assessment.period) | Delta |")
            for (domain, previous) in zip(card.domains, oldCard.domains) {
                let row = Self.row(domains, domain.name)
                #expect(row?[1] == previous.score.map(Rule.text) ?? "not assessed", "\(label) compare old")
                #expect(row?[2] == domain.score.map(Rule.text) ?? "not assessed", "\(label) compare new")
                #expect(row?[3] == Rule.delta(previous.score, domain.score), "\(label) compare delta \(row ?? [])")
            }

            // trend: both quarters, as JSON and as Markdown.
            let trendJSON = try JSONParser.parse(
                Self.run(["trend", "--team", team.name, "--store", sandbox.store, "--format", "json"], in: sandbox))
            let trendMarkdown = Self.run(["trend", "--team", team.name, "--store", sandbox.store], in: sandbox)
            let trendRows = Self.table(trendMarkdown, header: "| Domain | 2026-Q4 | 2027-Q1 |")
            for (domain, previous) in zip(card.domains, oldCard.domains) {
                let periods = trendJSON["periods"]?.arrayValue ?? []
                #expect(periods.first?["domains"]?[domain.id]?.numberValue == Rule.json(previous.score), "\(label)")
                #expect(periods.last?["domains"]?[domain.id]?.numberValue == Rule.json(domain.score), "\(label)")
                let row = Self.row(trendRows, domain.name)
                #expect(row?[1] == previous.score.map(Rule.text) ?? "not assessed", "\(label) trend \(row ?? [])")
                #expect(row?[2] == domain.score.map(Rule.text) ?? "not assessed", "\(label) trend \(row ?? [])")
            }

            // portfolio: the team's latest quarter, with glyphs from the shown values.
            let teams = portfolioJSON["teams"]?.arrayValue ?? []
            let entry = teams.first { $0["team"]?.stringValue == team.name }
            // Rank, Team, Overall, Coverage, Period, then one cell per domain.
            let cells = heatmap.first { $0.count > 1 && $0[1] == MarkdownEscaping.inline(team.name) } ?? []
            for (position, domain) in card.domains.enumerated() {
                #expect(entry?["domains"]?[domain.id]?.numberValue == Rule.json(domain.score), "\(label) portfolio")
                let cell = cells.count > position + 5 ? cells[position + 5] : "missing"
                #expect(
                    cell == "\(Rule.glyph(domain.score, low, high)) \(Rule.score(domain.score))",
                    "\(label) portfolio cell \(cell) for \(String(describing: domain.score))")
            }
        }
        return store.teams.count * 2
    }

    /// Ten cells of `█`/`░` for the shown value's place on the scale.
    static func bar(_ value: Double, _ low: Double, _ high: Double) -> String {
        let fraction = min(max((Rule.round(value, 1) - low) / (high - low), 0), 1)
        let filled = Int(Rule.round(fraction * 10, 1).rounded(.toNearestOrAwayFromZero))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: 10 - filled)
    }
}
