import Foundation
import Testing

@testable import OpModelKit

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects what an XML parser met, to prove an SVG is well-formed and accessible.
final class SVGProbe: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String: String] = [:]
    private var current = ""

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(elementName)
        current = elementName
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
    ) {
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        texts[current, default: ""] += string
    }

    /// Parses `svg`; nil when it is not well-formed XML.
    static func parse(_ svg: String) -> SVGProbe? {
        let probe = SVGProbe()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = probe
        return parser.parse() ? probe : nil
    }
}

@Suite("Exports: CSV, SVG and Mermaid")
struct ExportTests {
    static let hostile = "Ops <script>&\"quotes\" 'x' #1; [a]{b}: שלום 👩🏽‍💻 e\u{301}"

    static func domain(_ id: String, _ name: String, questions: [String]) -> Domain {
        Domain(id: id, name: name, questions: questions.map { Fixtures.question($0) })
    }

    static let questionnaire = Fixtures.questionnaire(domains: [
        domain("ops", hostile, questions: ["Q1", "Q2"]), domain("cost", "Cost", questions: ["Q3"]),
    ])

    static func assessment() -> Assessment {
        var assessment = Fixtures.assessment()
        assessment.team = "Team, \"A\""
        assessment.participants = [Participant(id: "p1", name: "Ana"), Participant(id: "p2", name: "Ben")]
        assessment.discover.answers = [
            "Q1": Answer(level: 2, note: "=HYPERLINK(\"x\")", votes: ["p1": 2, "p2": 4]),
            "Q2": .notApplicable(reason: "line one\nline two, with comma"),
            "Q3": Answer(level: 4, note: " ＝cmd|' /C calc'!A0"),
        ]
        assessment.build.targets = ["ops": 3, "cost": 4]
        return assessment
    }

