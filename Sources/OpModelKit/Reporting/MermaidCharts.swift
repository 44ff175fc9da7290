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

    /// A bar chart of the current score per domain with the target as a line.
    public static func maturity(card: Scorecard, questionnaire: Questionnaire) -> String {
        let names = card.domains.map { "\"\(label($0.name))\"" }.joined(separator: ", ")
        let current = card.domains.map { value($0.score ?? 0) }.joined(separator: ", ")
        let targets = card.domains.map { value(Double($0.target ?? 0)) }.joined(separator: ", ")
        var lines = [
            "```mermaid",
            "xychart-beta",
            "    title \"Maturity by domain - current (bars) and target (line)\"",
            "    x-axis [\(names)]",
            "    y-axis \"Level\" 0 --> \(questionnaire.maximumLevel)",
            "    bar [\(current)]",
        ]
        if card.domains.contains(where: { $0.target != nil }) {
            lines.append("    line [\(targets)]")
        }
        lines.append("```")
        return lines.joined(separator: "\n")
    }

    /// A Gantt chart of the roadmap: one section per quarter, one bar per step.
    public static func gantt(roadmap: Roadmap) -> String {
        var lines = [
            "```mermaid",
            "gantt",
            "    title Roadmap by quarter",
            "    dateFormat YYYY-MM-DD",
            "    axisFormat %b %Y",
        ]
        var counter = 0
        for milestone in roadmap.milestones where !milestone.steps.isEmpty {
            lines.append("    section \(milestone.period)")
            for step in milestone.steps {
                counter += 1
                var tags: [String] = []
                if step.status == .done { tags.append("done") }
                if step.status == .inProgress { tags.append("active") }
                let name = label("\(step.id) \(step.area ?? step.questionID) to level \(step.toLevel)")
                let end = milestone.period.next.firstDay
                tags.append("s\(counter)")
                tags.append(milestone.period.firstDay)
                tags.append(end)
                lines.append("    \(name) :\(tags.joined(separator: ", "))")
            }
        }
        if counter == 0 {
            return ""
        }
        lines.append("```")
        return lines.joined(separator: "\n")
    }

    static func value(_ number: Double) -> String {
        Formatting.score(number)
    }
}
