import OpModelKit

/// `opmodel score FILE [--json]`: the maturity scores of an assessment.
struct ScoreCommand: Command {
    static let spec = CommandSpec(
        name: "score",
        abstract: "Show the maturity scores of an assessment: a bar per domain, coverage and gaps.",
        discussion: """
            With --json, prints the stable contract: {"overall": {"score", "level", "label", "target",
            "coverage"}, "percentToTarget", "domains": [{"id", "name", "score", "level", "label", "target",
            "gap", "coverage", "answered", "notApplicable", "unanswered", "delta"}]}. Numbers have two
            decimals; null means not assessed, no target, or no previous assessment.
            """,
        arguments: [file],
        options: [
            Options.json.help("Print the scores as JSON (a stable interface for scripts)."), Options.questionnaire,
            Options.store,
        ])

    static let file = ArgumentSpec(name: "file", help: "The assessment file.")

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let loaded = try context.openAssessment(at: arguments[Self.file] ?? "", arguments)
        let questionnaire = loaded.questionnaire.questionnaire
        let card = ScoreCalculator.score(loaded.assessment, questionnaire: questionnaire, previous: loaded.previous)
        if arguments.isSet(Options.json) {
            context.print(JSONWriter.prettyText(ScoreJSON.scorecard(card, questionnaire: questionnaire)))
            return .success
        }
        context.print(Self.summary(card: card, loaded: loaded, style: context.style))
        return .success
    }

    /// The terminal summary: a header, the overall line, and a table of domains with bars.
    static func summary(card: Scorecard, loaded: OpenedAssessment, style: TextStyle) -> String {
        let assessment = loaded.assessment
        let questionnaire = loaded.questionnaire.questionnaire
        var lines: [String] = []
        let who = [assessment.organization, assessment.team].compactMap { $0 }.joined(separator: " · ")
        lines.append(
            style.bold("\(who) · \(assessment.period)")
                + style.dim(" · \(questionnaire.title) \(questionnaire.version)"))
        lines.append("")
        var overall = "Overall  " + style.bold(Self.scoreText(card.overall.score, questionnaire: questionnaire))
        if let target = card.overall.target { overall += "   target \(Formatting.score(target))" }
        overall += "   coverage \(Formatting.percent(card.overall.coverage))"
        if let percent = card.percentToTarget { overall += "   \(Formatting.percent(percent)) of the way to target" }
        lines.append(overall)
        lines.append("")
        var rows: [[String]] = []
        for domain in card.domains {
            let bar = Self.bar(domain.score, questionnaire: questionnaire)
            rows.append([
                domain.name,
                (domain.isAssessed ? style.green(bar) : style.dim(bar)) + " "
                    + Self.scoreText(domain.score, questionnaire: questionnaire),
                domain.target.map(String.init) ?? "–",
                Formatting.gapText(target: domain.target, score: domain.score),
                Formatting.percent(domain.coverage),
                "\(domain.answered)/\(domain.answered + domain.unanswered)"
                    + (domain.notApplicable > 0 ? " (\(domain.notApplicable) n/a)" : ""),
                domain.delta == nil ? "" : Formatting.deltaText(from: domain.previousScore, to: domain.score),
            ])
        }
        let hasDelta = card.domains.contains { $0.delta != nil }
        var header = ["DOMAIN", "SCORE", "TARGET", "GAP", "COVERAGE", "ANSWERED"]
        if hasDelta { header.append("DELTA") } else { rows = rows.map { Array($0.dropLast()) } }
        lines.append(TextTable.render(header: header, rows: rows, style: style))
        let unanswered = card.overall.unanswered
        if unanswered > 0 {
            lines.append("")
            lines.append(
                style.yellow("\(unanswered) question\(unanswered == 1 ? " is" : "s are") unanswered")
                    + "; resume with 'opmodel assess \(loaded.path)'.")
        }
        return lines.joined(separator: "\n")
    }

    static func scoreText(_ score: Double?, questionnaire: Questionnaire) -> String {
        guard let score else { return "not assessed" }
        return "\(Formatting.score(score)) \(questionnaire.levelName(for: score))"
    }

    /// Ten cells between the bottom and the top of the scale; dots when not assessed.
    static func bar(_ score: Double?, questionnaire: Questionnaire) -> String {
        score == nil ? String(repeating: "·", count: 10) : Formatting.bar(score, questionnaire: questionnaire)
    }
}
