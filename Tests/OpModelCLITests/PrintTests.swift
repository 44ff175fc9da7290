import Foundation
import Testing

/// The HTML report printed by a real browser (issue 15): headless Chromium prints it to PDF
/// (A4 and Letter), and lays it out with the print style sheet at the printable width of each to
/// measure that no table or chart is wider than the page and that the summary for leadership
/// fits on page one. Skipped, with the reason, where Chromium is not installed, unless
/// `OPMODEL_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which installs it) makes that a failure.
@Suite("Print: the HTML report in Chromium")
struct PrintTests {
    /// A team name of 60 characters, with markup in it.
    static let longTeam = "Enterprise Cloud Platform Engineering & Reliability <Team> 'A'"

    /// The printable area of each paper with the report's margins (12 mm at the sides and the
    /// top, 14 mm at the bottom), in CSS pixels (96 to the inch): A4 210 × 297 mm, Letter
    /// 215.9 × 279.4 mm.
    static let papers: [(name: String, width: Int, height: Double)] = [("A4", 703, 1024), ("Letter", 725, 957)]

    static var isRequired: Bool { ProcessInfo.processInfo.environment["OPMODEL_REQUIRE_CHROMIUM"] == "1" }

    /// Chromium's path, if installed.
    static var chromium: String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in path + ["/usr/bin", "/usr/local/bin"] {
            for name in ["chromium", "chromium-browser", "google-chrome"]
            where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Runs Chromium headless with `arguments`; its standard output.
    static func runChromium(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments
        let result = try BinaryRunner.run(process, input: "", timeout: 120)
        #expect(!result.timedOut, "chromium timed out: \(arguments)")
        return result.output
    }

    /// The pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
    static func pageCount(_ pdf: Data) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        var count = 0
        var rest = text[...]
        while let range = rest.range(of: "/Type /Page") {
            if rest[range.upperBound...].first != "s" { count += 1 }
            rest = rest[range.upperBound...]
        }
        return count
    }

