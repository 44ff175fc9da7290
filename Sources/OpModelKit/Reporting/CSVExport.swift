/// Spreadsheet exports (`--format csv`): RFC 4180 with CRLF, a header row, numbers with two
/// decimals, and a guard against formula injection from user text.
public enum CSVExport {
    static func number(_ value: Double?) -> String {
        Formatting.exportText(value)
    }

    /// One row per question: domain, area, question id, text, level, label, N/A, note, votes,
    /// target, gap.
    public static func answers(_ assessment: Assessment, questionnaire: Questionnaire) -> String {
        var rows: [[String]] = [
            [
                "domain", "area", "question", "text", "level", "label", "not applicable", "note", "votes", "target",
                "gap",
            ]
        ]
        let names = Dictionary(
            assessment.participants.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        for domain in questionnaire.domains {
            for question in domain.questions {
                let answer = assessment.discover.answers[question.id]
                let state = AnswerState(question: question, answer: answer)
                let level = state.level
                let target = question.target ?? assessment.build.targets[domain.id]
                let votes = (answer?.votes ?? [:]).sorted { $0.key < $1.key }.map { id, vote in
                    "\(names[id] ?? id): \(vote)"
                }.joined(separator: "; ")
                let gap: String
                if let level, let target { gap = String(max(0, target - level)) } else { gap = "" }
                rows.append([
                    domain.name, question.area ?? "", question.id, question.text, level.map(String.init) ?? "",
                    level.flatMap { questionnaire.scaleLevel($0)?.name } ?? "",
                    answer?.notApplicable == true ? "yes" : "no", answer?.note ?? "", votes,
                    target.map(String.init) ?? "", gap,
                ])
            }
        }
        return CSVWriter().write(rows)
    }

    /// One row per team × domain of a portfolio, with the questionnaire of each team's group
    /// (ranks are within a group: teams of different questionnaires are never ranked together).
    public static func portfolio(_ portfolio: Portfolio) -> String {
        var rows: [[String]] = [["questionnaire", "rank", "team", "period", "domain", "score", "overall", "coverage"]]
        for group in portfolio.groups {
            for (index, row) in group.rows.enumerated() {
                for domain in group.domains {
                    rows.append([
                        group.id, String(index + 1), row.team, row.period.description, domain.name,
                        number(row.domains[domain.id]), number(row.overall), number(row.coverage),
                    ])
                }
            }
        }
        return CSVWriter().write(rows)
    }
}
