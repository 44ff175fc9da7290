/// Everything a report template can use, built from an assessment. `opmodel report --format json`
/// prints it; template authors program against it. Every key is always present (`null` when it
/// has no value), so a template's names can be checked without data.
public struct ReportInput: Sendable {
    /// The assessment reported.
    public var assessment: Assessment
    /// Its questionnaire.
    public var questionnaire: Questionnaire
    /// The team's previous assessment, for deltas.
    public var previous: Assessment?
    /// The program's version, printed in the footer.
    public var toolVersion: String
    /// Whether people's names are replaced by "Participant A", … (`--anonymize`).
    public var anonymize = false
    /// How charts appear in the Markdown (`--charts`).
    public var charts: ChartMode = .mermaid

    /// Input for a report.
    public init(assessment: Assessment, questionnaire: Questionnaire, previous: Assessment? = nil, toolVersion: String)
    {
        self.assessment = assessment
        self.questionnaire = questionnaire
        self.previous = previous
        self.toolVersion = toolVersion
    }
}

/// How a report shows its charts.
public enum ChartMode: Sendable, Equatable {
    /// Mermaid blocks in the Markdown (GitHub and GitLab render them).
    case mermaid
    /// Links to SVG files written beside the report.
    case svg(maturityFile: String, roadmapFile: String)
    /// No charts.
    case none
}

/// Builds the report context (DESIGN §6 and §8).
public enum ReportContext {
    /// Where an unfinished assessment stopped; nil for a complete one (its report is then no draft).
    public static func draftNotice(_ assessment: Assessment, questionnaire: Questionnaire) -> String? {
        guard assessment.phase != .complete else { return nil }
        let answered = questionnaire.allQuestions.filter { assessment.discover.answers[$0.id] != nil }.count
        return "this assessment stopped in the \(assessment.phase.title) phase with "
            + "\(answered) of \(Plural.count(questionnaire.allQuestions.count, "question")) answered"
    }

    /// `status`: whether the report is a draft, the phase reached and the questions answered.
    static func status(_ assessment: Assessment, questionnaire: Questionnaire) -> JSONValue {
        let answered = questionnaire.allQuestions.filter { assessment.discover.answers[$0.id] != nil }.count
        let notice = draftNotice(assessment, questionnaire: questionnaire)
        return [
            "complete": .bool(assessment.phase == .complete), "isDraft": .bool(notice != nil),
            "phase": .string(assessment.phase.rawValue), "answered": .number(Double(answered)),
            "questions": .number(Double(questionnaire.allQuestions.count)),
            "draftText": .string(
                notice.map {
                    "Draft: \($0); the scores and the roadmap below are provisional until the workshop is finished."
                } ?? ""),
        ]
    }