    @Test func csvHasOneRowPerQuestionAndSurvivesARoundTrip() throws {
        let text = CSVExport.answers(Self.assessment(), questionnaire: Self.questionnaire)
        #expect(text.hasSuffix("\r\n"))
        let rows = try CSVReader.parse(text)
        #expect(
            rows[0] == [
                "domain", "area", "question", "text", "level", "label", "not applicable", "note", "votes", "target",
                "gap",
            ])
        #expect(rows.count == 4)
        // Q1: level 2 against target 3, gap 1; the note would be a formula, so it is neutralised.
        #expect(
            rows[1] == [
                Self.hostile, "Area", "Q1", "Question Q1?", "2", "Repeatable", "no", "'=HYPERLINK(\"x\")",
                "Ana: 2; Ben: 4", "3", "1",
            ])
        // Q2: not applicable, no level, no gap; the multi-line note keeps its line break.
        #expect(
            rows[2] == [
                Self.hostile, "Area", "Q2", "Question Q2?", "", "", "yes", "line one\nline two, with comma",
                "", "3", "",
            ])
        // Q3: a full-width equals sign after a space is a formula to a spreadsheet too.
        #expect(
            rows[3] == [
                "Cost", "Area", "Q3", "Question Q3?", "4", "Managed", "no", "' ＝cmd|' /C calc'!A0", "", "4", "0",
            ])
    }

    @Test func chartsAreWellFormedAndDescribeThemselves() throws {
        let assessment = Self.assessment()
        let card = ScoreCalculator.score(assessment, questionnaire: Self.questionnaire)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: Self.questionnaire)
        let radar = SVGCharts.radar(
            domains: zip(Self.questionnaire.domains, card.domains).map {
                (name: $0.name, current: $1.score, target: $1.target.map(Double.init))
            }, low: 1, high: 5, title: "Maturity: \(Self.hostile)")
        let timeline = SVGCharts.timeline(roadmap, title: "Roadmap \(Self.hostile)")
        for svg in [radar, timeline] {
            let probe = try #require(SVGProbe.parse(svg), "not well-formed:\n\(svg)")
            #expect(probe.elements.first == "svg")
            #expect(probe.elements.contains("title"))
            #expect(probe.elements.contains("desc"))
            #expect(!probe.elements.contains("script"))
            #expect(svg.contains("role=\"img\""))
            #expect(svg.contains("prefers-color-scheme: dark"))
        }
        let probe = try #require(SVGProbe.parse(radar))
        // The chart's title, then the whole title again as the tooltip of the visible one, cut to the canvas.
        #expect(probe.texts["title"]?.hasPrefix("Maturity: \(Self.hostile)") == true)
        // Q1 scores 2 (Q2 does not apply), cost 4; targets 3 and 4.
        #expect(probe.texts["desc"]?.contains("\(Self.hostile) 2.0 (target 3); Cost 4.0 (target 4)") == true)
    }

    @Test func trendAndHeatmapChartsAreWellFormed() throws {
        let trend = Trend(
            team: Self.hostile, domains: [(id: "ops", name: Self.hostile), (id: "cost", name: "Cost")],
            targets: ["ops": 3],
            points: [
                .init(period: Fixtures.period("2026-Q3"), overall: 2, domains: ["ops": 2, "cost": 2], coverage: 1),
                .init(period: Fixtures.period("2027-Q1"), overall: 3, domains: ["ops": 3], coverage: 0.5),
            ], missingPeriods: [Fixtures.period("2026-Q4")])
        let portfolio = Portfolio.Group(
            id: "test", version: "1.0.0", title: Self.hostile, scale: (1, 5),
            domains: [(id: "ops", name: Self.hostile)],
            rows: [
                .init(
                    team: "A & B", period: Fixtures.period("2027-Q1"), domains: ["ops": 2.5], overall: 2.5,
                    coverage: 1, path: "x")
            ], commonGaps: [])
        for svg in [SVGCharts.trend(trend, low: 1, high: 5), SVGCharts.heatmap(portfolio)] {
            let probe = try #require(SVGProbe.parse(svg), "not well-formed:\n\(svg)")
            #expect(probe.elements.contains("title") && probe.elements.contains("desc"))
        }
    }

    @Test func mermaidLabelsCannotBreakTheDiagram() {
        // Every character Mermaid treats as syntax is replaced; text and emoji stay.
        #expect(
            MermaidCharts.label(Self.hostile)
                == "Ops (script)&'quotes' 'x' No.1, (a)(b) - שלום 👩🏽‍💻 e\u{301}")
        #expect(MermaidCharts.label("50% done\nnext") == "50 percent done next")
    }

    @Test func theMaturityChartQuotesEveryDomainName() {
        let card = ScoreCalculator.score(Self.assessment(), questionnaire: Self.questionnaire)
        let chart = MermaidCharts.maturity(card: card, questionnaire: Self.questionnaire)
        #expect(
            chart == """
                ```mermaid
                \(MermaidCharts.xyChartInit(width: 900, height: 420, colours: 2, dataLabels: false))
                xychart-beta
                    title "Maturity by domain - current (bars) and target (line)"
                    x-axis ["Ops (script)&'quotes' 'x' No.1, (a)(b) - שלום 👩🏽‍💻 e\u{301}", "Cost"]
                    y-axis "Level" 0 --> 5
                    bar [2.0, 4.0]
                    line [3.0, 4.0]
                ```

                Bars (blue): the current score; line (vermillion): the target.
                """)
        // Names too long for their slot under the bars are shortened, and explained under the chart.
        let long = String(repeating: "Platform engineering ", count: 3)
        var questionnaire = Self.questionnaire
        questionnaire.domains[1].name = long
        let card2 = ScoreCalculator.score(Self.assessment(), questionnaire: questionnaire)
        let short = MermaidCharts.maturity(card: card2, questionnaire: questionnaire)
        let axis = short.split(separator: "\n").first { $0.hasPrefix("    x-axis") } ?? ""
        #expect(axis.hasSuffix(", \"PEPE\"]"))
        #expect(short.contains("Domains: **"))
        #expect(short.contains(MarkdownEscaping.inline(long)))
    }

    @Test func theGanttNamesEveryStepSafely() {
        var question = Fixtures.question("Q1")
        question.area = "Ops: #1; \"hot\" [path]"
        let questionnaire = Fixtures.questionnaire(domains: [Domain(id: "ops", name: "Ops", questions: [question])])
        var assessment = Fixtures.assessment(answers: ["Q1": .level(2)], targets: ["ops": 4])
        assessment.deliver.decisions["Q1@4"] = StepDecision(status: .inProgress)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        // Q1 moves 2 → 3 in 2027-Q1 and 3 → 4 in 2027-Q2 (one level a quarter); the second is in progress.
        #expect(
            MermaidCharts.gantt(roadmap: roadmap) == """
                ```mermaid
                \(MermaidCharts.ganttInit)
                gantt
                    title Roadmap by quarter
                    dateFormat YYYY-MM-DD
                    axisFormat %b %Y
                    todayMarker off
                    section 2027-Q1
                    Q1@3 Ops - No.1, 'hot' (path) to level 3 :s1, 2027-01-01, 2027-04-01
                    section 2027-Q2
                    Q1@4 Ops - No.1, 'hot' (path) to level 4 (in progress) :active, s2, 2027-04-01, 2027-07-01
                ```

                Bars: blue planned, orange in progress, green done.
                """)
    }

    @Test func portfolioCSVHasOneRowPerTeamAndDomain() throws {
        let portfolio = Portfolio(groups: [
            Portfolio.Group(
                id: "test", version: "1.0.0", title: "Test", scale: (1, 5),
                domains: [(id: "ops", name: "Ops"), (id: "cost", name: "Cost")],
                rows: [
                    .init(
                        team: "B", period: Fixtures.period("2027-Q1"), domains: ["ops": 3, "cost": 2.25],
                        overall: 2.625, coverage: 1, path: "b"),
                    .init(
                        team: "A", period: Fixtures.period("2026-Q4"), domains: [:], overall: nil, coverage: 0,
                        path: "a"),
                ], commonGaps: [])
        ])
        let rows = try CSVReader.parse(CSVExport.portfolio(portfolio))
        #expect(
            rows == [
                ["questionnaire", "rank", "team", "period", "domain", "score", "overall", "coverage"],
                ["test", "1", "B", "2027-Q1", "Ops", "3.00", "2.63", "1.00"],
                ["test", "1", "B", "2027-Q1", "Cost", "2.25", "2.63", "1.00"],
                ["test", "2", "A", "2026-Q4", "Ops", "", "", "0.00"],
                ["test", "2", "A", "2026-Q4", "Cost", "", "", "0.00"],
            ])
    }
}
