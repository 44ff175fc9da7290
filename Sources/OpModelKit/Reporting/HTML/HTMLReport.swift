/// The HTML roadmap report (`opmodel report FILE --format html`, DESIGN §10.4): one
/// self-contained file rendered from `Templates/roadmap.html` by the same template engine as the
/// Markdown, with HTML escaping.
///
/// An HTML template sees the Markdown report's context, with three differences:
/// - `charts.maturity` and `charts.gantt` hold inline SVG (the radar and the roadmap timeline)
///   instead of Mermaid, for `{{{…}}}`;
/// - `page`: `css` (the style sheet, ``HTMLStyle/css``), `contentSecurityPolicy`, `lang`;
/// - `leadership`: `topGaps`, the questions furthest below their target (at most
///   ``topGapCount``), each with `id`, `text`, `domainName`, `levelText`, `targetText`,
///   `gapText` and `whenText` (the quarter of its first step, or "backlog"), and `hasTopGaps`.
extension ReportRenderer {
    /// How many questions the summary's "largest gaps" table lists.
    public static let topGapCount = 5

    /// The HTML report of `input` rendered with `template` (named `templateName` in messages).
    /// Template problems are data errors with line and column, as for Markdown.
    public static func html(_ input: ReportInput, template: String, templateName: String) throws -> String {
        let parsed: Template
        do {
            parsed = try Template(source: template, name: templateName, escaping: HTMLEscaping.text)
        } catch {
            throw DataError.problems(file: templateName, error.errors.map(problem))
        }
        let context = htmlContext(input)
        let unknown = parsed.unknownNames(against: JSONShape.merge(context, htmlSampleContext))
        if !unknown.isEmpty {
            throw DataError.problems(file: templateName, unknown.map(problem))
        }
        do {
            return try parsed.render(context)
        } catch {
            throw DataError.problems(file: templateName, [problem(error)])
        }
    }

    /// Every problem of an HTML template: syntax errors, then names that neither the HTML
    /// roadmap's context nor the trend's or the portfolio's has.
    public static func htmlProblems(template: String, name: String) -> [ValidationProblem] {
        do {
            let parsed = try Template(source: template, name: name, escaping: HTMLEscaping.text)
            let shape = TrackingReports.sampleContexts.reduce(htmlSampleContext) { JSONShape.merge($0, $1) }
            return parsed.unknownNames(against: shape).map(problem)
        } catch {
            return error.errors.map(problem)
        }
    }

    /// The context of the sample assessment for HTML templates.
    public static let htmlSampleContext: JSONValue = htmlContext(SampleAssessment.input())

    /// The report context with the HTML additions described above.
    static func htmlContext(_ input: ReportInput) -> JSONValue {
        var plain = input
        plain.charts = .none
        guard case .object(var context) = ReportContext.build(plain) else { return .null }
        let assessment = input.assessment
        let questionnaire = input.questionnaire
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire, previous: input.previous)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        let index = QuestionIndex(questionnaire)
        var texts: [String: String] = [:]
        for step in roadmap.allSteps where texts[step.questionID] == nil {
            texts[step.questionID] = index.question(id: step.questionID)?.question.text
        }
        let radar = SVGCharts.radar(
            domains: zip(questionnaire.domains, card.domains).map { domain, score in
                (name: domain.name, current: score.score, target: score.target.map(Double.init))
            }, low: Double(questionnaire.minimumLevel), high: Double(questionnaire.maximumLevel),
            title: "Maturity by domain: current and target", embedding: .inline(id: "radar"))
        let timeline =
            roadmap.scheduledSteps.isEmpty
            ? nil
            : SVGCharts.timeline(
                roadmap, title: "Roadmap by quarter", doneBy: assessment.period, questionTexts: texts,
                embedding: .inline(id: "timeline"))
        context["charts"] = [
            "maturity": .string(radar),
            "gantt": timeline.map(JSONValue.string) ?? .null,
        ]
        context["page"] = [
            "css": .string(HTMLStyle.css),
            "contentSecurityPolicy": .string(HTMLStyle.contentSecurityPolicy),
            "lang": "en",
        ]
        let gaps = topGaps(assessment, questionnaire: questionnaire, roadmap: roadmap)
        context["leadership"] = ["topGaps": .array(gaps), "hasTopGaps": .bool(!gaps.isEmpty)]
        return .object(context)
    }

    /// The answered questions furthest below their target, largest gap first (then in
    /// questionnaire order), at most ``topGapCount``.
    static func topGaps(_ assessment: Assessment, questionnaire: Questionnaire, roadmap: Roadmap) -> [JSONValue] {
        var firstStep: [String: String] = [:]
        for milestone in roadmap.milestones {
            for step in milestone.steps where firstStep[step.questionID] == nil {
                firstStep[step.questionID] = milestone.period.description
            }
        }
        for step in roadmap.backlog where firstStep[step.questionID] == nil {
            firstStep[step.questionID] = "backlog"
        }
        var found: [(gap: Int, order: Int, entry: JSONValue)] = []
        var order = 0
        for domain in questionnaire.domains {
            for question in domain.questions {
                order += 1
                let state = AnswerState(question: question, answer: assessment.discover.answers[question.id])
                guard let level = state.level,
                    let target = question.target ?? assessment.build.targets[domain.id], target > level
                else { continue }
                let levelName = questionnaire.scaleLevel(level)?.name ?? ""
                let targetName = questionnaire.scaleLevel(target)?.name ?? ""
                found.append(
                    (
                        target - level, order,
                        [
                            "id": .string(question.id), "text": .string(question.text),
                            "domainName": .string(domain.name), "area": ReportContext.optional(question.area),
                            "levelText": .string("\(level) — \(levelName)"),
                            "targetText": .string("\(target) — \(targetName)"),
                            "gapText": .string(String(target - level)),
                            "whenText": .string(firstStep[question.id] ?? "not planned"),
                        ]
                    ))
            }
        }
        found.sort { ($0.gap, -$0.order) > ($1.gap, -$1.order) }
        return found.prefix(topGapCount).map(\.entry)
    }
}