    /// The report context of `input`.
    public static func build(_ input: ReportInput) -> JSONValue {
        let assessment = input.assessment
        let questionnaire = input.questionnaire
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire, previous: input.previous)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        let format = Formatter(questionnaire: questionnaire)
        let domainNames = Dictionary(
            questionnaire.domains.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })

        var context: JSONObject = [:]
        context["tool"] = ["name": "opmodel", "version": .string(input.toolVersion)]
        context["assessment"] = assessmentInfo(assessment, questionnaire: questionnaire)
        context["status"] = status(assessment, questionnaire: questionnaire)
        context["scores"] = ScoreJSON.scorecard(card, questionnaire: questionnaire)
        context["summary"] = summary(card: card, roadmap: roadmap, assessment: assessment, format: format)
        context["domains"] = .array(
            zip(questionnaire.domains, card.domains).map { domain, score in
                domainEntry(domain, score: score, assessment: assessment, format: format)
            })
        context["envision"] = envision(assessment.envision, format: format)
        context["discover"] = [
            "constraints": .array(assessment.discover.constraints.map(JSONValue.string)),
            "upskilling": .array(assessment.discover.upskilling.map(JSONValue.string)),
            "hasConstraints": .bool(!assessment.discover.constraints.isEmpty),
            "hasUpskilling": .bool(!assessment.discover.upskilling.isEmpty),
        ]
        context["build"] = build(assessment.build, card: card, format: format)
        context["roadmap"] = roadmapContext(
            roadmap, domainNames: domainNames, questionnaire: questionnaire, format: format,
            decisions: assessment.deliver.decisions)
        context["improve"] = improve(assessment, card: card, previous: input.previous, format: format)
        context["since"] = since(assessment, previous: input.previous, questionnaire: questionnaire, format: format)
        context["agreement"] = agreement(assessment, questionnaire: questionnaire)
        let risks = RiskView.make(assessment, questionnaire: questionnaire)
        context["risks"] = riskContext(risks)
        context["hasRisks"] = .bool(risks != nil)
        context["improvementPlan"] = .array((risks?.improvementPlan ?? []).map(improvementEntry))
        context["hasImprovementPlan"] = .bool(!(risks?.improvementPlan.isEmpty ?? true))
        context["parkingLot"] = parkingLot(assessment)
        context["facilitation"] = facilitation(assessment, questionnaire: questionnaire)
        let gantt = MermaidCharts.gantt(roadmap: roadmap, doneBy: assessment.period)
        switch input.charts {
        case .mermaid:
            context["charts"] = [
                "maturity": .string(MermaidCharts.maturity(card: card, questionnaire: questionnaire)),
                "gantt": gantt.isEmpty ? .null : .string(gantt),
            ]
        case .none:
            context["charts"] = ["maturity": .null, "gantt": .null]
        case .svg(let maturityFile, let roadmapFile):
            context["charts"] = [
                "maturity": .string("![Maturity by domain: current and target](\(maturityFile))"),
                "gantt": gantt.isEmpty ? .null : .string("![Roadmap by quarter](\(roadmapFile))"),
            ]
        }
        context["appendix"] = appendix(assessment, questionnaire: questionnaire, format: format)
        addLayoutKeys(&context)
        return input.anonymize ? Anonymizer.anonymize(.object(context), assessment: assessment) : .object(context)
    }

    static func assessmentInfo(_ assessment: Assessment, questionnaire: Questionnaire) -> JSONValue {
        let participants: [JSONValue] = assessment.participants.map { participant in
            [
                "id": .string(participant.id),
                "name": .string(participant.name),
                "role": optional(participant.role),
            ]
        }
        return [
            "id": .string(assessment.id),
            "organization": optional(assessment.organization),
            "team": .string(assessment.team),
            "period": .string(assessment.period.description),
            "facilitator": optional(assessment.facilitator),
            "participants": .array(participants),
            "hasParticipants": .bool(!participants.isEmpty),
            "participantNames": .string(assessment.participants.map(\.name).joined(separator: ", ")),
            "phase": .string(assessment.phase.rawValue),
            "phaseTitle": .string(assessment.phase.title),
            "isComplete": .bool(assessment.phase == .complete),
            "createdAt": .string(assessment.createdAt),
            "updatedAt": .string(assessment.updatedAt),
            "updatedDate": .string(String(assessment.updatedAt.prefix(10))),
            "questionnaire": [
                "id": .string(questionnaire.id),
                "version": .string(questionnaire.version),
                "title": .string(questionnaire.title),
                "questionCount": .number(Double(questionnaire.allQuestions.count)),
                "domainCount": .number(Double(questionnaire.domains.count)),
            ],
        ]
    }

    static func summary(card: Scorecard, roadmap: Roadmap, assessment: Assessment, format: Formatter) -> JSONValue {
        var points: [String] = []
        if let overall = card.overall.score {
            var sentence = "Overall maturity is \(format.scoreWithLabel(overall))"
            if let target = card.overall.target {
                sentence += " against a target of \(Rounding.text(target))"
            }
            if let percent = card.percentToTarget {
                sentence +=
                    "; the answers are \(Rounding.percent(percent)) of the way from the bottom of the scale to the targets"
            }
            points.append(sentence + ".")
        } else {
            points.append("No domain has been assessed yet: no question has an answer.")
        }
        let assessed = card.domains.filter(\.isAssessed)
        if let strongest = assessed.max(by: { ($0.score ?? 0) < ($1.score ?? 0) }),
            let weakest = assessed.min(by: { ($0.score ?? 0) < ($1.score ?? 0) }), assessed.count > 1
        {
            points.append(
                "Strongest domain: \(strongest.name) (\(format.score(strongest.score))); weakest: \(weakest.name) (\(format.score(weakest.score)))."
            )
        }
        let gaps = card.domains.filter { ($0.gap ?? 0) > 0 }.sorted { ($0.gap ?? 0) > ($1.gap ?? 0) }
        if let largest = gaps.first {
            points.append(
                "Largest gap: \(largest.name), from \(format.score(largest.score)) to a target of \(largest.target.map(String.init) ?? "–") (gap \(Formatting.gapText(target: largest.target, score: largest.score)))."
            )
        }
        let scheduled = roadmap.scheduledSteps.count
        if scheduled > 0, let first = roadmap.milestones.first, let last = roadmap.milestones.last {
            var sentence =
                "The roadmap plans \(scheduled) step\(scheduled == 1 ? "" : "s") from \(first.period) to \(last.period)"
            if let projected = last.projectedOverall {
                sentence += ", raising overall maturity to \(format.score(projected)) by \(last.period)"
            }
            if !roadmap.backlog.isEmpty {
                sentence += "; \(roadmap.backlog.count) more wait in the backlog"
            }
            points.append(sentence + ".")
        } else if card.domains.contains(where: { $0.target != nil }) {
            points.append("No step is needed to reach the targets set in Build.")
        } else {
            points.append("No targets are set yet, so there is no roadmap; set them in the Build phase.")
        }
        let applicable = card.overall.answered + card.overall.unanswered
        var coverage =
            "Coverage: \(card.overall.answered) of \(applicable) applicable questions answered (\(format.percent(card.overall.coverage)))"
        if card.overall.notApplicable > 0 {
            coverage += "; \(card.overall.notApplicable) not applicable"
        }
        points.append(coverage + ".")
        let reach = reachSentence(roadmap)
        if !reach.isEmpty { points.append(reach) }
        for deadline in roadmap.deadlinesAtRisk {
            let late = deadline.late.map { late in
                "\(late.id) " + (late.period.map { "lands in \($0)" } ?? "is not scheduled")
            }
            points.append(
                "Deadline at risk: \(deadline.name), due \(deadline.due): " + Self.list(late, limit: 3)
                    + " (see \"Deadlines at risk\").")
        }
        if !roadmap.conflicts.isEmpty {
            points.append(
                "\(roadmap.conflicts.count) planning conflict\(roadmap.conflicts.count == 1 ? " needs" : "s need") a decision (see the roadmap)."
            )
        }
        let kpiCount = assessment.envision.outcomes.reduce(0) { $0 + $1.kpis.count }
        return [
            "points": .array(points.map(JSONValue.string)),
            "overallText": .string(format.score(card.overall.score)),
            "overallLabel": optional(card.overall.score.map(format.questionnaire.levelName(for:))),
            "targetText": .string(card.overall.target.map { Rounding.text($0) } ?? "not set"),
            "coverageText": .string(format.percent(card.overall.coverage)),
            "percentToTargetText": .string(card.percentToTarget.map(Rounding.percent) ?? "–"),
            "answered": .number(Double(card.overall.answered)),
            "applicable": .number(Double(applicable)),
            "notApplicable": .number(Double(card.overall.notApplicable)),
            "unanswered": .number(Double(card.overall.unanswered)),
            "stepCount": .number(Double(scheduled)),
            "backlogCount": .number(Double(roadmap.backlog.count)),
            "outcomeCount": .number(Double(assessment.envision.outcomes.count)),
            "kpiCount": .number(Double(kpiCount)),
        ]
    }

    static func domainEntry(_ domain: Domain, score: DomainScore, assessment: Assessment, format: Formatter)
        -> JSONValue
    {
        let questions: [JSONValue] = domain.questions.map { question in
            let answer = assessment.discover.answers[question.id]
            let state = AnswerState(question: question, answer: answer)
            var answerText: String
            var label: JSONValue = .null
            switch state {
            case .answered(let level):
                let name = format.questionnaire.scaleLevel(level)?.name ?? ""
                answerText = "\(level) — \(name)"
                label = .string(name)
            case .notApplicable:
                answerText = "not applicable"
            case .unanswered:
                answerText = "unanswered"
            }
            if let choices = answer?.choices, question.effectiveKind == .choices {
                let titles = choices.compactMap { id in question.choices?.first { $0.id == id }?.title ?? id }
                if !titles.isEmpty { answerText += " (selected: \(titles.joined(separator: "; ")))" }
            }
            let note = answer?.note.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0 }
            return [
                "id": .string(question.id),
                "area": optional(question.area),
                "text": .string(question.text),
                "answerText": .string(answerText),
                "level": state.level.map { .number(Double($0)) } ?? .null,
                "label": label,
                "isAnswered": .bool(state.level != nil),
                "isNotApplicable": .bool(state == .notApplicable(reason: answer?.note ?? "")),
                "isUnanswered": .bool(state == .unanswered),
                "note": optional(note),
                "noteText": .string(note ?? "–"),
                "weightText": .string(JSONWriter.format(number: question.effectiveWeight)),
                "criteria": .array(state.level.map { question.criteria(for: $0).map(JSONValue.string) } ?? []),
                "hasCriteria": .bool(!(state.level.map { question.criteria(for: $0) } ?? []).isEmpty),
                "criteriaText": .string((state.level.map { question.criteria(for: $0) } ?? []).joined(separator: " ")),
            ]
        }
        let hasCriteria = domain.questions.contains { question in
            AnswerState(question: question, answer: assessment.discover.answers[question.id]).level.map {
                !question.criteria(for: $0).isEmpty
            } ?? false
        }
        return [
            "id": .string(domain.id),
            "name": .string(domain.name),
            "hasCriteria": .bool(hasCriteria),
            "description": optional(domain.description),
            "isAssessed": .bool(score.isAssessed),
            "score": ScoreJSON.number(score.score),
            "scoreText": .string(format.score(score.score)),
            "label": optional(score.score.map(format.questionnaire.levelName(for:))),
            "labelText": .string(score.score.map(format.questionnaire.levelName(for:)) ?? "not assessed"),
            "target": score.target.map { .number(Double($0)) } ?? .null,
            "targetText": .string(score.target.map(String.init) ?? "–"),
            "gapText": .string(Formatting.gapText(target: score.target, score: score.score)),
            "coverageText": .string(format.percent(score.coverage)),
            "deltaText": .string(Formatting.deltaText(from: score.previousScore, to: score.score)),
            "answered": .number(Double(score.answered)),
            "notApplicable": .number(Double(score.notApplicable)),
            "unanswered": .number(Double(score.unanswered)),
            "bar": .string(format.bar(score.score)),
            "questions": .array(questions),
        ]
    }

    static func envision(_ envision: Envision, format: Formatter) -> JSONValue {
        let outcomes: [JSONValue] = envision.outcomes.map { outcome in
            let kpis: [JSONValue] = outcome.kpis.map { kpi in
                [
                    "id": .string(kpi.id),
                    "name": .string(kpi.name),
                    "unit": optional(kpi.unit),
                    "direction": optional(kpi.direction?.rawValue),
                    "directionText": .string(
                        kpi.direction.map { $0 == .higher ? "higher is better" : "lower is better" } ?? "–"),
                    "baselineText": .string(format.measure(kpi.baseline, unit: kpi.unit)),
                    "targetText": .string(format.measure(kpi.target, unit: kpi.unit)),
                    "currentText": .string(format.measure(kpi.current, unit: kpi.unit)),
                    "due": optional(kpi.due?.description),
                    "dueText": .string(kpi.due?.description ?? "–"),
                ]
            }
            return [
                "id": .string(outcome.id),
                "title": .string(outcome.title),
                "kpis": .array(kpis),
                "hasKpis": .bool(!kpis.isEmpty),
            ]
        }
        return [
            "vision": optional(envision.vision),
            "drivers": .array(envision.drivers.map(JSONValue.string)),
            "hasDrivers": .bool(!envision.drivers.isEmpty),
            "outcomes": .array(outcomes),
            "hasOutcomes": .bool(!outcomes.isEmpty),
            "hasKpis": .bool(envision.outcomes.contains { !$0.kpis.isEmpty }),
        ]
    }

    static func build(_ build: Build, card: Scorecard, format: Formatter) -> JSONValue {
        let targets: [JSONValue] = card.domains.map { domain in
            [
                "id": .string(domain.id),
                "name": .string(domain.name),
                "currentText": .string(format.scoreWithLabel(domain.score)),
                "targetText": .string(
                    domain.target.map { "\($0) — \(format.questionnaire.scaleLevel($0)?.name ?? "")" } ?? "not set"),
                "gapText": .string(Formatting.gapText(target: domain.target, score: domain.score)),
            ]
        }
        return [
            "topology": optional(format.questionnaire.topologyOption(build.topology)?.name ?? build.topology?.rawValue),
            "topologyExplanation": optional(format.questionnaire.topologyOption(build.topology)?.description),
            "endState": optional(build.endState),
            "targets": .array(targets),
            "hasTargets": .bool(!build.targets.isEmpty),
        ]
    }

    static func roadmapContext(
        _ roadmap: Roadmap, domainNames: [String: String], questionnaire: Questionnaire, format: Formatter,
        decisions: [String: StepDecision] = [:]
    ) -> JSONValue {
        guard case .object(var result) = ScoreJSON.roadmap(roadmap) else { return .null }
        let questions = QuestionIndex(questionnaire)
        func stepEntry(_ step: RoadmapStep) -> JSONValue {
            guard case .object(var entry) = ScoreJSON.step(step) else { return .null }
            entry["domainName"] = .string(domainNames[step.domainID] ?? step.domainID)
            entry["questionText"] = .string(questions.question(id: step.questionID)?.question.text ?? "")
            entry["area"] = optional(step.area)
            entry["ownerText"] = .string(step.owner ?? "unassigned")
            entry["statusText"] = .string(step.status == .inProgress ? "in progress" : step.status.rawValue)
            entry["levelsText"] = .string("\(step.fromLevel) → \(step.toLevel)")
            entry["backlogReason"] = optional(step.backlogReason)
            entry["effortText"] = .string(Plural.count(step.effort, "point"))
            let references = questions.question(id: step.questionID)?.question.references ?? []
            entry["references"] = .array(
                references.compactMap { reference in
                    MarkdownEscaping.linkDestination(reference.url).map {
                        ["title": .string(reference.title), "url": .string($0)]
                    }
                })
            entry["hasReferences"] = .bool(!(entry["references"]?.arrayValue ?? []).isEmpty)
            entry["deadlineText"] = .string(step.deadline?.description ?? "–")
            if step.status == .dropped {
                entry["dropReason"] = optional(decisions[step.id]?.reason)
                entry["dropReasonText"] = .string(decisions[step.id]?.reason ?? "no reason recorded")
            }
            return .object(entry)
        }
        let milestones: [JSONValue] = zip(roadmap.milestones, result["milestones"]?.arrayValue ?? []).map {
            milestone, json in
            guard case .object(var entry) = json else { return json }
            entry["steps"] = .array(milestone.steps.map(stepEntry))
            entry["hasSteps"] = .bool(!milestone.steps.isEmpty)
            entry["pointsText"] = .string("\(milestone.points) of \(Plural.count(roadmap.capacityPerQuarter, "point"))")
            entry["hasKpis"] = .bool(!milestone.kpis.isEmpty)
            entry["projectedRows"] = .array(
                questionnaire.domains.map { domain in
                    let score = milestone.projected[domain.id] ?? nil
                    return [
                        "id": .string(domain.id),
                        "name": .string(domain.name),
                        "scoreText": .string(format.scoreWithLabel(score)),
                    ]
                })
            entry["projectedOverallText"] = .string(format.scoreWithLabel(milestone.projectedOverall))
            entry["projectedText"] = .string(
                questionnaire.domains.map { domain in
                    "\(domain.name) \(format.score(milestone.projected[domain.id] ?? nil))"
                }.joined(separator: ", "))
            entry["kpis"] = .array(
                milestone.kpis.map { kpi in
                    [
                        "id": .string(kpi.id),
                        "name": .string(kpi.name),
                        "interimTarget": ScoreJSON.number(kpi.interimTarget),
                        "interimTargetText": .string(format.measure(kpi.interimTarget, unit: kpi.unit)),
                        "outcome": .string(kpi.outcomeID),
                        "outcomeTitle": .string(kpi.outcomeTitle),
                    ]
                })
            return .object(entry)
        }
        result["milestones"] = .array(milestones)
        result["backlog"] = .array(roadmap.backlog.map(stepEntry))
        result["dropped"] = .array(roadmap.dropped.map(stepEntry))
        result["hasBacklog"] = .bool(!roadmap.backlog.isEmpty)
        result["hasDropped"] = .bool(!roadmap.dropped.isEmpty)
        result["hasConflicts"] = .bool(!roadmap.conflicts.isEmpty)
        result["hasSteps"] = .bool(!roadmap.scheduledSteps.isEmpty)
        result["end"] = .string(roadmap.milestones.last?.period.description ?? roadmap.start.description)
        result["capacityText"] = .string(Plural.count(roadmap.capacityPerQuarter, "point"))
        let atRisk = roadmap.deadlinesAtRisk
        result["hasDeadlines"] = .bool(!roadmap.deadlines.isEmpty)
        result["hasDeadlinesAtRisk"] = .bool(!atRisk.isEmpty)
        result["deadlinesAtRisk"] = .array(
            atRisk.map { deadline in
                [
                    "kpi": .string(deadline.kpi),
                    "name": .string(deadline.name),
                    "due": .string(deadline.due.description),
                    "late": .array(
                        deadline.late.map { late in
                            [
                                "id": .string(late.id),
                                "periodText": .string(late.period?.description ?? "not scheduled"),
                                "why": .string(late.why),
                            ]
                        }),
                ]
            })
        result["deadlinesMetText"] = .string(
            roadmap.deadlines.filter(\.met).map { "\($0.name) (\($0.due))" }.joined(separator: ", "))
        result["reachText"] = .string(reachSentence(roadmap))
        return .object(result)
    }

    /// When the targets are reached at the roadmap's capacity, planned without a horizon, or
    /// which steps no plan reaches; empty when there is nothing to plan.
    static func reachSentence(_ roadmap: Roadmap) -> String {
        let capacity = "At \(Plural.count(roadmap.capacityPerQuarter, "point")) a quarter"
        if let by = roadmap.targetsReachedBy {
            return "\(capacity), every target is reached by \(by)."
        }
        guard !roadmap.unreachable.isEmpty else { return "" }
        let dropped = roadmap.unreachable.filter { $0.why.hasPrefix("dropped") }.map(\.id)
        let waiting = roadmap.unreachable.filter { !$0.why.hasPrefix("dropped") }.map(\.id)
        var parts: [String] = []
        if !dropped.isEmpty {
            parts.append("\(Plural.count(dropped.count, "step")) dropped (\(Self.list(dropped)))")
        }
        if !waiting.isEmpty {
            parts.append(
                "\(Plural.count(waiting.count, "step")) that wait for \(dropped.isEmpty ? "a step that never starts" : dropped.count == 1 ? "it" : "them") (\(Self.list(waiting)))"
            )
        }
        return "\(capacity), some targets are never reached: " + parts.joined(separator: " and ") + "."
    }

    /// The first few ids, then how many more.
    static func list(_ ids: [String], limit: Int = 5) -> String {
        guard ids.count > limit else { return ids.joined(separator: ", ") }
        return ids.prefix(limit).joined(separator: ", ") + " and \(ids.count - limit) more"
    }

    static func improve(_ assessment: Assessment, card: Scorecard, previous: Assessment?, format: Formatter)
        -> JSONValue
    {
        let deltas: [JSONValue] = card.domains.compactMap { domain in
            guard domain.delta != nil else { return nil }
            return [
                "id": .string(domain.id),
                "name": .string(domain.name),
                "deltaText": .string(Formatting.deltaText(from: domain.previousScore, to: domain.score)),
                "scoreText": .string(format.score(domain.score)),
            ]
        }
        var kpis: [JSONValue] = []
        for outcome in assessment.envision.outcomes {
            for kpi in outcome.kpis {
                kpis.append([
                    "id": .string(kpi.id),
                    "name": .string(kpi.name),
                    "outcomeTitle": .string(outcome.title),
                    "baselineText": .string(format.measure(kpi.baseline, unit: kpi.unit)),
                    "currentText": .string(format.measure(kpi.current, unit: kpi.unit)),
                    "targetText": .string(format.measure(kpi.target, unit: kpi.unit)),
                    "dueText": .string(kpi.due?.description ?? "–"),
                ])
            }
        }
        return [
            "reviewCadence": optional(assessment.improve.reviewCadence),
            "nextAssessment": optional(assessment.improve.nextAssessment?.description),
            "reflections": optional(assessment.improve.reflections),
            "previous": optional(previous?.period.description ?? assessment.improve.previous?.description),
            "deltas": .array(deltas),
            "hasDeltas": .bool(!deltas.isEmpty),
            "kpis": .array(kpis),
            "hasKpis": .bool(!kpis.isEmpty),
        ]
    }

    /// "Where the room disagreed": items with a vote spread of 2 or more, and r_wg per domain.
    static func agreement(_ assessment: Assessment, questionnaire: Questionnaire) -> JSONValue {
        let scalePoints = questionnaire.maximumLevel - questionnaire.minimumLevel + 1
        var items: [JSONValue] = []
        var domains: [JSONValue] = []
        var anyVotes = false
        for domain in questionnaire.domains {
            for question in domain.questions {
                guard let answer = assessment.discover.answers[question.id], let votes = answer.votes,
                    !votes.isEmpty
                else { continue }
                anyVotes = true
                let levels = Array(votes.values)
                let spread = Agreement.spread(levels)
                guard spread >= Agreement.discussionSpread else { continue }
                // "2 votes at level 2, 1 at level 4": how many voted each level, lowest first.
                let distribution = Dictionary(grouping: levels, by: { $0 }).sorted { $0.key < $1.key }.enumerated()
                    .map { index, entry in
                        index == 0
                            ? "\(Plural.count(entry.value.count, "vote")) at level \(entry.key)"
                            : "\(entry.value.count) at level \(entry.key)"
                    }.joined(separator: ", ")
                let who = assessment.namedVotes(of: answer).map { "\($0.name) \($0.level)" }
                items.append([
                    "id": .string(question.id), "text": .string(question.text), "domainName": .string(domain.name),
                    "distribution": .string(distribution), "votesText": .string(who.joined(separator: ", ")),
                    "spread": .number(Double(spread)),
                    "consensusText": .string(
                        answer.level.map { "\($0) — \(questionnaire.scaleLevel($0)?.name ?? "")" } ?? "–"),
                    "reasonText": .string(answer.reason ?? "–"),
                ])
            }
            let rwg = Agreement.domainRwg(domain, answers: assessment.discover.answers, scalePoints: scalePoints)
            domains.append([
                "id": .string(domain.id), "name": .string(domain.name),
                "rwgText": .string(rwg.map { Rounding.text($0, places: 2) } ?? "–"),
                "rwg": rwg.map(JSONValue.number) ?? .null,
            ])
        }
        return [
            "hasVotes": .bool(anyVotes), "items": .array(items), "hasItems": .bool(!items.isEmpty),
            "domains": .array(domains), "explanation": .string(Agreement.explanation),
        ]
    }

    /// "Since last quarter": what moved since the team's previous assessment.
    static func since(_ assessment: Assessment, previous: Assessment?, questionnaire: Questionnaire, format: Formatter)
        -> JSONValue
    {
        guard let previous else {
            return [
                "exists": false, "previous": .null, "deltas": [], "stepsCompleted": [], "kpis": [],
                "hasStepsCompleted": false, "hasKpis": false, "overallText": "", "movementText": "",
                "contradictions": [], "hasContradictions": false,
                "stepsCompletedText": "",
                "kpiRule": .string(TrackingReports.kpiRuleText), "gapText": .null,
            ]
        }
        let comparison = Comparison.compare(
            old: previous, oldQuestionnaire: questionnaire, new: assessment, newQuestionnaire: questionnaire)
        let deltas: [JSONValue] = comparison.domains.map { domain in
            [
                "id": .string(domain.id), "name": .string(domain.name),
                "previousText": .string(format.score(domain.previous)),
                "currentText": .string(format.score(domain.current)),
                "deltaText": .string(format.delta(from: domain.previous, to: domain.current)),
            ]
        }
        let kpis: [JSONValue] = comparison.kpis.map { kpi in
            [
                "id": .string(kpi.id), "name": .string(kpi.name),
                "previousText": .string(format.measure(kpi.previous, unit: kpi.unit)),
                "actualText": .string(format.measure(kpi.current, unit: kpi.unit)),
                "interimText": .string(format.measure(kpi.interimTarget, unit: kpi.unit)),
                "status": .string(kpi.status?.rawValue ?? "no actual yet"),
            ]
        }
        let up = comparison.movedUp.count
        let down = comparison.movedDown.count
        // The steps due by now whose status, as the room reported it, the answers contradict.
        let contradictions: [JSONValue] = Reassessment.stepsDue(
            previous: previous, questionnaire: questionnaire, by: assessment.period
        ).compactMap { step in
            guard let status = assessment.deliver.decisions[step.id]?.status else { return nil }
            let evidence = StepProgress.evidence(for: step, in: assessment, questionnaire: questionnaire)
            return StepProgress.contradiction(
                step, status: status, evidence: evidence, levelName: { questionnaire.scaleLevel($0)?.name ?? "" }
            ).map { .string($0.prefix(1).uppercased() + $0.dropFirst() + ".") }
        }
        return [
            "exists": true,
            "previous": .string(previous.period.description),
            "overallText": .string(
                "Overall maturity moved from \(format.score(comparison.previousOverall)) to "
                    + "\(format.score(comparison.currentOverall)) "
                    + "(\(format.delta(from: comparison.previousOverall, to: comparison.currentOverall)))"
                    + (comparison.quartersApart > 1 ? " over \(comparison.quartersApart) quarters." : ".")),
            "movementText": .string(
                "\(up) question\(up == 1 ? "" : "s") moved up and \(down) moved down; "
                    + "\(comparison.gapsClosed.count) gap\(comparison.gapsClosed.count == 1 ? "" : "s") closed and "
                    + "\(comparison.gapsOpened.count) opened."),
            "gapText": .null,
            "deltas": .array(deltas),
            "stepsCompleted": .array(comparison.stepsCompleted.map(JSONValue.string)),
            "hasStepsCompleted": .bool(!comparison.stepsCompleted.isEmpty),
            "stepsCompletedText": .string(comparison.stepsCompleted.joined(separator: ", ")),
            "kpis": .array(kpis),
            "hasKpis": .bool(!kpis.isEmpty),
            "kpiRule": .string(TrackingReports.kpiRuleText),
            "contradictions": .array(contradictions),
            "hasContradictions": .bool(!contradictions.isEmpty),
        ]
    }

    static func appendix(_ assessment: Assessment, questionnaire: Questionnaire, format: Formatter) -> JSONValue {
        let orphans: [JSONValue] = AssessmentValidator.orphanedAnswerIDs(assessment, questionnaire: questionnaire).map {
            id in
            let answer = assessment.discover.answers[id]
            let text: String =
                if answer?.notApplicable == true { "not applicable" } else { answer?.level.map(String.init) ?? "–" }
            return [
                "id": .string(id),
                "answerText": .string(text),
                "noteText": .string(answer?.note ?? "–"),
            ]
        }
        let low = questionnaire.scaleLevel(questionnaire.minimumLevel)
        let high = questionnaire.scaleLevel(questionnaire.maximumLevel)
        return [
            "scaleLow": .number(Double(questionnaire.minimumLevel)),
            "scaleLowName": .string(low?.name ?? ""),
            "scaleHigh": .number(Double(questionnaire.maximumLevel)),
            "scaleHighName": .string(high?.name ?? ""),
            "formula": .array(ScoreCalculator.formulaLines.map(JSONValue.string)),
            "orphans": .array(orphans),
            "hasOrphans": .bool(!orphans.isEmpty),
            "scale": .array(
                questionnaire.scale.map { level in
                    [
                        "level": .number(Double(level.level)),
                        "name": .string(level.name),
                        "description": .string(level.description ?? ""),
                    ]
                }),
        ]
    }

    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }
}

