import Foundation

/// How an SVG chart is written.
public enum SVGEmbedding: Sendable, Equatable {
    /// A file of its own (`--charts svg`): XML declaration, the chart style sheet with its dark
    /// variant, a visible title.
    case standalone
    /// Inside an HTML page whose style sheet holds ``ChartStyle/css``; `id` makes the ids of
    /// its title and description unique in the page.
    case inline(id: String)
}

/// Self-contained SVG charts (`--charts svg` files and the HTML report): a radar of current and
/// target maturity, the roadmap as a timeline, a trend line chart and a portfolio heatmap.
///
/// Every chart has a `<title>` and a `<desc>` for screen readers (`role="img"`), paints an opaque
/// background that follows the colour scheme (``ChartStyle/css``), sizes itself to its labels
/// (long names wrap, and what is cut keeps its full text in a `<title>`), and has a legend
/// wherever colour or line style carries meaning. Text is XML-escaped.
public enum SVGCharts {
    /// `text` safe inside XML text and attribute values: the HTML escaping, whose character
    /// references and dropped controls are valid XML as well.
    public static func escape(_ text: String) -> String { HTMLEscaping.text(text) }

    /// A coordinate or a scale mark, to one decimal without a trailing `.0` (scores go through
    /// ``Formatting``).
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static let fontSize = 13.0
    static let lineHeight = 16.0

