import Foundation
import Testing

@testable import OpModelKit

/// The HTML reports (issue 15): escaping in every context, self-containment, the shipped
/// templates, and the charts' layout rules.
@Suite("HTML reports and charts")
struct HTMLReportTests {
    static let hostile = "Ops <script>alert(1)</script> & \"q\" 'x' </style><!-- {{tool.version}} שלום 👩🏽‍💻"

    static func template(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Templates/\(name)"), encoding: .utf8)
    }

    /// The sample input with people's text replaced by hostile text everywhere it can go.
    static func hostileInput() -> ReportInput {
        var input = SampleAssessment.input()
        input.assessment.team = hostile
        input.assessment.organization = hostile
        input.assessment.facilitator = hostile
        input.assessment.participants[0].name = hostile
        input.assessment.envision.vision = hostile
        input.assessment.envision.outcomes[0].title = hostile
        input.assessment.discover.constraints = [hostile]
        input.assessment.discover.answers["A-01"]?.note = hostile
        input.assessment.build.endState = hostile
        input.assessment.improve.reflections = hostile
        input.questionnaire.domains[0].name = hostile
        input.questionnaire.domains[0].questions[0].area = hostile
        input.questionnaire.domains[0].questions[0].text = hostile
        return input
    }

    @Test func escapingCoversTextAndAttributes() {
        #expect(HTMLEscaping.text("plain text 2.7 — ok") == "plain text 2.7 — ok")
        #expect(
            HTMLEscaping.text("<a href=\"x\" title='y'>&amp;</a>")
                == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        // Controls HTML forbids are dropped; tab and line breaks stay.
        #expect(HTMLEscaping.text("a\u{0}b\u{1B}c\u{7F}d\te\nf") == "abcd\te\nf")
    }

    @Test func theShippedTemplatesUseOnlyNamesTheContextHas() throws {
        for name in ["roadmap.html", "trend.html", "portfolio.html"] {
            #expect(ReportRenderer.htmlProblems(template: try Self.template(name), name: name).isEmpty, "\(name)")
        }
        #expect(ReportRenderer.htmlProblems(template: "<p>{{nope}}</p>", name: "x.html").count == 1)
    }