    /// A full workshop of the shipped questionnaire whose team has a name of 60 characters and
    /// whose roadmap runs 12 quarters; its HTML report's path.
    static func twelveQuarterReport(in sandbox: Sandbox) throws -> String {
        let script = EndToEndTests.CloudScript.whole.joined(separator: "\n") + "\n"
        let workshop = try BinaryRunner.run(
            EndToEndTests.assessArguments(store: "assessments"), input: script, in: sandbox.root)
        #expect(workshop.status == 0, "\(workshop.errors)")
        let path = sandbox.path("assessments/platform/2026-Q4.json")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard var document = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            var deliver = document["deliver"] as? [String: Any]
        else {
            Issue.record("the workshop wrote no assessment")
            return ""
        }
        deliver["horizonQuarters"] = 12
        document["deliver"] = deliver
        document["team"] = longTeam
        try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys]).write(
            to: URL(fileURLWithPath: path))
        // Domain names of 60 characters too, in the store's copy of the questionnaire.
        let copy = sandbox.path("assessments/questionnaires/cloud-operating-model@1.1.0.json")
        if var questionnaire = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: copy))) as? [String: Any],
            let domains = questionnaire["domains"] as? [[String: Any]]
        {
            questionnaire["domains"] = domains.map { domain in
                var renamed = domain
                renamed["name"] = "\(domain["name"] ?? "") & <b>governance</b> of sixty characters"
                return renamed
            }
            try JSONSerialization.data(withJSONObject: questionnaire, options: [.prettyPrinted, .sortedKeys]).write(
                to: URL(fileURLWithPath: copy))
        } else {
            Issue.record("no questionnaire copy at \(copy)")
        }
        let report = try BinaryRunner.run(
            ["report", "assessments/platform/2026-Q4.json", "--format", "html", "--output", "report.html"],
            in: sandbox.root)
        #expect(report.status == 0, "\(report.errors)")
        return sandbox.path("report.html")
    }

    @Test func theReportPrintsWithEachMilestoneOnItsOwnPageAndNothingWiderThanThePage() throws {
        guard let chromium = Self.chromium else {
            #expect(!Self.isRequired, "Chromium is required here (OPMODEL_REQUIRE_CHROMIUM=1) but not installed")
            print("PrintTests: skipped, Chromium is not installed (apt-get install chromium; .ci/run installs it)")
            return
        }
        let sandbox = Sandbox()
        let report = try Self.twelveQuarterReport(in: sandbox)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("Milestone 2029-Q4"))

        // Printed on Letter (Chromium's default) and on A4: page one, then one page or more per
        // milestone (each starts a page), then the appendix.
        var a4 = html
        if let end = a4.range(of: "</style>") { a4.insert(contentsOf: "@page{size:A4}\n", at: end.lowerBound) }
        try a4.write(toFile: sandbox.path("report-a4.html"), atomically: true, encoding: .utf8)
        for (name, source) in [("letter", report), ("a4", sandbox.path("report-a4.html"))] {
            let pdf = sandbox.path("report-\(name).pdf")
            _ = try Self.runChromium(
                chromium,
                ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", URL(fileURLWithPath: source).absoluteString])
            let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
            #expect(data.starts(with: Array("%PDF".utf8)), "\(name): not a PDF")
            let pages = Self.pageCount(data)
            #expect(pages >= 1 + 12 + 1, "\(name): \(pages) pages for page one, 12 milestones and the rest")
            #expect(pages <= 60, "\(name): \(pages) pages")
        }

        // The layout under the print style sheet, at A4's printable width, measured in the page.
        var measured = html
        for (from, to) in [
            ("@media print{", "@media all{"), ("@media screen and", "@media print and"),
            ("<meta http-equiv=\"Content-Security-Policy\"", "<meta name=\"removed-csp\""),
        ] {
            measured = measured.replacingOccurrences(of: from, with: to)
        }
        let probe = """
            <script>
            const out = {width: document.documentElement.clientWidth, wide: []};
            for (const el of document.querySelectorAll('table, svg.oc-chart, figure, pre, img, .table-wrap')) {
              const r = el.getBoundingClientRect();
              if (r.right > out.width + 0.5 || r.left < -0.5)
                out.wide.push(el.tagName + ' ' + Math.round(r.width) + 'px ' + (el.getAttribute('aria-labelledby') || ''));
            }
            out.scroll = document.documentElement.scrollWidth;
            const lead = document.querySelector('.leadership');
            out.leadership = lead ? lead.getBoundingClientRect().height : -1;
            out.radar = !!document.querySelector('.leadership svg[aria-labelledby="radar-title radar-desc"]');
            out.gaps = !!document.querySelector('.leadership #top-gaps');
            const pre = document.createElement('pre'); pre.id = 'layout'; pre.textContent = JSON.stringify(out);
            document.body.appendChild(pre);
            </script>
            """
        measured = measured.replacingOccurrences(of: "</body>", with: probe + "\n</body>")
        try measured.write(toFile: sandbox.path("measured.html"), atomically: true, encoding: .utf8)
        for paper in Self.papers {
            let layout = try Self.layout(chromium, page: sandbox.path("measured.html"), width: paper.width)
            let width = layout["width"] as? Double ?? 0
            #expect(abs(width - Double(paper.width)) < 20, "\(paper.name): laid out at \(width) px")
            #expect(
                (layout["wide"] as? [String] ?? ["?"]).isEmpty,
                "\(paper.name): wider than the page: \(layout["wide"] ?? "")")
            #expect(
                (layout["scroll"] as? Double ?? .infinity) <= width + 0.5, "\(paper.name): the page scrolls sideways")
            let leadership = layout["leadership"] as? Double ?? .infinity
            #expect(
                leadership > 0 && leadership <= paper.height, "\(paper.name): page one is \(leadership) px high")
            #expect(layout["radar"] as? Bool == true && layout["gaps"] as? Bool == true)
        }
    }

    /// What the layout probe measured in `page` laid out `width` pixels wide.
    static func layout(_ chromium: String, page: String, width: Int) throws -> [String: Any] {
        let dom = try runChromium(
            chromium, ["--window-size=\(width),1200", "--dump-dom", URL(fileURLWithPath: page).absoluteString])
        guard let start = dom.range(of: "<pre id=\"layout\">"),
            let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
        else {
            Issue.record("the layout probe did not run:\n\(dom.prefix(2000))")
            return [:]
        }
        let json = String(dom[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "layout: \(json)")
    }
}