/// How numbers and levels read in reports.
/// The report's view of ``Formatting``, bound to its questionnaire (every number goes through
/// the one formatting file).
struct Formatter {
    let questionnaire: Questionnaire

    /// `2.7`, or `not assessed`.
    func score(_ value: Double?) -> String { Formatting.score(value, none: "not assessed") }

    /// `2.7 — Repeatable`, or `not assessed`.
    func scoreWithLabel(_ value: Double?) -> String { Formatting.scoreWithLabel(value, questionnaire: questionnaire) }

    /// `83%`, or `–`.
    func percent(_ value: Double?) -> String { Formatting.percent(value) }

    /// `+0.4`, `-0.2`, `0.0`, or `–`: the change between two scores as shown.
    func delta(from previous: Double?, to current: Double?) -> String {
        Formatting.deltaText(from: previous, to: current)
    }

    /// `value` with up to two decimals and no trailing zeros.
    static func trimmed(_ value: Double) -> String { Formatting.trimmed(value) }

    /// `240 minutes`, or `–`.
    func measure(_ value: Double?, unit: String?) -> String { Formatting.measure(value, unit: unit) }

    /// Ten cells of `█` and `░` for the shown score's place on the scale.
    func bar(_ value: Double?) -> String { Formatting.bar(value, questionnaire: questionnaire) }
}