    @Test func theHTMLReportIsSelfContainedAndEscapesEveryUserText() throws {
        let html = try ReportRenderer.html(
            Self.hostileInput(), template: try Self.template("roadmap.html"), templateName: "roadmap.html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;"))
        #expect(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"))
        // Nothing runs or loads: no script, no external reference of any kind.
        let lower = html.lowercased()
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<iframe", "<object", "<embed"] {
            #expect(!lower.contains(forbidden), "\(forbidden)")
        }
        // The hostile text arrives only escaped: in element text, in attributes and in SVG text.
        #expect(!html.contains(Self.hostile))
        #expect(!html.contains("</style><!--"))
        #expect(html.contains("Ops &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;x&#39;"))
        #expect(html.contains("{{tool.version}}"))
        // Semantic structure: headings, header cells with scope, charts for screen readers.
        #expect(html.contains("<h1>") && html.contains("<h2 id=\"summary\">Summary for leadership</h2>"))
        #expect(html.contains("<th scope=\"col\">") && html.contains("<th scope=\"row\">"))
        #expect(html.contains("role=\"img\" aria-labelledby=\"radar-title radar-desc\""))
        #expect(html.contains("role=\"img\" aria-labelledby=\"timeline-title timeline-desc\""))
        // Print: milestones start a page, headers repeat, rows stay whole.
        #expect(html.contains(".milestone{break-before:page}"))
        #expect(html.contains("thead{display:table-header-group}"))
        #expect(html.contains("tr,figure,li,.keep{break-inside:avoid}"))
        #expect(html.contains("@media screen and (prefers-color-scheme: dark)"))
    }

    @Test func theLargestGapsComeFirst() throws {
        let context = ReportRenderer.htmlContext(SampleAssessment.input())
        let gaps = context["leadership"]?["topGaps"]?.arrayValue ?? []
        // B-01 is at 1 with target 4 (gap 3); A-01 at 2 with target 5 (gap 3): questionnaire order breaks the tie.
        #expect(gaps.map { $0["id"]?.stringValue ?? "" } == ["A-01", "B-01"])
        #expect(gaps.first?["gapText"]?.stringValue == "3")
    }

    @Test func trendAndPortfolioPagesRenderFromTheirTemplates() throws {
        let trend = Trend(
            team: Self.hostile, domains: [(id: "ops", name: Self.hostile), (id: "cost", name: "Cost")],
            targets: ["ops": 3],
            points: [
                .init(period: Fixtures.period("2026-Q3"), overall: 2, domains: ["ops": 2, "cost": 2], coverage: 1),
                .init(period: Fixtures.period("2027-Q1"), overall: 3, domains: ["ops": 3], coverage: 0.5),
            ], missingPeriods: [Fixtures.period("2026-Q4")])
        let trendHTML = try TrackingReports.html(
            template: try Self.template("trend.html"), templateName: "trend.html",
            context: TrackingReports.trendContext(trend, low: 1, high: 5, toolVersion: "test"))
        let group = Portfolio.Group(
            id: "test", version: "1.0.0", title: "Test", scale: (1, 5), domains: [(id: "ops", name: Self.hostile)],
            rows: [
                .init(
                    team: String(repeating: "Long team name ", count: 4) + Self.hostile,
                    period: Fixtures.period("2027-Q1"), domains: ["ops": 2.5], overall: 2.5, coverage: 1, path: "x")
            ], commonGaps: [])
        let portfolioHTML = try TrackingReports.html(
            template: try Self.template("portfolio.html"), templateName: "portfolio.html",
            context: TrackingReports.portfolioContext(
                Portfolio(groups: [group]), period: nil, problems: [Self.hostile], toolVersion: "test"))
        for html in [trendHTML, portfolioHTML] {
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains(Self.hostile))
            #expect(html.contains("Content-Security-Policy"))
            #expect(html.contains("role=\"img\""))
        }
        // The portfolio's overall and coverage come before the domains.
        let header = portfolioHTML.components(separatedBy: "<thead>").dropFirst().first ?? ""
        let coverage = try #require(header.range(of: "Coverage")?.lowerBound)
        let domain = try #require(header.range(of: "Ops &lt;script")?.lowerBound)
        #expect(coverage < domain)
    }

    @Test func scaleClassesAgreeWithTheGlyphsAndNameTheirRanges() {
        let ranges = Formatting.scaleClassRanges(low: 1, high: 5, classes: 5)
        #expect(
            ranges.map { "\(Formatting.score($0.from))–\(Formatting.score($0.to))" } == [
                "1.0–1.4", "1.5–2.4", "2.5–3.4", "3.5–4.4", "4.5–5.0",
            ])
        for (index, range) in ranges.enumerated() {
            #expect(Formatting.scaleClass(range.from, low: 1, high: 5, classes: 5) == index)
            #expect(Formatting.scaleClass(range.to, low: 1, high: 5, classes: 5) == index)
        }
        // A 0–3 scale: classes at 0.375, 1.125, 1.875 and 2.625, shown to one decimal.
        let small = Formatting.scaleClassRanges(low: 0, high: 3, classes: 5)
        #expect(small.map(\.from) == [0, 0.4, 1.2, 1.9, 2.7])
        #expect(Formatting.glyph(2.25, low: 1, high: 5) == "◔")
    }

    @Test func chartTextWrapsTruncatesAndAbbreviates() {
        let wrapped = ChartText.wrap(
            "Enterprise Cloud Platform Engineering & Reliability Team of Sixty", maxWidth: 120, fontSize: 13,
            maxLines: 2)
        #expect(wrapped.lines.count == 2)
        #expect(wrapped.truncated)
        #expect(wrapped.lines.last?.hasSuffix("…") == true)
        #expect(wrapped.lines.allSatisfy { ChartText.width($0, fontSize: 13) <= 120 })
        #expect(ChartText.wrap("Short", maxWidth: 120, fontSize: 13, maxLines: 2) == (["Short"], false))
        #expect(
            ChartText.abbreviations(
                ["Cloud operations", "Cost and governance", "Cloud other"], prefixes: ["CO", "CG", nil])
                == ["CO", "CG", "CO2"])
        #expect(ChartText.sharedPrefix(of: ["SM-01", "SM-12"]) == "SM")
        #expect(ChartText.sharedPrefix(of: ["SM-01", "CO-12"]) == nil)
    }

    @Test func doneStepsAreDrawnAsDoneInTheQuarterAssessed() throws {
        let questionnaire = Fixtures.questionnaire(domains: [
            Domain(id: "ops", name: "Ops", questions: [Fixtures.question("Q1"), Fixtures.question("Q2")])
        ])
        var assessment = Fixtures.assessment(answers: ["Q1": .level(2), "Q2": .level(2)], targets: ["ops": 3])
        assessment.deliver.decisions["Q1@3"] = StepDecision(status: .done, quarter: Fixtures.period("2027-Q2"))
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        #expect(roadmap.scheduledSteps.contains { $0.id == "Q1@3" && $0.status == .done })
        let svg = SVGCharts.timeline(roadmap, title: "Roadmap", doneBy: assessment.period)
        let probe = try #require(SVGProbe.parse(svg), "not well-formed")
        #expect(probe.elements.first == "svg")
        // The 2026 row holds the done step, in 2026-Q4, drawn as done.
        #expect(svg.contains(">2026-Q4 · done</text>"))
        let done = try #require(svg.range(of: ">2026-Q4 · done</text>"))
        let firstStep = try #require(svg.range(of: ">Q1@3</text>"))
        #expect(done.lowerBound < firstStep.lowerBound)
        #expect(svg.contains("class=\"oc-done\""))
        let gantt = MermaidCharts.gantt(roadmap: roadmap, doneBy: assessment.period)
        #expect(
            gantt.contains(
                "    section 2026-Q4 done\n    Q1@3 Area to level 3 (done) :done, s1, 2026-10-01, 2027-01-01"))
    }

    @Test func standaloneChartsPaintAnOpaqueThemedBackground() throws {
        let radar = SVGCharts.radar(
            domains: [("A", 2, 3), ("B", 3, 4), ("C", nil, 3)], low: 1, high: 5, title: "Radar")
        #expect(radar.contains("<rect class=\"oc-bg\" x=\"0\" y=\"0\""))
        #expect(radar.contains(".oc-bg{fill:#FFFFFF}"))
        #expect(radar.contains("@media (prefers-color-scheme: dark){.oc-bg{fill:#0D1117}"))
        // Values at the ends of the spokes, and ring values on a halo above the polygons.
        #expect(radar.contains(">2.0 → 3</text>") && radar.contains(">not assessed → 3</text>"))
        let polygons = try #require(radar.range(of: "class=\"oc-current\" points"))
        let ring = try #require(radar.range(of: "oc-halo\">3</text>"))
        #expect(polygons.lowerBound < ring.lowerBound)
        let inline = SVGCharts.radar(
            domains: [("A", 2, 3), ("B", 3, 4), ("C", 1, 3)], low: 1, high: 5, title: "Radar",
            embedding: .inline(id: "r"))
        #expect(!inline.contains("<style>") && !inline.contains("<?xml"))
        #expect(inline.contains("aria-labelledby=\"r-title r-desc\""))
    }
}
