/// The HTML pages of `trend` and `portfolio` (`--format html`): their contexts, rendered from
/// `Templates/trend.html` and `Templates/portfolio.html` with HTML escaping, each a
/// self-contained page like the HTML roadmap (``HTMLStyle``).
extension TrackingReports {
    /// `page`: the style sheet, the Content-Security-Policy and the language.
    static var pageContext: JSONValue {
        [
            "css": .string(HTMLStyle.css), "contentSecurityPolicy": .string(HTMLStyle.contentSecurityPolicy),
            "lang": "en",
        ]
    }

    /// Renders an HTML tracking page: `template` (named `templateName` in messages) with
    /// `context`; an unknown name or a syntax error is a data error with line and column.
    public static func html(template: String, templateName: String, context: JSONValue) throws -> String {
        let parsed: Template
        do {
            parsed = try Template(source: template, name: templateName, escaping: HTMLEscaping.text)
        } catch {
            throw DataError.problems(file: templateName, error.errors.map(ReportRenderer.problem))
        }
        let unknown = parsed.unknownNames(against: context)
        if !unknown.isEmpty {
            throw DataError.problems(file: templateName, unknown.map(ReportRenderer.problem))
        }
        do {
            return try parsed.render(context)
        } catch {
            throw DataError.problems(file: templateName, [ReportRenderer.problem(error)])
        }
    }

    /// The context of `Templates/trend.html`: `trend` with the team, its periods, one row per
    /// domain and one for the overall score (each with its cells, sparkline, target and
    /// progress to date), notes, and the line chart as inline SVG (`chart`).
    public static func trendContext(_ trend: Trend, low: Double, high: Double, toolVersion: String) -> JSONValue {
        let periods = trend.points.map(\.period.description)
        func row(name: String, series: [Double?], target: String, progress: Double?, isOverall: Bool) -> JSONValue {
            [
                "name": .string(name), "isOverall": .bool(isOverall),
                "cells": .array(series.map { ["text": .string(score($0))] }),
                "sparkline": .string(Formatting.sparkline(series, low: low, high: high)),
                "targetText": .string(target), "progressText": .string(progress.map(Rounding.percent) ?? "–"),
            ]
        }
        var rows: [JSONValue] = trend.domains.map { domain in
            row(
                name: domain.name, series: trend.points.map { $0.domains[domain.id] },
                target: trend.targets[domain.id].map(String.init) ?? "–",
                progress: trend.progressToDate(domain: domain.id), isOverall: false)
        }
        rows.append(
            row(
                name: "Overall", series: trend.points.map(\.overall),
                target: trend.overallTarget.map { Rounding.text($0) } ?? "–",
                progress: trend.progressToDate(domain: nil), isOverall: true))
        var notes = [
            "\(Plural.count(trend.points.count, "assessment")) from \(periods.first ?? "–") to \(periods.last ?? "–")."
        ]
        if !trend.missingPeriods.isEmpty {
            notes.append("No assessment for " + trend.missingPeriods.map(\.description).joined(separator: ", ") + ".")
        }
        if let progress = trend.progressToDate(domain: nil) {
            notes.append(
                "Progress to date: \(Rounding.percent(progress)) of the way from the first assessment to the target.")
        }
        return [
            "page": pageContext, "tool": ["name": "opmodel", "version": .string(toolVersion)],
            "trend": [
                "team": .string(trend.team),
                "questionnaire": [
                    "id": .string(trend.questionnaire.id), "version": .string(trend.questionnaire.version),
                    "title": .string(trend.questionnaire.title),
                ],
                "periods": .array(periods.map { ["period": .string($0)] }),
                "notes": .array(notes.map(JSONValue.string)),
                "rows": .array(rows),
                "hasChart": .bool(trend.points.count > 1),
                "chart": .string(SVGCharts.trend(trend, low: low, high: high, embedding: .inline(id: "trend"))),
                "scaleText": .string("\(Formatting.trimmed(low)) to \(Formatting.trimmed(high))"),
            ],
        ]
    }

