/// Markdown and JSON for `compare`, `trend` and `portfolio` (issue "Quarter after quarter").
public enum TrackingReports {
    // Numbers look as ``Formatting`` says, in every output.
    static func score(_ value: Double?) -> String { Formatting.score(value, none: "not assessed") }
    static func delta(from previous: Double?, to current: Double?) -> String {
        Formatting.deltaText(from: previous, to: current)
    }
    static func number(_ value: Double?) -> JSONValue { Formatting.exportNumber(value) }
    static func measure(_ value: Double?, unit: String?) -> String { Formatting.measure(value, unit: unit) }

    // MARK: - Compare

    /// The Markdown comparison of two assessments of `team`.
    public static func comparisonMarkdown(_ comparison: Comparison, team: String) -> String {
        var document = MarkdownDocument()
        document.heading(1, "What moved: \(team), \(comparison.previousPeriod) → \(comparison.currentPeriod)")
        var summary = [
            "Overall maturity: \(score(comparison.previousOverall)) → \(score(comparison.currentOverall)) "
                + "(\(delta(from: comparison.previousOverall, to: comparison.currentOverall)))."
        ]
        if comparison.quartersApart != 1 {
            summary.append(
                "The assessments are \(comparison.quartersApart) quarters apart; "
                    + "deltas cover the whole span, not one quarter.")
        }
        summary.append(
            "\(Plural.count(comparison.movedUp.count, "question")) moved up, "
                + "\(comparison.movedDown.count) moved down; \(Plural.count(comparison.gapsClosed.count, "gap")) "
                + "closed, \(comparison.gapsOpened.count) opened; "
                + "\(Plural.count(comparison.stepsCompleted.count, "roadmap step")) completed.")
        document.bullets(summary)

        document.heading(2, "Domains")
        var domains = MarkdownTable(["Domain", "\(comparison.previousPeriod)", "\(comparison.currentPeriod)", "Delta"])
        for domain in comparison.domains {
            domains.addRaw([
                MarkdownEscaping.inline(domain.name), score(domain.previous), score(domain.current),
                delta(from: domain.previous, to: domain.current),
            ])
        }
        document.table(domains)

        for (title, changes) in [
            ("Questions that moved up", comparison.movedUp),
            ("Questions that moved down", comparison.movedDown),
        ] {
            document.heading(2, title)
            if changes.isEmpty {
                document.paragraph("None.")
                continue
            }
            var table = MarkdownTable(["Question", "Domain", "Level", "Note"])
            for change in changes {
                table.add([
                    "\(change.id): \(change.text)", change.domainName, "\(change.from) → \(change.to)",
                    change.note ?? "–",
                ])
            }
            document.table(table)
        }

        document.heading(2, "Gaps and steps")
        document.bullets([
            "Gaps closed: " + list(comparison.gapsClosed),
            "Gaps opened: " + list(comparison.gapsOpened),
            "Steps completed: " + list(comparison.stepsCompleted),
        ])

        document.heading(2, "KPIs")
        if comparison.kpis.isEmpty {
            document.paragraph("No KPIs are linked to outcomes.")
        } else {
            var kpis = MarkdownTable([
                "KPI", "\(comparison.previousPeriod)", "\(comparison.currentPeriod)", "Interim target", "Status",
            ])
            for kpi in comparison.kpis {
                kpis.add([
                    kpi.name, measure(kpi.previous, unit: kpi.unit), measure(kpi.current, unit: kpi.unit),
                    measure(kpi.interimTarget, unit: kpi.unit), kpi.status?.rawValue ?? "no actual",
                ])
            }
            document.table(kpis)
            document.paragraph(kpiRuleText)
        }
        return document.text
    }

    /// How KPI statuses are decided, for every report that shows them.
    public static let kpiRuleText =
        "KPI status: on track when the actual meets the interim target (the straight line from the baseline "
        + "to the target by its due quarter); at risk when it moved at least half as far as expected; off track "
        + "when it moved less than that or the wrong way."

