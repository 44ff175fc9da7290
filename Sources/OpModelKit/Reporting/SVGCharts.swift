import Foundation

/// Self-contained SVG charts (`--charts svg`): a radar of current and target maturity, the
/// roadmap as a timeline, a trend line chart and a portfolio heatmap.
///
/// Every chart has a `<title>` and a `<desc>` for screen readers, draws no background (the page
/// shows through) and picks its colours from a style sheet with a dark variant
/// (`prefers-color-scheme`), so it reads in light and dark themes. Text is XML-escaped.
public enum SVGCharts {
    /// `text` safe inside XML text and attribute values.
    public static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default:
                // Characters XML 1.0 forbids are dropped.
                let value = scalar.value
                if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D { continue }
                if value == 0xFFFE || value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A coordinate or a scale mark, to one decimal without a trailing `.0` (scores go through
    /// ``Formatting``).
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static let style = """
        <style>
        .fg{fill:#1f2328}.muted{fill:#59636e}.grid{stroke:#d1d9e0;fill:none}
        .current{fill:#0969da;fill-opacity:.25;stroke:#0969da;stroke-width:2}
        .target{fill:none;stroke:#bf3989;stroke-width:2;stroke-dasharray:6 4}
        .step{fill:#0969da;fill-opacity:.15;stroke:#0969da}.line{fill:none;stroke-width:2}
        text{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:12px}
        @media (prefers-color-scheme: dark){.fg{fill:#f0f6fc}.muted{fill:#9198a1}.grid{stroke:#3d444d}
        .current{fill:#4493f8;stroke:#4493f8}.target{stroke:#f778ba}.step{fill:#4493f8;stroke:#4493f8}}
        </style>
        """

    static func document(width: Int, height: Int, title: String, description: String, body: [String]) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"title desc\">",
            "<title id=\"title\">\(escape(title))</title>",
            "<desc id=\"desc\">\(escape(description))</desc>",
            style,
        ]
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", cssClass: String = "fg")
        -> String
    {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" class=\"\(cssClass)\">"
            + "\(escape(content))</text>"
    }