    static func document(
        width: Double, height: Double, title: String, description: String, body: [String], embedding: SVGEmbedding
    ) -> String {
        let w = Int(width.rounded(.up))
        let h = Int(height.rounded(.up))
        var lines: [String] = []
        let ids: (title: String, desc: String)
        switch embedding {
        case .standalone:
            ids = ("title", "desc")
            lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            lines.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" "
                    + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-labelledby=\"title desc\">")
        case .inline(let id):
            ids = ("\(id)-title", "\(id)-desc")
            lines.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"oc-chart\" width=\"\(w)\" height=\"\(h)\" "
                    + "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-labelledby=\"\(ids.title) \(ids.desc)\">")
        }
        lines.append("<title id=\"\(ids.title)\">\(escape(title))</title>")
        lines.append("<desc id=\"\(ids.desc)\">\(escape(description))</desc>")
        if embedding == .standalone {
            lines.append("<style>\n\(ChartStyle.css)</style>")
        }
        lines.append("<rect class=\"oc-bg\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\"/>")
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + (embedding == .standalone ? "\n" : "")
    }

    /// A standalone chart's visible title, cut to the canvas's `width` (the whole title stays in
    /// the chart's `<title>`).
    static func visibleTitle(_ title: String, width: Double) -> String {
        let fitted = ChartText.truncate(title, maxWidth: width - 32, fontSize: 15.5)
        return text(16, 22, fitted, cssClass: "oc-fg oc-title", tooltip: fitted == title ? nil : title)
    }

    static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String = "start", cssClass: String = "oc-fg",
        tooltip: String? = nil
    ) -> String {
        let tip = tooltip.map { "<title>\(escape($0))</title>" } ?? ""
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" class=\"\(cssClass)\">"
            + "\(tip)\(escape(content))</text>"
    }

    /// Lines of text one under the other, the first baseline at `y`.
    static func lines(
        _ x: Double, _ y: Double, _ content: [String], anchor: String = "start", cssClass: String = "oc-fg",
        tooltip: String? = nil
    ) -> [String] {
        content.enumerated().map { index, line in
            text(x, y + lineHeight * Double(index), line, anchor: anchor, cssClass: cssClass, tooltip: tooltip)
        }
    }

    static func rect(
        _ x: Double, _ y: Double, _ width: Double, _ height: Double, cssClass: String, radius: Double = 0,
        extra: String = ""
    ) -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\""
            + (radius > 0 ? " rx=\"\(number(radius))\"" : "") + " class=\"\(cssClass)\"\(extra)/>"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String, extra: String = "")
        -> String
    {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" "
            + "class=\"\(cssClass)\"\(extra)/>"
    }

    /// A legend entry's swatch of series `index`: a short line in its dash with its marker.
    static func seriesSwatch(_ index: Int, x: Double, y: Double) -> [String] {
        let colour = index % ChartStyle.series.count
        let dash = ChartStyle.dashes[index % ChartStyle.dashes.count]
        return [
            line(
                x, y, x + 26, y, cssClass: "oc-line oc-s\(colour)",
                extra: dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\""),
            marker(index, x: x + 13, y: y),
        ]
    }

    /// The marker of series `index` at a point.
    static func marker(_ index: Int, x: Double, y: Double) -> String {
        let colour = "oc-s\(index % ChartStyle.series.count) oc-f\(index % ChartStyle.series.count)"
        let r = 4.5
        func points(_ list: [(Double, Double)]) -> String {
            list.map { "\(number(x + $0.0)),\(number(y + $0.1))" }.joined(separator: " ")
        }
        switch ChartStyle.markers[index % ChartStyle.markers.count] {
        case "square":
            return rect(x - r, y - r, 2 * r, 2 * r, cssClass: colour)
        case "triangle":
            return "<polygon class=\"\(colour)\" points=\"\(points([(0, -r - 1), (r + 1, r), (-r - 1, r)]))\"/>"
        case "diamond":
            return
                "<polygon class=\"\(colour)\" points=\"\(points([(0, -r - 1), (r + 1, 0), (0, r + 1), (-r - 1, 0)]))\"/>"
        case "down":
            return "<polygon class=\"\(colour)\" points=\"\(points([(0, r + 1), (r + 1, -r), (-r - 1, -r)]))\"/>"
        case "plus":
            return "<path class=\"oc-s\(index % ChartStyle.series.count)\" stroke-width=\"2.5\" "
                + "d=\"M\(number(x - r - 1)) \(number(y))h\(number(2 * r + 2))M\(number(x)) \(number(y - r - 1))v\(number(2 * r + 2))\"/>"
        case "cross":
            return "<path class=\"oc-s\(index % ChartStyle.series.count)\" stroke-width=\"2.5\" "
                + "d=\"M\(number(x - r)) \(number(y - r))l\(number(2 * r)) \(number(2 * r))"
                + "M\(number(x + r)) \(number(y - r))l\(number(-2 * r)) \(number(2 * r))\"/>"
        default:
            return "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" class=\"\(colour)\"/>"
        }
    }

    // MARK: - Radar

    /// A radar (spider) chart of current and target maturity per domain: one spoke per domain,
    /// its name (wrapped) and its values at the end of the spoke, a dot at each current value,
    /// ring values on a halo above the polygons, and a legend.
    public static func radar(
        domains: [(name: String, current: Double?, target: Double?)], low: Double, high: Double, title: String,
        embedding: SVGEmbedding = .standalone
    ) -> String {
        let radius = 150.0
        let count = max(domains.count, 3)
        let labelWidth = 150.0
        func angle(_ index: Int) -> Double { -Double.pi / 2 + 2 * Double.pi * Double(index) / Double(count) }
        func offset(_ index: Int, _ value: Double) -> (Double, Double) {
            let fraction = high > low ? min(max((value - low) / (high - low), 0), 1) : 0
            return (cos(angle(index)) * radius * fraction, sin(angle(index)) * radius * fraction)
        }
        // The labels first, relative to the centre, to size the canvas around them.
        struct Label {
            var x: Double
            var y: Double
            var anchor: String
            var name: [String]
            var value: String
            var tooltip: String?
        }
        var labels: [Label] = []
        var minX = -radius
        var maxX = radius
        var minY = -radius
        var maxY = radius
        for (index, domain) in domains.enumerated() {
            let theta = angle(index)
            let (c, s) = (cos(theta), sin(theta))
            let wrapped = ChartText.wrap(domain.name, maxWidth: labelWidth, fontSize: fontSize, maxLines: 3)
            let value =
                Formatting.score(domain.current, none: "not assessed")
                + (domain.target.map { " → \(Formatting.trimmed($0))" } ?? "")
            let count = Double(wrapped.lines.count + 1)
            let blockHeight = lineHeight * count
            let anchor = abs(c) < 0.35 ? "middle" : (c > 0 ? "start" : "end")
            let gap = 14.0
            let x = c * (radius + gap)
            // The block's first baseline: above the spoke's end at the top, below it at the
            // bottom, centred on it at the sides.
            let top: Double
            if s < -0.35 {
                top = s * (radius + gap) - blockHeight
            } else if s > 0.35 {
                top = s * (radius + gap)
            } else {
                top = s * (radius + gap) - blockHeight / 2
            }
            let widest = (wrapped.lines + [value]).map { ChartText.width($0, fontSize: fontSize) }.max() ?? 0
            let left = anchor == "start" ? x : (anchor == "end" ? x - widest : x - widest / 2)
            minX = min(minX, left)
            maxX = max(maxX, left + widest)
            minY = min(minY, top)
            maxY = max(maxY, top + blockHeight)
            labels.append(
                Label(
                    x: x, y: top + 12, anchor: anchor, name: wrapped.lines, value: value,
                    tooltip: wrapped.truncated ? domain.name : nil))
        }
        let margin = 16.0
        let titleHeight = embedding == .standalone ? 30.0 : 0
        let legendHeight = 30.0
        let width = max(maxX - minX + 2 * margin, 360)
        let centerX = width / 2 - (maxX + minX) / 2
        let centerY = titleHeight + legendHeight + margin - minY
        let height = centerY + maxY + margin
        func point(_ index: Int, _ value: Double) -> String {
            let (dx, dy) = offset(index, value)
            return "\(number(centerX + dx)),\(number(centerY + dy))"
        }
        var body: [String] = []
        if embedding == .standalone {
            body.append(visibleTitle(title, width: width))
        }
        // Legend.
        let legendY = titleHeight + 18
        body.append(rect(margin, legendY - 10, 16, 12, cssClass: "oc-current"))
        body.append(text(margin + 22, legendY, "Current"))
        let targetX = margin + 22 + ChartText.width("Current", fontSize: fontSize) + 20
        if domains.contains(where: { $0.target != nil }) {
            body.append(line(targetX, legendY - 4, targetX + 28, legendY - 4, cssClass: "oc-target"))
            body.append(text(targetX + 34, legendY, "Target"))
        }
        // Rings and spokes.
        let rings = max(Int((high - low).rounded()), 1)
        for ring in 1...rings {
            let value = low + Double(ring)
            let points = (0..<count).map { point($0, value) }
            body.append("<polygon class=\"oc-grid\" points=\"\(points.joined(separator: " "))\"/>")
        }
        for index in 0..<count {
            let (dx, dy) = offset(index, high)
            body.append(line(centerX, centerY, centerX + dx, centerY + dy, cssClass: "oc-grid"))
        }
        func polygon(_ values: [Double?], cssClass: String) -> String {
            let points = (0..<count).map { index in
                point(index, index < values.count ? (values[index] ?? low) : low)
            }
            return "<polygon class=\"\(cssClass)\" points=\"\(points.joined(separator: " "))\"/>"
        }
        body.append(polygon(domains.map(\.current), cssClass: "oc-current"))
        if domains.contains(where: { $0.target != nil }) {
            body.append(polygon(domains.map(\.target), cssClass: "oc-target"))
        }
        for (index, domain) in domains.enumerated() {
            guard let current = domain.current else { continue }
            let (dx, dy) = offset(index, current)
            body.append(
                "<circle cx=\"\(number(centerX + dx))\" cy=\"\(number(centerY + dy))\" r=\"4\" class=\"oc-dot\"/>")
        }
        // Ring values between the first two spokes, on a halo so that no line crosses them.
        let between = -Double.pi / 2 + Double.pi / Double(count)
        for ring in 0...rings {
            let value = low + Double(ring)
            let fraction = high > low ? (value - low) / (high - low) : 0
            let x = centerX + cos(between) * radius * fraction
            let y = centerY + sin(between) * radius * fraction
            body.append(
                text(x + 3, y + 4, Formatting.trimmed(value), cssClass: "oc-muted oc-small oc-halo"))
        }
        for label in labels {
            body += lines(
                centerX + label.x, centerY + label.y, label.name, anchor: label.anchor, cssClass: "oc-fg",
                tooltip: label.tooltip)
            body.append(
                text(
                    centerX + label.x, centerY + label.y + lineHeight * Double(label.name.count), label.value,
                    anchor: label.anchor, cssClass: "oc-fg oc-b"))
        }
        let description =
            "Maturity per domain on a scale from \(number(low)) to \(number(high)): "
            + domains.map { domain in
                "\(domain.name) \(Formatting.score(domain.current, none: "not assessed"))"
                    + (domain.target.map { " (target \(number($0)))" } ?? "")
            }.joined(separator: "; ") + "."
        return document(
            width: width, height: height, title: title, description: description, body: body, embedding: embedding)
    }

    // MARK: - Roadmap timeline

    /// The roadmap as a calendar: one row per year, one column per quarter, one box per step with
    /// its id, levels, area and status. Steps reported done are drawn in `doneBy` (the quarter
    /// assessed, when they were reported), as done; the backlog is counted under the chart.
    /// `questionTexts` (by question id) gives each box a tooltip.
    public static func timeline(
        _ roadmap: Roadmap, title: String, doneBy: Period? = nil, questionTexts: [String: String] = [:],
        embedding: SVGEmbedding = .standalone
    ) -> String {
        // The quarters drawn, each with its steps.
        var columns: [Period: [RoadmapStep]] = [:]
        for milestone in roadmap.milestones {
            columns[milestone.period, default: []] += milestone.steps.filter { doneBy == nil || $0.status != .done }
        }
        if let doneBy {
            let done = roadmap.milestones.flatMap(\.steps).filter { $0.status == .done }
            if !done.isEmpty { columns[doneBy, default: []] = done + (columns[doneBy] ?? []) }
        }
        let years = Set(columns.keys.map(\.year)).sorted()
        let margin = 16.0
        let yearWidth = 52.0
        let columnWidth = 216.0
        let boxHeight = 62.0
        let boxGap = 6.0
        let headerHeight = 26.0
        let titleHeight = embedding == .standalone ? 30.0 : 0
        let legendHeight = 30.0
        let width = margin * 2 + yearWidth + columnWidth * 4
        var body: [String] = []
        if embedding == .standalone {
            body.append(visibleTitle(title, width: width))
        }
        // Legend: status by outline, fill and symbol.
        var legendX = margin
        let legendY = titleHeight + 18
        let drawsDone = doneBy != nil && roadmap.scheduledSteps.contains { $0.status == .done }
        for (cssClass, label) in [
            ("oc-planned", "○ planned"), ("oc-progress", "◐ in progress"),
            ("oc-done", drawsDone ? doneBy.map { "✓ done (drawn in \($0), when reported)" } ?? "✓ done" : "✓ done"),
        ] {
            body.append(rect(legendX, legendY - 11, 18, 14, cssClass: cssClass, radius: 3))
            body.append(text(legendX + 24, legendY, label))
            legendX += 24 + ChartText.width(label, fontSize: fontSize) + 22
        }
        var y = titleHeight + legendHeight + 8
        for year in years {
            let rowSteps =
                (1...4).compactMap { Period(year: year, quarter: $0) }.map { columns[$0]?.count ?? 0 }.max() ?? 0
            let rowHeight = headerHeight + max(Double(rowSteps), 1) * (boxHeight + boxGap) + 8
            body.append(rect(margin, y, width - 2 * margin, rowHeight, cssClass: "oc-band", radius: 6))
            body.append(text(margin + 8, y + 19, String(year), cssClass: "oc-fg oc-b"))
            for quarter in 1...4 {
                let x = margin + yearWidth + columnWidth * Double(quarter - 1)
                guard let period = Period(year: year, quarter: quarter), let steps = columns[period] else { continue }
                let isDone = period == doneBy && !roadmap.milestones.contains { $0.period == period }
                body.append(
                    text(
                        x + 6, y + 19, "\(period)" + (isDone ? " · done" : " · \(Plural.count(steps.count, "step"))"),
                        cssClass: "oc-muted"))
                if steps.isEmpty {
                    body.append(
                        rect(x + 4, y + headerHeight, columnWidth - 10, boxHeight, cssClass: "oc-empty", radius: 4))
                    body.append(text(x + 14, y + headerHeight + 36, "no steps", cssClass: "oc-muted"))
                }
                for (row, step) in steps.enumerated() {
                    let top = y + headerHeight + (boxHeight + boxGap) * Double(row)
                    body += stepBox(
                        step, x: x + 4, y: top, width: columnWidth - 10, height: boxHeight,
                        tooltip: questionTexts[step.questionID])
                }
            }
            y += rowHeight + 8
        }
        if years.isEmpty {
            body.append(text(margin, y + 16, "No steps are scheduled.", cssClass: "oc-muted"))
            y += 28
        }
        if !roadmap.backlog.isEmpty {
            body.append(
                text(
                    margin, y + 14,
                    "Later (backlog): \(Plural.count(roadmap.backlog.count, "step")) beyond \(roadmap.milestones.last?.period.description ?? "the horizon").",
                    cssClass: "oc-muted"))
            y += 24
        }
        let height = y + margin
        let description =
            roadmap.milestones.map { milestone in
                "\(milestone.period): "
                    + (milestone.steps.isEmpty
                        ? "no steps"
                        : milestone.steps.map { "\($0.id) (\(statusWord($0.status)))" }.joined(separator: ", "))
            }.joined(separator: "; ") + "."
            + (roadmap.backlog.isEmpty ? "" : " Backlog: \(Plural.count(roadmap.backlog.count, "step")).")
        return document(
            width: width, height: height, title: title, description: description, body: body, embedding: embedding)
    }

    static func statusWord(_ status: StepStatus) -> String {
        switch status {
        case .planned: "planned"
        case .inProgress: "in progress"
        case .done: "done"
        case .dropped: "dropped"
        }
    }

    /// One step of the timeline: id and levels, area, status in a word and a symbol.
    static func stepBox(
        _ step: RoadmapStep, x: Double, y: Double, width: Double, height: Double, tooltip: String?
    ) -> [String] {
        let (cssClass, mark, word): (String, String, String) =
            switch step.status {
            case .done: ("oc-done", "✓", "done")
            case .inProgress: ("oc-progress", "◐", "in progress")
            case .planned, .dropped: ("oc-planned", "○", "planned")
            }
        var body = ["<g>"]
        let tip = "\(step.id): " + (tooltip ?? step.area ?? step.questionID)
        body.append("<title>\(escape(tip))</title>")
        body.append(rect(x, y, width, height, cssClass: cssClass, radius: 4))
        if step.status == .inProgress || step.status == .done {
            body.append(rect(x, y, 5, height, cssClass: "\(cssClass)-mark", radius: 2))
        }
        let inner = width - 20
        body.append(text(x + 12, y + 18, step.id, cssClass: "oc-fg oc-b"))
        body.append(
            text(x + width - 8, y + 18, "\(step.fromLevel) → \(step.toLevel)", anchor: "end", cssClass: "oc-muted"))
        let area = ChartText.truncate(step.area ?? step.questionID, maxWidth: inner, fontSize: fontSize)
        body.append(text(x + 12, y + 36, area))
        body.append(text(x + 12, y + 54, "\(mark) \(word)", cssClass: "oc-muted"))
        body.append("</g>")
        return body
    }

    // MARK: - Trend

    /// A line chart of a team's domain scores by quarter: each domain in its colour, dash and
    /// marker, labelled at the end of its line with its name and latest value; the vertical axis
    /// spans the values shown (whole levels), so that close lines stay apart.
    public static func trend(_ trend: Trend, low: Double, high: Double, embedding: SVGEmbedding = .standalone)
        -> String
    {
        let values = trend.points.flatMap { point in trend.domains.compactMap { point.domains[$0.id] } }
        var bottomValue = max(low, (values.min() ?? low).rounded(.down))
        var topValue = min(high, (values.max() ?? high).rounded(.up))
        if topValue - bottomValue < 1 {
            if topValue < high { topValue += 1 } else { bottomValue = max(low, bottomValue - 1) }
        }
        let step = topValue - bottomValue <= 2 ? 0.5 : 1
        let margin = 16.0
        let left = 46.0
        let legendWidth = 230.0
        let plotWidth = max(420.0, min(760.0, 70 * Double(trend.points.count)))
        let titleHeight = embedding == .standalone ? 30.0 : 0
        let top = titleHeight + 20
        let plotHeight = 280.0
        let width = left + plotWidth + 24 + legendWidth + margin
        let height = top + plotHeight + 56
        func x(_ index: Int) -> Double {
            trend.points.count > 1
                ? left + 12 + (plotWidth - 24) * Double(index) / Double(trend.points.count - 1) : left + plotWidth / 2
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (topValue > bottomValue ? (value - bottomValue) / (topValue - bottomValue) : 0))
        }
        var body: [String] = []
        if embedding == .standalone {
            body.append(visibleTitle("Maturity by quarter: \(trend.team)", width: width))
        }
        for level in stride(from: bottomValue, through: topValue + 0.001, by: step) {
            body.append(line(left, y(level), left + plotWidth, y(level), cssClass: "oc-grid"))
            body.append(text(left - 8, y(level) + 4, Formatting.trimmed(level), anchor: "end", cssClass: "oc-muted"))
        }
        body.append(line(left, top, left, top + plotHeight, cssClass: "oc-axis"))
        // Period labels, thinned so that they never touch.
        let spacing = trend.points.count > 1 ? (plotWidth - 24) / Double(trend.points.count - 1) : plotWidth
        let labelWidth = ChartText.width("2027-Q4", fontSize: fontSize) + 12
        let every = max(1, Int((labelWidth / spacing).rounded(.up)))
        for (index, point) in trend.points.enumerated() where index % every == 0 {
            body.append(
                text(x(index), top + plotHeight + 20, point.period.description, anchor: "middle", cssClass: "oc-muted"))
        }
        body.append(
            text(
                left + plotWidth / 2, top + plotHeight + 42, "Quarter assessed", anchor: "middle", cssClass: "oc-muted")
        )
        // Lines, then markers.
        var ends: [(index: Int, y: Double, last: Double?)] = []
        for (index, domain) in trend.domains.enumerated() {
            let colour = index % ChartStyle.series.count
            let dash = ChartStyle.dashes[index % ChartStyle.dashes.count]
            let points = trend.points.enumerated().compactMap { offset, point in
                point.domains[domain.id].map { (x(offset), y($0)) }
            }
            if points.count > 1 {
                body.append(
                    "<polyline class=\"oc-line oc-s\(colour)\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") "
                        + "points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\"/>")
            }
            for point in points { body.append(marker(index, x: point.0, y: point.1)) }
            let last = trend.points.last?.domains[domain.id]
            ends.append((index, points.last?.1 ?? (top + plotHeight), last))
        }
        // The legend beside the plot: each entry (its name on up to two lines) as near its
        // line's end as the others allow.
        let legendX = left + plotWidth + 24
        let entries = ends.sorted { $0.y < $1.y }.map { end in
            let value = Formatting.score(end.last)
            let room = legendWidth - 36 - ChartText.width(value, fontSize: fontSize) - 8
            let name = ChartText.wrap(trend.domains[end.index].name, maxWidth: room, fontSize: fontSize, maxLines: 2)
            return (end: end, value: value, name: name, height: lineHeight * Double(max(name.lines.count, 1)) + 4)
        }
        var placed = entries.map(\.end.y)
        for position in placed.indices.dropFirst() {
            let minimum = placed[position - 1] + entries[position - 1].height
            if placed[position] < minimum { placed[position] = minimum }
        }
        let overflow = (placed.last ?? 0) + (entries.last?.height ?? 0) - (top + plotHeight + 40)
        if overflow > 0 { for position in placed.indices { placed[position] -= overflow } }
        for position in placed.indices.reversed() where position > 0 {
            let maximum = placed[position] - entries[position - 1].height
            if placed[position - 1] > maximum { placed[position - 1] = maximum }
        }
        for (position, entry) in entries.enumerated() {
            let entryY = placed[position]
            let domain = trend.domains[entry.end.index]
            body.append(line(legendX - 20, entry.end.y, legendX - 4, entryY, cssClass: "oc-grid"))
            body += seriesSwatch(entry.end.index, x: legendX, y: entryY)
            body += lines(
                legendX + 34, entryY + 4, entry.name.lines, tooltip: entry.name.truncated ? domain.name : nil)
            body.append(text(legendX + legendWidth - 4, entryY + 4, entry.value, anchor: "end", cssClass: "oc-fg oc-b"))
        }
        let description =
            "Maturity by quarter for \(trend.team): "
            + trend.domains.map { domain in
                "\(domain.name) "
                    + trend.points.map { Formatting.score($0.domains[domain.id]) }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        return document(
            width: width, height: height, title: "Maturity by quarter: \(trend.team)", description: description,
            body: body, embedding: embedding)
    }

    // MARK: - Heatmap

    /// A heatmap of the teams × domains of one questionnaire's group: a gutter as wide as the
    /// team names need (up to two lines; a longer name is cut and keeps its full text in a
    /// tooltip), wrapped column headers, five colour classes each with its number and glyph, and
    /// a colour scale legend.
    public static func heatmap(_ portfolio: Portfolio.Group, embedding: SVGEmbedding = .standalone) -> String {
        let (low, high) = portfolio.scale
        let margin = 16.0
        let cellWidth = 112.0
        let maxGutter = 240.0
        let names = portfolio.rows.map(\.team)
        let widest = (names.map { ChartText.width($0, fontSize: fontSize) } + [60]).max() ?? 60
        let gutter = min(widest, maxGutter) + 12
        let wrappedNames = names.map {
            ChartText.wrap($0, maxWidth: gutter - 12, fontSize: fontSize, maxLines: 2)
        }
        let nameLines = wrappedNames.map(\.lines.count).max() ?? 1
        let cellHeight = nameLines > 1 ? 44.0 : 32.0
        let headers = portfolio.domains.map {
            ChartText.wrap($0.name, maxWidth: cellWidth - 10, fontSize: fontSize, maxLines: 3)
        }
        let headerLines = Double(headers.map(\.lines.count).max() ?? 1)
        let titleHeight = embedding == .standalone ? 30.0 : 0
        let headerTop = titleHeight + 8
        let gridTop = headerTop + headerLines * lineHeight + 8
        let columns = max(portfolio.domains.count, 1)
        let legendTop = gridTop + cellHeight * Double(max(portfolio.rows.count, 1)) + 18
        let ranges = Formatting.scaleClassRanges(low: low, high: high, classes: ChartStyle.heat.count)
        let legendItemWidth = 92.0
        let width = max(
            margin * 2 + gutter + cellWidth * Double(columns),
            margin * 2 + legendItemWidth * Double(ranges.count + 1) + 60)
        let height = legendTop + 64
        var body: [String] = []
        if embedding == .standalone {
            body.append(visibleTitle("Portfolio maturity: \(portfolio.title)", width: width))
        }
        for (column, header) in headers.enumerated() {
            let x = margin + gutter + cellWidth * (Double(column) + 0.5)
            // Bottom-aligned above the grid.
            let first = gridTop - 8 - lineHeight * Double(header.lines.count - 1) - 4
            body += lines(
                x, first, header.lines, anchor: "middle", cssClass: "oc-fg oc-b",
                tooltip: header.truncated ? portfolio.domains[column].name : nil)
        }
        for (row, team) in portfolio.rows.enumerated() {
            let y = gridTop + cellHeight * Double(row)
            let name = wrappedNames[row]
            let first = y + cellHeight / 2 + 5 - lineHeight * Double(name.lines.count - 1) / 2
            body += lines(
                margin + gutter - 10, first, name.lines, anchor: "end", tooltip: name.truncated ? team.team : nil)
            for (column, domain) in portfolio.domains.enumerated() {
                let x = margin + gutter + cellWidth * Double(column)
                let value = team.domains[domain.id]
                let label = "\(Formatting.glyph(value, low: low, high: high)) \(Formatting.score(value))"
                if let index = Formatting.scaleClass(value, low: low, high: high, classes: ChartStyle.heat.count) {
                    let colours = ChartStyle.heat[index]
                    body.append(
                        rect(
                            x + 2, y + 2, cellWidth - 4, cellHeight - 4, cssClass: "oc-cell", radius: 3,
                            extra: " fill=\"\(colours.fill)\""))
                    body.append(
                        "<text x=\"\(number(x + cellWidth / 2))\" y=\"\(number(y + cellHeight / 2 + 5))\" "
                            + "text-anchor=\"middle\" fill=\"\(colours.text)\">\(escape(label))</text>")
                } else {
                    body.append(rect(x + 2, y + 2, cellWidth - 4, cellHeight - 4, cssClass: "oc-empty", radius: 3))
                    body.append(
                        text(
                            x + cellWidth / 2, y + cellHeight / 2 + 5, "not assessed", anchor: "middle",
                            cssClass: "oc-muted oc-small"))
                }
            }
        }
        // The colour scale.
        body.append(text(margin, legendTop + 14, "Colour scale (score as shown):", cssClass: "oc-muted"))
        for (index, range) in ranges.enumerated() {
            let x = margin + legendItemWidth * Double(index)
            let colours = ChartStyle.heat[index]
            body.append(
                rect(
                    x, legendTop + 24, legendItemWidth - 6, 24, cssClass: "oc-cell", radius: 3,
                    extra: " fill=\"\(colours.fill)\""))
            let glyph = Formatting.glyph(range.from, low: low, high: high)
            body.append(
                "<text x=\"\(number(x + (legendItemWidth - 6) / 2))\" y=\"\(number(legendTop + 41))\" "
                    + "text-anchor=\"middle\" fill=\"\(colours.text)\">"
                    + "\(escape("\(glyph) \(Formatting.score(range.from))–\(Formatting.score(range.to))"))</text>")
        }
        let emptyX = margin + legendItemWidth * Double(ranges.count)
        body.append(rect(emptyX, legendTop + 24, legendItemWidth - 6, 24, cssClass: "oc-empty", radius: 3))
        body.append(
            text(
                emptyX + (legendItemWidth - 6) / 2, legendTop + 41, "not assessed", anchor: "middle",
                cssClass: "oc-muted oc-small"))
        let description =
            "Maturity of \(portfolio.rows.count) teams by domain: "
            + portfolio.rows.map { row in
                "\(row.team) " + portfolio.domains.map { Formatting.score(row.domains[$0.id]) }.joined(separator: ", ")
            }.joined(separator: "; ") + "."
        return document(
            width: width, height: height, title: "Portfolio maturity heatmap: \(portfolio.title)",
            description: description, body: body, embedding: embedding)
    }
}