    static func list(_ ids: [String]) -> String {
        ids.isEmpty ? "none" : ids.map(MarkdownEscaping.inline).joined(separator: ", ")
    }

    /// The comparison as JSON.
    public static func comparisonJSON(_ comparison: Comparison, team: String) -> JSONValue {
        func change(_ change: Comparison.QuestionChange) -> JSONValue {
            [
                "id": .string(change.id), "domain": .string(change.domainName), "text": .string(change.text),
                "from": .number(Double(change.from)), "to": .number(Double(change.to)),
                "note": change.note.map(JSONValue.string) ?? .null,
            ]
        }
        return [
            "team": .string(team),
            "previous": .string(comparison.previousPeriod.description),
            "current": .string(comparison.currentPeriod.description),
            "quartersApart": .number(Double(comparison.quartersApart)),
            "overall": [
                "previous": number(comparison.previousOverall), "current": number(comparison.currentOverall),
                "delta": number(
                    comparison.currentOverall.flatMap { now in comparison.previousOverall.map { now - $0 } }),
            ],
            "domains": .array(
                comparison.domains.map {
                    [
                        "id": .string($0.id), "name": .string($0.name), "previous": number($0.previous),
                        "current": number($0.current), "delta": number($0.delta),
                    ]
                }),
            "movedUp": .array(comparison.movedUp.map(change)),
            "movedDown": .array(comparison.movedDown.map(change)),
            "gapsClosed": .array(comparison.gapsClosed.map(JSONValue.string)),
            "gapsOpened": .array(comparison.gapsOpened.map(JSONValue.string)),
            "stepsCompleted": .array(comparison.stepsCompleted.map(JSONValue.string)),
            "kpis": .array(
                comparison.kpis.map {
                    [
                        "id": .string($0.id), "name": .string($0.name), "previous": number($0.previous),
                        "current": number($0.current), "interimTarget": number($0.interimTarget),
                        "status": $0.status.map { .string($0.rawValue) } ?? .null,
                    ]
                }),
        ]
    }

    // MARK: - Trend