    /// The context of `Templates/portfolio.html`: `title`, and one `groups` entry per
    /// questionnaire with its domains, ranked teams (cells with glyph and score), heatmap
    /// (inline SVG) and common gaps; `problems` lists the files skipped.
    public static func portfolioContext(
        _ portfolio: Portfolio, period: Period?, problems: [String], toolVersion: String
    ) -> JSONValue {
        let groups: [JSONValue] = portfolio.groups.enumerated().map { number, group in
            let (low, high) = group.scale
            let rows: [JSONValue] = group.rows.enumerated().map { index, row in
                [
                    "rank": .number(Double(index + 1)), "team": .string(row.team),
                    "period": .string(row.period.description),
                    "cells": .array(
                        group.domains.map { domain in
                            let value = row.domains[domain.id]
                            return [
                                "text": .string(
                                    "\(Formatting.glyph(value, low: low, high: high)) \(Formatting.score(value))")
                            ]
                        }),
                    "overallText": .string(score(row.overall)),
                    "coverageText": .string(row.coverage.map(Rounding.percent) ?? "–"),
                ]
            }
            return [
                "id": .string(group.id), "title": .string(group.title), "version": .string(group.version),
                "summaryText": .string(
                    "\(Plural.count(group.rows.count, "team")), ranked by overall maturity. Glyphs: ○ "
                        + "\(Formatting.trimmed(low)) · ◔ · ◑ · ◕ · ● \(Formatting.trimmed(high))."),
                "domains": .array(group.domains.map { ["id": .string($0.id), "name": .string($0.name)] }),
                "rows": .array(rows),
                "heatmap": .string(SVGCharts.heatmap(group, embedding: .inline(id: "heatmap-\(number + 1)"))),
                "hasCommonGaps": .bool(!group.commonGaps.isEmpty),
                "commonGaps": .array(
                    group.commonGaps.map { gap in
                        [
                            "id": .string(gap.id), "text": .string(gap.text), "domainName": .string(gap.domainName),
                            "teams": .number(Double(gap.teams)), "meanGapText": .string(Rounding.text(gap.meanGap)),
                        ]
                    }),
            ]
        }
        let intro: String? =
            portfolio.groups.count > 1
            ? "Teams assessed with different questionnaires are never ranked together: "
                + portfolio.groups.map { "\($0.title) (\(Plural.count($0.rows.count, "team")))" }.joined(
                    separator: ", ") + "."
            : nil
        return [
            "page": pageContext, "tool": ["name": "opmodel", "version": .string(toolVersion)],
            "title": .string("Portfolio" + (period.map { ": \($0)" } ?? ": latest assessment of every team")),
            "isEmpty": .bool(portfolio.groups.isEmpty),
            "introText": intro.map(JSONValue.string) ?? .null,
            "groups": .array(groups),
            "hasProblems": .bool(!problems.isEmpty),
            "problems": .array(problems.map(JSONValue.string)),
        ]
    }

    /// The contexts of a small trend and portfolio in which every list has entries, so that a
    /// template's names can be checked without a store (`opmodel validate`).
    static let sampleContexts: [JSONValue] = {
        guard let first = Period("2026-Q3"), let second = Period("2026-Q4") else { return [] }
        let domains = [(id: "alpha", name: "Alpha"), (id: "beta", name: "Beta")]
        let trend = Trend(
            team: "Platform", domains: domains, targets: ["alpha": 4],
            points: [
                .init(period: first, overall: 2, domains: ["alpha": 2, "beta": 2], coverage: 1),
                .init(period: second, overall: 2.5, domains: ["alpha": 3, "beta": 2], coverage: 1),
            ], missingPeriods: [])
        let group = Portfolio.Group(
            id: "sample", version: "1.0.0", title: "Sample", scale: (1, 5), domains: domains,
            rows: [
                .init(
                    team: "Platform", period: second, domains: ["alpha": 3, "beta": 2], overall: 2.5, coverage: 1,
                    path: "platform/2026-Q4.json")
            ],
            commonGaps: [.init(id: "A-01", text: "Is it written down?", domainName: "Alpha", teams: 2, meanGap: 1)])
        return [
            trendContext(trend, low: 1, high: 5, toolVersion: OpModel.version),
            portfolioContext(
                Portfolio(groups: [group]), period: nil, problems: ["a problem"], toolVersion: OpModel.version),
        ]
    }()
}