    /// A radar (spider) chart of current and target maturity per domain.
    public static func radar(
        domains: [(name: String, current: Double?, target: Double?)], low: Double, high: Double, title: String
    ) -> String {
        let size = 520.0
        let width = 760.0
        let centerX = width / 2
        let center = size / 2
        let radius = 170.0
        let count = max(domains.count, 3)
        func point(_ index: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count)
            let fraction = high > low ? max((value - low) / (high - low), 0) : 0
            return (centerX + cos(angle) * radius * fraction, center + sin(angle) * radius * fraction)
        }
        var body: [String] = []
        let rings = Int(high - low)
        for ring in 1...max(rings, 1) {
            let value = low + Double(ring)
            let points = (0..<count).map { point($0, value) }.map { "\(number($0.0)),\(number($0.1))" }
            body.append("<polygon class=\"grid\" points=\"\(points.joined(separator: " "))\"/>")
            let label = point(0, value)
            body.append(text(label.0 + 6, label.1 + 12, number(value), cssClass: "muted"))
        }
        for (index, domain) in domains.enumerated() {
            let edge = point(index, high)
            body.append(
                "<line class=\"grid\" x1=\"\(number(centerX))\" y1=\"\(number(center))\" "
                    + "x2=\"\(number(edge.0))\" y2=\"\(number(edge.1))\"/>")
            let labelPoint = point(index, high + (high - low) * 0.12)
            let anchor = abs(labelPoint.0 - centerX) < 10 ? "middle" : (labelPoint.0 < centerX ? "end" : "start")
            body.append(text(labelPoint.0, labelPoint.1 + 4, domain.name, anchor: anchor))
        }
        func polygon(_ values: [Double?], cssClass: String) -> String {
            let points = values.enumerated().map { point($0.offset, $0.element ?? low) }
                .map { "\(number($0.0)),\(number($0.1))" }
            return "<polygon class=\"\(cssClass)\" points=\"\(points.joined(separator: " "))\"/>"
        }
        body.append(polygon(domains.map(\.current), cssClass: "current"))
        if domains.contains(where: { $0.target != nil }) {
            body.append(polygon(domains.map(\.target), cssClass: "target"))
        }
        body.append("<rect x=\"20\" y=\"\(Int(size) - 36)\" width=\"14\" height=\"10\" class=\"current\"/>")
        body.append(text(40, size - 27, "Current"))
        body.append("<line x1=\"110\" y1=\"\(Int(size) - 31)\" x2=\"134\" y2=\"\(Int(size) - 31)\" class=\"target\"/>")
        body.append(text(140, size - 27, "Target"))
        let description =
            "Maturity per domain on a scale from \(number(low)) to \(number(high)): "
            + domains.map { domain in
                "\(domain.name) \(Formatting.score(domain.current, none: "not assessed"))"
                    + (domain.target.map { " (target \(number($0)))" } ?? "")
            }.joined(separator: "; ") + "."
        return document(width: Int(width), height: Int(size), title: title, description: description, body: body)
    }

    /// The roadmap as a timeline: one column per quarter, one box per step.
    public static func timeline(_ roadmap: Roadmap, title: String) -> String {
        let columnWidth = 170.0
        let rowHeight = 26.0
        let rows = max(roadmap.milestones.map(\.steps.count).max() ?? 0, 1)
        let width = Int(20 + columnWidth * Double(max(roadmap.milestones.count, 1)))
        let height = Int(60 + rowHeight * Double(rows) + 20)
        var body: [String] = []
        for (column, milestone) in roadmap.milestones.enumerated() {
            let x = 10 + columnWidth * Double(column)
            body.append(text(x + 4, 30, milestone.period.description))
            body.append(
                "<line class=\"grid\" x1=\"\(number(x))\" y1=\"38\" x2=\"\(number(x))\" y2=\"\(height - 10)\"/>")
            for (row, step) in milestone.steps.enumerated() {
                let y = 46 + rowHeight * Double(row)
                body.append(
                    "<rect class=\"step\" x=\"\(number(x + 4))\" y=\"\(number(y))\" width=\"\(number(columnWidth - 12))\" "
                        + "height=\"\(number(rowHeight - 6))\" rx=\"4\"/>")
                body.append(text(x + 10, y + 14, "\(step.id) \(step.fromLevel)→\(step.toLevel)"))
            }
        }
        let description =
            roadmap.milestones.map { milestone in
                "\(milestone.period): "
                    + (milestone.steps.isEmpty ? "no steps" : milestone.steps.map(\.id).joined(separator: ", "))
            }.joined(separator: "; ") + "."
        return document(width: width, height: height, title: title, description: description, body: body)
    }

    /// A line chart of a team's domain scores by quarter.
    public static func trend(_ trend: Trend, low: Double, high: Double) -> String {
        let width = 640.0
        let height = 360.0
        let left = 50.0
        let right = 180.0
        let top = 40.0
        let bottom = 50.0
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let colors = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#57606a"]
        func x(_ index: Int) -> Double {
            trend.points.count > 1 ? left + plotWidth * Double(index) / Double(trend.points.count - 1) : left
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (high > low ? (value - low) / (high - low) : 0))
        }
        var body: [String] = []
        for level in stride(from: low, through: high, by: 1) {
            body.append(
                "<line class=\"grid\" x1=\"\(number(left))\" y1=\"\(number(y(level)))\" "
                    + "x2=\"\(number(left + plotWidth))\" y2=\"\(number(y(level)))\"/>")
            body.append(text(left - 8, y(level) + 4, number(level), anchor: "end", cssClass: "muted"))
        }
        for (index, point) in trend.points.enumerated() {
            body.append(
                text(x(index), height - bottom + 20, point.period.description, anchor: "middle", cssClass: "muted"))
        }
        for (index, domain) in trend.domains.enumerated() {
            let color = colors[index % colors.count]
            let points = trend.points.enumerated().compactMap { offset, point in
                point.domains[domain.id].map { "\(number(x(offset))),\(number(y($0)))" }
            }
            if points.count > 1 {
                body.append(
                    "<polyline class=\"line\" stroke=\"\(color)\" points=\"\(points.joined(separator: " "))\"/>")
            }
            for (offset, point) in trend.points.enumerated() {
                if let value = point.domains[domain.id] {
                    body.append(
                        "<circle cx=\"\(number(x(offset)))\" cy=\"\(number(y(value)))\" r=\"3\" fill=\"\(color)\"/>")
                }
            }
            let legendY = top + 18 * Double(index)
            body.append(
                "<rect x=\"\(number(width - right + 16))\" y=\"\(number(legendY - 9))\" width=\"12\" height=\"4\" "
                    + "fill=\"\(color)\"/>")
            body.append(text(width - right + 34, legendY, domain.name))
        }
        let description =
            "Maturity by quarter for \(trend.team): "
            + trend.domains.map { domain in
                "\(domain.name) "
                    + trend.points.map { Formatting.score($0.domains[domain.id]) }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        return document(
            width: Int(width), height: Int(height), title: "Maturity by quarter: \(trend.team)",
            description: description, body: body)
    }

    /// A heatmap of the teams × domains of one questionnaire's group.
    public static func heatmap(_ portfolio: Portfolio.Group) -> String {
        let (low, high) = portfolio.scale
        let cellWidth = 110.0
        let cellHeight = 28.0
        let labelWidth = 180.0
        let width = Int(labelWidth + cellWidth * Double(max(portfolio.domains.count, 1)) + 20)
        let height = Int(70 + cellHeight * Double(max(portfolio.rows.count, 1)) + 10)
        var body: [String] = []
        for (column, domain) in portfolio.domains.enumerated() {
            body.append(
                text(
                    labelWidth + cellWidth * (Double(column) + 0.5), 50, domain.name, anchor: "middle",
                    cssClass: "muted"))
        }
        for (row, team) in portfolio.rows.enumerated() {
            let y = 60 + cellHeight * Double(row)
            body.append(text(labelWidth - 8, y + 18, team.team, anchor: "end"))
            for (column, domain) in portfolio.domains.enumerated() {
                let x = labelWidth + cellWidth * Double(column)
                let value = team.domains[domain.id]
                // Shade from the value as shown, so that equal numbers get equal colours.
                let fraction = value.map { Formatting.fraction($0, low: low, high: high) } ?? 0
                let opacity = value == nil ? 0.0 : 0.1 + 0.5 * fraction
                body.append(
                    "<rect x=\"\(number(x + 2))\" y=\"\(number(y))\" width=\"\(number(cellWidth - 4))\" "
                        + "height=\"\(number(cellHeight - 4))\" rx=\"3\" fill=\"#0969da\" "
                        + "fill-opacity=\"\(number(opacity))\" stroke=\"#8c959f\" stroke-opacity=\".4\"/>")
                body.append(
                    text(x + cellWidth / 2, y + 18, Formatting.score(value), anchor: "middle"))
            }
        }
        let description =
            "Maturity of \(portfolio.rows.count) teams by domain: "
            + portfolio.rows.map { row in
                "\(row.team) " + portfolio.domains.map { Formatting.score(row.domains[$0.id]) }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        return document(
            width: width, height: height, title: "Portfolio maturity heatmap: \(portfolio.title)",
            description: description, body: body)
    }
}
