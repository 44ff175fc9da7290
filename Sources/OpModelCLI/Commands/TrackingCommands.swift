import OpModelKit

/// Output shared by the reports (`report`, `compare`, `trend`, `portfolio`).
enum TrackingOptions {
    /// With `--charts svg`: the chart's path beside `--output` and the link to it; nil otherwise.
    static func svgChart(suffix: String, arguments: ParsedArguments, context: CommandContext) throws
        -> (path: String, link: String)?
    {
        guard arguments[Options.charts] == "svg" else { return nil }
        guard let output = arguments[Options.output], !Workspace.isStandardOutput(output) else {
            throw CommandLineError(
                message: "--charts svg writes chart files beside the report: give --output PATH.",
                commandPath: context.commandPath)
        }
        let base = PathText.droppingExtension(output, ".md")
        return ("\(base)-\(suffix).svg", "\(PathText.name(of: base))-\(suffix).svg")
    }

    /// Writes `text` to `--output` (or standard output), with the chart files of `--charts svg`,
    /// telling the person where they went.
    static func emit(
        _ text: String, charts: [(text: String, path: String)] = [], arguments: ParsedArguments,
        context: CommandContext
    ) throws {
        try context.emit(charts.map { ($0.text, $0.path) } + [(text, arguments[Options.output])])
    }

    /// Every assessment of the store, each with its questionnaire; problems go to standard error.
    static func history(
        arguments: ParsedArguments, context: CommandContext,
        reader: (Workspace, (Assessment) throws -> Questionnaire?) -> StoreHistory = StoreHistory.read
    ) throws -> (StoreHistory, Workspace) {
        let store = context.workspace(arguments)
        guard store.exists else {
            throw CommandFailure(
                message:
                    "The store \(store.root ?? "") does not exist: run 'opmodel assess' first, or give --store DIR.",
                code: .noInput)
        }
        let locator = context.environment.locator
        // --questionnaire selects the assessments of one questionnaire: by id, or by a file, which
        // then reads them.
        var selected: (id: String, file: LocatedQuestionnaire?)?
        if let option = arguments[Options.questionnaire] {
            if locator.isPath(option) {
                let located = try locator.questionnaire(option)
                selected = (located.questionnaire.id, located)
            } else {
                selected = (option, nil)
            }
        }
        var cache: [String: Questionnaire] = [:]
        let history = reader(store) { assessment in
            if let selected, assessment.questionnaire.id != selected.id { return nil }
            if let file = selected?.file { return file.questionnaire }
            let key = "\(assessment.questionnaire.id)@\(assessment.questionnaire.version)"
            if let known = cache[key] { return known }
            let located = try locator.questionnaire(for: assessment.questionnaire, workspace: store, override: nil)
            cache[key] = located.questionnaire
            return located.questionnaire
        }
        return (history, store)
    }
}

/// `opmodel compare OLD NEW`: what moved between two assessments of a team.
struct CompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Compare two assessments of a team: domain deltas, questions that moved, gaps, steps, KPIs.",
        discussion: """
            OLD and NEW are assessment files, usually two quarters of one team. Each is read with the
            questionnaire version it was made with; questions are matched by id.
            """,
        arguments: [old, new],
        options: [format, Options.output, Options.questionnaire, Options.store])

    static let old = ArgumentSpec(name: "old", help: "The earlier assessment.")
    static let new = ArgumentSpec(name: "new", help: "The later assessment.")
    static let format = Options.format(["markdown", "json"])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        var old = try context.openAssessment(at: arguments[Self.old] ?? "", arguments)
        var new = try context.openAssessment(at: arguments[Self.new] ?? "", arguments)
        // Deltas between unrelated questions mean nothing: two questionnaires are refused.
        if old.assessment.questionnaire.id != new.assessment.questionnaire.id {
            throw DataError.other(
                file: new.path,
                message:
                    "made with the questionnaire \"\(new.assessment.questionnaire.id)\", but \(old.path) with "
                    + "\"\(old.assessment.questionnaire.id)\"; compare two assessments of one questionnaire")
        }
        if new.assessment.period < old.assessment.period {
            context.warn("\(new.path) is older than \(old.path); comparing them the other way round.")
            swap(&old, &new)
        }
        if old.assessment.period == new.assessment.period {
            context.warn("Both assessments are for \(new.assessment.period).")
        }
        if Workspace.nameKey(old.assessment.team) != Workspace.nameKey(new.assessment.team) {
            context.warn("Comparing two teams: \"\(old.assessment.team)\" and \"\(new.assessment.team)\".")
        }
        let comparison = Comparison.compare(
            old: old.assessment, oldQuestionnaire: old.questionnaire.questionnaire, new: new.assessment,
            newQuestionnaire: new.questionnaire.questionnaire)
        let text =
            arguments[Self.format] == "json"
            ? JSONWriter.prettyText(TrackingReports.comparisonJSON(comparison, team: new.assessment.team))
            : TrackingReports.comparisonMarkdown(comparison, team: new.assessment.team)
        try TrackingOptions.emit(text, arguments: arguments, context: context)
        return .success
    }
}

/// `opmodel trend --team NAME`: every quarter of one team.
struct TrendCommand: Command {
    static let spec = CommandSpec(
        name: "trend",
        abstract: "Show every quarter of a team: scores per domain, sparklines, a chart, progress to date.",
        discussion: """
            Reads <store>/<team>/*.json. Files that cannot be read are reported and skipped, never
            changed. --format text prints sparklines for a terminal.
            """,
        options: [Options.team.required, format, Options.output, Options.charts, Options.store, Options.questionnaire])

