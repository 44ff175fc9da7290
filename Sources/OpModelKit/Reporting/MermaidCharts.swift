/// Mermaid diagrams for Markdown reports, limited to syntax documented for Mermaid 10 and later
/// (`xychart-beta`, `gantt`). Every label that carries questionnaire or user text goes through
/// ``label(_:)``.
public enum MermaidCharts {
    /// Text made safe for a Mermaid label or task name: characters Mermaid treats as syntax
    /// (`:` `#` `;` quotes, brackets, braces, backticks) are replaced by plain look-alikes and
    /// line breaks by spaces.
    public static func label(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case ":": result += " -"
            case "#": result += "No."
            case ";": result += ","
            case "\"", "`": result += "'"
            case "[", "{", "<": result += "("
            case "]", "}", ">": result += ")"
            case "\\": result += "/"
            case "%": result += " percent"
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        // Collapse runs of spaces left by replacements.
        var collapsed = ""
        var lastWasSpace = false
        for character in result {
            if character == " " {
                if !lastWasSpace { collapsed.append(character) }
                lastWasSpace = true
            } else {
                collapsed.append(character)
                lastWasSpace = false
            }
        }
        return collapsed.trimmingSpaces
    }

    /// Colours of Mermaid series (xychart's `plotColorPalette`): the Okabe–Ito colours at the
    /// mid-tones that keep their contrast on both GitHub's light and dark backgrounds, where one
    /// value serves both themes.
    static let palette: [ChartStyle.Colour] = [
        .init(name: "blue", light: "#0072B2", dark: "#0072B2"),
        .init(name: "vermillion", light: "#D55E00", dark: "#D55E00"),
        .init(name: "green", light: "#009E73", dark: "#009E73"),
        .init(name: "purple", light: "#CC79A7", dark: "#CC79A7"),
        .init(name: "orange", light: "#E69F00", dark: "#E69F00"),
        .init(name: "sky blue", light: "#56B4E9", dark: "#56B4E9"),
        .init(name: "grey", light: "#999999", dark: "#999999"),
    ]

    /// The colour of series `index`, cycling.
    static func colour(_ index: Int) -> ChartStyle.Colour { palette[index % palette.count] }

    /// An xychart's `%%{init}%%` directive: its size, data labels, and series colours.
    static func xyChartInit(width: Int, height: Int, colours: Int, dataLabels: Bool) -> String {
        let list = (0..<max(colours, 1)).map { colour($0).light }.joined(separator: ", ")
        return "%%{init: {\"xyChart\": {\"width\": \(width), \"height\": \(height), "
            + "\"showDataLabel\": \(dataLabels), \"xAxis\": {\"labelFontSize\": 14}, "
            + "\"yAxis\": {\"labelFontSize\": 14}}, "
            + "\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"\(list)\"}}}}%%"
    }

    /// The width of an xychart's plot area for `width`, leaving the axis its room.
    static func plotWidth(_ width: Int) -> Double { Double(width) - 110 }

    /// Names for an xychart's x-axis: the full names when each fits its slot, otherwise short
    /// ones (``ChartText/abbreviations(_:prefixes:)``); `abbreviated` tells which.
    static func axisLabels(_ names: [String], prefixes: [String?], width: Int) -> (
        labels: [String], abbreviated: Bool
    ) {
        let slot = plotWidth(width) / Double(max(names.count, 1)) - 12
        if names.allSatisfy({ ChartText.width(label($0), fontSize: 14) <= slot }) {
            return (names.map(label), false)
        }
        return (ChartText.abbreviations(names, prefixes: prefixes).map(label), true)
    }

    /// A bar chart of the current score per domain with the target as a line: blue bars, a
    /// vermillion target line (the values are in the table above the chart), and, when the domain names would not fit under
    /// their bars, short names explained under the chart.
    public static func maturity(card: Scorecard, questionnaire: Questionnaire) -> String {
        let width = 900
        let prefixes = questionnaire.domains.map { ChartText.sharedPrefix(of: $0.questions.map(\.id)) }
        let (labels, abbreviated) = axisLabels(card.domains.map(\.name), prefixes: prefixes, width: width)
        let names = labels.map { "\"\($0)\"" }.joined(separator: ", ")
        let current = card.domains.map { value($0.score ?? 0) }.joined(separator: ", ")
        let targets = card.domains.map { value(Double($0.target ?? 0)) }.joined(separator: ", ")
        let hasTargets = card.domains.contains(where: { $0.target != nil })
        var lines = [
            "```mermaid",
            xyChartInit(width: width, height: 420, colours: hasTargets ? 2 : 1, dataLabels: false),
            "xychart-beta",
            "    title \"Maturity by domain - current (bars) and target (line)\"",
            "    x-axis [\(names)]",
            "    y-axis \"Level\" 0 --> \(questionnaire.maximumLevel)",
            "    bar [\(current)]",
        ]
        if hasTargets {
            lines.append("    line [\(targets)]")
        }
        lines.append("```")
        var legend =
            "Bars (\(colour(0).name)): the current score"
            + (hasTargets ? "; line (\(colour(1).name)): the target" : "") + "."
        if abbreviated {
            legend +=
                " Domains: "
                + zip(labels, card.domains).map { "**\($0)** \(MarkdownEscaping.inline($1.name))" }.joined(
                    separator: ", ") + "."
        }
        return lines.joined(separator: "\n") + "\n\n" + legend
    }