    /// The Markdown trend of one team.
    public static func trendMarkdown(_ trend: Trend, low: Double, high: Double, chartLink: String? = nil) -> String {
        var document = MarkdownDocument()
        document.heading(1, "Trend: \(trend.team)")
        let periods = trend.points.map(\.period.description)
        var notes = [
            "\(Plural.count(trend.points.count, "assessment")) from \(periods.first ?? "–") "
                + "to \(periods.last ?? "–")."
        ]
        if !trend.missingPeriods.isEmpty {
            notes.append("No assessment for " + trend.missingPeriods.map(\.description).joined(separator: ", ") + ".")
        }
        if let progress = trend.progressToDate(domain: nil) {
            notes.append(
                "Progress to date: \(Rounding.percent(progress)) of the way from the first assessment to the target.")
        }
        document.bullets(notes)

        var table = MarkdownTable(["Domain"] + periods + ["Trend", "Target", "Progress to date"])
        for domain in trend.domains {
            let series = trend.points.map { $0.domains[domain.id] }
            table.addRaw(
                [MarkdownEscaping.inline(domain.name)] + series.map { score($0) }
                    + [
                        "`\(Formatting.sparkline(series, low: low, high: high))`",
                        trend.targets[domain.id].map(String.init) ?? "–",
                        trend.progressToDate(domain: domain.id).map(Rounding.percent) ?? "–",
                    ])
        }
        let overall = trend.points.map(\.overall)
        table.addRaw(
            ["**Overall**"] + overall.map { score($0) }
                + [
                    "`\(Formatting.sparkline(overall, low: low, high: high))`",
                    trend.overallTarget.map { Rounding.text($0) } ?? "–",
                    trend.progressToDate(domain: nil).map(Rounding.percent) ?? "–",
                ])
        document.table(table)

        if let chartLink {
            document.paragraph("![Maturity by quarter](\(chartLink))")
        } else if trend.points.count > 1 {
            // The vertical axis spans the shown values in whole levels, so that close lines
            // stay apart; each line has its colour, named in the legend under the chart.
            let shown = trend.points.flatMap { point in trend.domains.compactMap { point.domains[$0.id] } }
            var bottom = max(low, Formatting.shown(shown.min() ?? low).rounded(.down))
            var top = min(high, Formatting.shown(shown.max() ?? high).rounded(.up))
            if top - bottom < 1 {
                if top < high { top += 1 } else { bottom = max(low, bottom - 1) }
            }
            var chart = [
                MermaidCharts.xyChartInit(width: 900, height: 420, colours: trend.domains.count, dataLabels: false),
                "xychart-beta", "    title \"Maturity by quarter\"",
            ]
            chart.append("    x-axis [" + periods.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
            chart.append(
                "    y-axis \"Level\" \(MermaidCharts.value(bottom)) --> \(MermaidCharts.value(top))")
            for domain in trend.domains {
                // A quarter without a score sits at the bottom of the axis (xychart cannot skip it).
                let values = trend.points.map { MermaidCharts.value($0.domains[domain.id] ?? bottom) }
                chart.append("    line [" + values.joined(separator: ", ") + "]")
            }
            document.mermaid(chart.joined(separator: "\n"))
            var legend = MarkdownTable(["Line", "Colour", "Domain", "Latest"])
            for (index, domain) in trend.domains.enumerated() {
                legend.addRaw([
                    "\(index + 1)", MermaidCharts.colour(index).name, MarkdownEscaping.inline(domain.name),
                    score(trend.points.last?.domains[domain.id]),
                ])
            }
            document.table(legend)
        }
        return document.text
    }

    /// The trend for a terminal: one sparkline per domain.
    public static func trendText(_ trend: Trend, low: Double, high: Double) -> String {
        let nameWidth = (trend.domains.map(\.name.count) + [7]).max() ?? 7
        var lines = [
            "\(trend.team): \(trend.points.first?.period.description ?? "–") → "
                + "\(trend.points.last?.period.description ?? "–"), \(Plural.count(trend.points.count, "assessment"))"
        ]
        func row(_ name: String, _ series: [Double?]) -> String {
            name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + Formatting.sparkline(series, low: low, high: high) + "  "
                + series.map { score($0) }.joined(separator: " → ")
        }
        for domain in trend.domains {
            lines.append(row(domain.name, trend.points.map { $0.domains[domain.id] }))
        }
        lines.append(row("Overall", trend.points.map(\.overall)))
        if !trend.missingPeriods.isEmpty {
            lines.append("No assessment for " + trend.missingPeriods.map(\.description).joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The trend as JSON.
    public static func trendJSON(_ trend: Trend) -> JSONValue {
        [
            "team": .string(trend.team),
            "questionnaire": [
                "id": .string(trend.questionnaire.id), "version": .string(trend.questionnaire.version),
                "title": .string(trend.questionnaire.title),
            ],
            "periods": .array(
                trend.points.map { point in
                    var domains: JSONObject = [:]
                    for (id, value) in point.domains { domains[id] = number(value) }
                    return [
                        "period": .string(point.period.description), "overall": number(point.overall),
                        "coverage": number(point.coverage), "domains": .object(domains),
                    ]
                }),
            "missingPeriods": .array(trend.missingPeriods.map { .string($0.description) }),
            "progressToDate": number(trend.progressToDate(domain: nil)),
        ]
    }

    // MARK: - Portfolio

    /// The Markdown portfolio: one section per questionnaire, each with its heatmap table, its
    /// ranking and its common gaps. `chartLinks` gives each group's heatmap (by questionnaire id).
    public static func portfolioMarkdown(
        _ portfolio: Portfolio, period: Period?, problems: [String], chartLinks: [String: String] = [:]
    ) -> String {
        var document = MarkdownDocument()
        document.heading(1, "Portfolio" + (period.map { ": \($0)" } ?? ": latest assessment of every team"))
        if portfolio.groups.isEmpty {
            document.paragraph("No assessments were found in the store.")
        } else if portfolio.groups.count > 1 {
            document.paragraph(
                "Teams assessed with different questionnaires are never ranked together: "
                    + portfolio.groups.map { "\($0.title) (\(Plural.count($0.rows.count, "team")))" }.joined(
                        separator: ", ") + ".")
        }
        for group in portfolio.groups {
            let level = portfolio.groups.count > 1 ? 2 : 2
            document.heading(level, "\(group.title) \(group.version)")
            let (low, high) = group.scale
            document.paragraph(
                "\(Plural.count(group.rows.count, "team")), ranked by overall maturity. "
                    + "Glyphs: ○ \(Formatting.trimmed(low)) · ◔ · ◑ · ◕ · ● \(Formatting.trimmed(high)).")
            // Overall and coverage come right after the team, so that long team or domain names
            // never push them out of sight.
            var table = MarkdownTable(["Rank", "Team", "Overall", "Coverage", "Period"] + group.domains.map(\.name))
            for (index, row) in group.rows.enumerated() {
                table.addRaw(
                    [
                        "\(index + 1)", MarkdownEscaping.inline(row.team), "**\(score(row.overall))**",
                        row.coverage.map(Rounding.percent) ?? "–",
                        MarkdownEscaping.joiningHyphens(row.period.description),
                    ]
                        + group.domains.map { domain in
                            let value = row.domains[domain.id]
                            return "\(Formatting.glyph(value, low: low, high: high)) \(Formatting.score(value))"
                        })
            }
            document.table(table)
            if let chartLink = chartLinks[group.id] {
                document.paragraph("![Maturity heatmap: \(MarkdownEscaping.inline(group.title))](\(chartLink))")
            }
            document.heading(level + 1, "Questions most often below target")
            if group.commonGaps.isEmpty {
                document.paragraph("No question is below target in more than one team.")
            } else {
                document.paragraph("Candidates for organisation-wide initiatives:")
                var gaps = MarkdownTable(["Question", "Domain", "Teams below target", "Mean gap"])
                for gap in group.commonGaps {
                    gaps.add([
                        "\(gap.id): \(gap.text)", gap.domainName, "\(gap.teams)", Rounding.text(gap.meanGap),
                    ])
                }
                document.table(gaps)
            }
        }
        if !problems.isEmpty {
            document.heading(2, "Files skipped or worth a look")
            document.bullets(problems.map(MarkdownEscaping.inline))
        }
        return document.text
    }

    /// The portfolio as JSON: `groups` (one per questionnaire, each with its ranked `teams` and
    /// `commonGaps`), every team in `teams` with its questionnaire, and the `problems`.
    public static func portfolioJSON(_ portfolio: Portfolio, problems: [String]) -> JSONValue {
        func team(_ row: Portfolio.Row, rank: Int, group: Portfolio.Group) -> JSONValue {
            var domains: JSONObject = [:]
            for (id, value) in row.domains { domains[id] = number(value) }
            return [
                "rank": .number(Double(rank)), "team": .string(row.team), "questionnaire": .string(group.id),
                "period": .string(row.period.description), "overall": number(row.overall),
                "coverage": number(row.coverage), "domains": .object(domains), "file": .string(row.path),
            ]
        }
        return [
            "groups": .array(
                portfolio.groups.map { group in
                    [
                        "questionnaire": [
                            "id": .string(group.id), "version": .string(group.version), "title": .string(group.title),
                        ],
                        "teams": .array(
                            group.rows.enumerated().map { index, row in team(row, rank: index + 1, group: group) }),
                        "commonGaps": .array(
                            group.commonGaps.map {
                                [
                                    "id": .string($0.id), "text": .string($0.text), "domain": .string($0.domainName),
                                    "teams": .number(Double($0.teams)), "meanGap": number($0.meanGap),
                                ]
                            }),
                    ]
                }),
            "teams": .array(
                portfolio.groups.flatMap { group in
                    group.rows.enumerated().map { index, row in team(row, rank: index + 1, group: group) }
                }),
            "problems": .array(problems.map(JSONValue.string)),
        ]
    }
}