    static let format = Options.format(["markdown", "html", "json", "text"])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let team = arguments.nonEmpty(Options.team) else {
            throw CommandLineError(message: "The team's name is empty.", commandPath: context.commandPath)
        }
        let (history, store) = try TrackingOptions.history(arguments: arguments, context: context)
        // The team's name, or its folder in the store.
        let folder = history.teams[team] != nil ? team : store.folder(forTeam: team)
        for problem in history.problems where problem.contains("/\(folder)/") || problem.hasPrefix("\(folder):") {
            context.warn(problem)
        }
        guard let all = history.teams[folder], let latest = all.last else {
            let known = history.folders.joined(separator: ", ")
            throw CommandFailure(
                message: "No assessments of \"\(team)\" in \(PathText.join(store.root ?? ".", folder))."
                    + (known.isEmpty ? " The store is empty." : " Teams in the store: \(known)."),
                code: .noInput)
        }
        // One line never joins two questionnaires: the latest one's, or the one asked for.
        let assessments = all.filter { $0.questionnaire.id == latest.questionnaire.id }
        let others = Dictionary(grouping: all.filter { $0.questionnaire.id != latest.questionnaire.id }) {
            $0.questionnaire.id
        }
        for (id, left) in others.sorted(by: { $0.key < $1.key }) {
            context.warn(
                "\(Plural.count(left.count, "assessment")) of \(latest.assessment.team) made with \"\(id)\" "
                    + "\(left.count == 1 ? "is" : "are") not in this trend of \(latest.questionnaire.title); "
                    + "add --questionnaire \(id) to see \(left.count == 1 ? "it" : "them").")
        }
        guard let trend = Trend.of(assessments) else { return .noInput }
        let (low, high) = (
            Double(latest.questionnaire.minimumLevel), Double(latest.questionnaire.maximumLevel)
        )
        let text: String
        var charts: [(text: String, path: String)] = []
        switch arguments[Self.format] {
        case "json": text = JSONWriter.prettyText(TrackingReports.trendJSON(trend))
        case "text": text = TrackingReports.trendText(trend, low: low, high: high)
        case "html":
            let template = try context.environment.locator.template(named: "trend.html")
            text = try TrackingReports.html(
                template: template.text, templateName: template.source,
                context: TrackingReports.trendContext(trend, low: low, high: high, toolVersion: OpModel.version))
        default:
            if let chart = try TrackingOptions.svgChart(suffix: "trend", arguments: arguments, context: context) {
                charts.append((SVGCharts.trend(trend, low: low, high: high), chart.path))
                text = TrackingReports.trendMarkdown(trend, low: low, high: high, chartLink: chart.link)
            } else {
                text = TrackingReports.trendMarkdown(trend, low: low, high: high)
            }
        }
        try TrackingOptions.emit(text, charts: charts, arguments: arguments, context: context)
        return .success
    }
}

/// `opmodel portfolio`: the latest assessment of every team.
struct PortfolioCommand: Command {
    static let spec = CommandSpec(
        name: "portfolio",
        abstract: "Compare every team: a teams × domains heatmap, a ranking, and the most common gaps.",
        discussion: """
            Takes the latest assessment of each team in the store (or the one for --period). Files
            that cannot be read are listed and skipped, never changed.
            """,
        options: [period, format, Options.output, Options.charts, Options.store, Options.questionnaire])

    static let period = Options.period.help("Show this quarter instead of each team's latest.")
    static let format = Options.format(["markdown", "html", "json", "csv"])

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let period = try context.period(arguments, Self.period)
        // Only the scores of each team's latest (or --period) assessment are needed: the lean reader.
        let (history, _) = try TrackingOptions.history(arguments: arguments, context: context) { store, questionnaire in
            StoreHistory.readForPortfolio(store, period: period, questionnaire: questionnaire)
        }
        for problem in history.problems { context.warn(problem) }
        let portfolio = Portfolio.of(history, period: period)
        let text: String
        var charts: [(text: String, path: String)] = []
        switch arguments[Self.format] {
        case "json": text = JSONWriter.prettyText(TrackingReports.portfolioJSON(portfolio, problems: history.problems))
        case "csv": text = CSVExport.portfolio(portfolio)
        case "html":
            let template = try context.environment.locator.template(named: "portfolio.html")
            text = try TrackingReports.html(
                template: template.text, templateName: template.source,
                context: TrackingReports.portfolioContext(
                    portfolio, period: period, problems: history.problems, toolVersion: OpModel.version))
        default:
            // One heatmap per questionnaire: `-heatmap.svg`, or `-heatmap-<id>.svg` when there are several.
            var links: [String: String] = [:]
            for group in portfolio.groups {
                let suffix =
                    portfolio.groups.count == 1 ? "heatmap" : "heatmap-\(Workspace.safeFileComponent(group.id))"
                guard let chart = try TrackingOptions.svgChart(suffix: suffix, arguments: arguments, context: context)
                else { break }
                charts.append((SVGCharts.heatmap(group), chart.path))
                links[group.id] = chart.link
            }
            text = TrackingReports.portfolioMarkdown(
                portfolio, period: period, problems: history.problems, chartLinks: links)
        }
        try TrackingOptions.emit(text, charts: charts, arguments: arguments, context: context)
        return .success
    }
}