    /// The `%%{init}%%` directive of the roadmap's Gantt charts: readable text, taller bars,
    /// and bar colours (light tints with dark text, readable in both themes) that tell planned,
    /// in progress and done apart.
    static let ganttInit =
        "%%{init: {\"gantt\": {\"fontSize\": 14, \"sectionFontSize\": 14, \"barHeight\": 28, "
        + "\"barGap\": 6, \"topPadding\": 56, \"leftPadding\": 96, \"rightPadding\": 24, "
        + "\"gridLineStartPadding\": 40, \"numberSectionStyles\": 2}, \"themeVariables\": {"
        + "\"taskBkgColor\": \"#CFE6F5\", \"taskBorderColor\": \"#0072B2\", \"taskTextColor\": \"#1F2328\", "
        + "\"taskTextDarkColor\": \"#1F2328\", \"taskTextLightColor\": \"#1F2328\", "
        + "\"activeTaskBkgColor\": \"#FBE3B5\", \"activeTaskBorderColor\": \"#B87800\", "
        + "\"doneTaskBkgColor\": \"#BFE8DA\", \"doneTaskBorderColor\": \"#007A5A\"}}}%%"

    /// The roadmap as Gantt charts: one chart per calendar year (so that a long horizon stays
    /// legible), one section per quarter, one bar per step. Steps reported done are drawn as done
    /// in `doneBy` (the quarter assessed, when they were reported) rather than in the quarter the
    /// plan gave them. Empty when no step is scheduled.
    public static func gantt(roadmap: Roadmap, doneBy: Period? = nil) -> String {
        var quarters: [(period: Period, steps: [RoadmapStep])] = []
        let done = doneBy == nil ? [] : roadmap.scheduledSteps.filter { $0.status == .done }
        if let doneBy, !done.isEmpty { quarters.append((doneBy, done)) }
        for milestone in roadmap.milestones {
            let steps = milestone.steps.filter { doneBy == nil || $0.status != .done }
            guard !steps.isEmpty else { continue }
            if let index = quarters.firstIndex(where: { $0.period == milestone.period }) {
                quarters[index].steps += steps
            } else {
                quarters.append((milestone.period, steps))
            }
        }
        guard !quarters.isEmpty else { return "" }
        let years = quarters.reduce(into: [Int]()) { years, quarter in
            if years.last != quarter.period.year { years.append(quarter.period.year) }
        }
        var blocks: [String] = []
        var counter = 0
        for year in years {
            var lines = [
                "```mermaid",
                ganttInit,
                "gantt",
                "    title Roadmap " + (years.count > 1 ? "\(year)" : "by quarter"),
                "    dateFormat YYYY-MM-DD",
                "    axisFormat %b %Y",
                "    todayMarker off",
            ]
            for quarter in quarters where quarter.period.year == year {
                let isDone = quarter.period == doneBy && done.contains(where: { quarter.steps.contains($0) })
                lines.append("    section \(quarter.period)" + (isDone ? " done" : ""))
                for step in quarter.steps {
                    counter += 1
                    var tags: [String] = []
                    var suffix = ""
                    if step.status == .done {
                        tags.append("done")
                        suffix = " (done)"
                    }
                    if step.status == .inProgress {
                        tags.append("active")
                        suffix = " (in progress)"
                    }
                    let name = label("\(step.id) \(step.area ?? step.questionID) to level \(step.toLevel)\(suffix)")
                    tags.append("s\(counter)")
                    tags.append(quarter.period.firstDay)
                    tags.append(quarter.period.next.firstDay)
                    lines.append("    \(name) :\(tags.joined(separator: ", "))")
                }
            }
            lines.append("```")
            blocks.append(lines.joined(separator: "\n"))
        }
        var legend = "Bars: blue planned, orange in progress, green done"
        if doneBy != nil, !done.isEmpty, let doneBy {
            legend += " (steps reported done are drawn in \(doneBy), when they were reported)"
        }
        blocks.append(legend + ".")
        return blocks.joined(separator: "\n\n")
    }

    static func value(_ number: Double) -> String {
        Formatting.score(number)
    }
}
