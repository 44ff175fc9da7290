/// The stable JSON shapes of DESIGN §6 (`opmodel score --json` and the `roadmap` of the report
/// context). Keys may be added, never renamed or removed.
public enum ScoreJSON {
    /// `{"overall": {...}, "percentToTarget", "domains": [...]}` with two-decimal numbers.
    public static func scorecard(_ card: Scorecard, questionnaire: Questionnaire) -> JSONValue {
        let overall: JSONValue = [
            "score": number(card.overall.score),
            "level": card.overall.score.flatMap { questionnaire.levelAt($0) }.map { .number(Double($0.level)) }
                ?? .null,
            "label": card.overall.score.map { .string(questionnaire.levelName(for: $0)) } ?? .null,
            "target": number(card.overall.target),
            "coverage": number(card.overall.coverage),
        ]
        let domains: [JSONValue] = card.domains.map { domain in
            [
                "id": .string(domain.id),
                "name": .string(domain.name),
                "score": number(domain.score),
                "level": domain.score.flatMap { questionnaire.levelAt($0) }.map { .number(Double($0.level)) } ?? .null,
                "label": domain.score.map { .string(questionnaire.levelName(for: $0)) } ?? .null,
                "target": domain.target.map { .number(Double($0)) } ?? .null,
                "gap": number(domain.gap),
                "coverage": number(domain.coverage),
                "answered": .number(Double(domain.answered)),
                "notApplicable": .number(Double(domain.notApplicable)),
                "unanswered": .number(Double(domain.unanswered)),
                "delta": number(domain.delta),
            ]
        }
        return [
            "overall": overall,
            "percentToTarget": number(card.percentToTarget),
            "domains": .array(domains),
        ]
    }

    /// `{"milestones": [...], "backlog": [...], "dropped": [...], "conflicts": [...]}`.
    public static func roadmap(_ roadmap: Roadmap) -> JSONValue {
        let milestones: [JSONValue] = roadmap.milestones.map { milestone in
            var projected: JSONObject = [:]
            for (domain, score) in milestone.projected { projected[domain] = number(score) }
            return [
                "period": .string(milestone.period.description),
                "steps": .array(milestone.steps.map(step)),
                "points": .number(Double(milestone.points)),
                "projected": .object(projected),
                "projectedOverall": number(milestone.projectedOverall),
                "kpis": .array(
                    milestone.kpis.map { kpi in
                        [
                            "id": .string(kpi.id),
                            "name": .string(kpi.name),
                            "interimTarget": number(kpi.interimTarget),
                            "outcome": .string(kpi.outcomeID),
                            "outcomeTitle": .string(kpi.outcomeTitle),
                        ]
                    }),
            ]
        }
        return [
            "start": .string(roadmap.start.description),
            "horizonQuarters": .number(Double(roadmap.horizonQuarters)),
            "capacityPerQuarter": .number(Double(roadmap.capacityPerQuarter)),
            "milestones": .array(milestones),
            "backlog": .array(roadmap.backlog.map(step)),
            "dropped": .array(roadmap.dropped.map(step)),
            "conflicts": .array(roadmap.conflicts.map(JSONValue.string)),
            "deadlines": .array(roadmap.deadlines.map(deadline)),
            "targetsReachedBy": roadmap.targetsReachedBy.map { .string($0.description) } ?? .null,
            "unreachable": .array(
                roadmap.unreachable.map { ["id": .string($0.id), "why": .string($0.why)] }),
        ]
    }

    /// One chosen KPI's deadline in the contract shape (DESIGN §10.2).
    public static func deadline(_ deadline: KPIDeadline) -> JSONValue {
        [
            "kpi": .string(deadline.kpi),
            "name": .string(deadline.name),
            "due": .string(deadline.due.description),
            "met": .bool(deadline.met),
            "steps": .array(deadline.steps.map(JSONValue.string)),
            "late": .array(
                deadline.late.map { late in
                    [
                        "id": .string(late.id),
                        "period": late.period.map { .string($0.description) } ?? .null,
                        "why": .string(late.why),
                    ]
                }),
        ]
    }

    /// One step in the contract shape.
    public static func step(_ step: RoadmapStep) -> JSONValue {
        [
            "id": .string(step.id),
            "domain": .string(step.domainID),
            "question": .string(step.questionID),
            "fromLevel": .number(Double(step.fromLevel)),
            "toLevel": .number(Double(step.toLevel)),
            "action": .string(step.action),
            "owner": step.owner.map(JSONValue.string) ?? .null,
            "status": .string(step.status.rawValue),
            "quarter": step.quarter.map { .string($0.description) } ?? .null,
            "pinned": step.pinned.map { .string($0.description) } ?? .null,
            "priority": number(step.priority),
            "effort": .number(Double(step.effort)),
            "reason": .string(step.reason),
            "deadline": step.deadline.map { .string($0.description) } ?? .null,
            "choices": .array(step.choices.map(JSONValue.string)),
        ]
    }

    /// A number rounded half away from zero to two decimals, or `null` (``Formatting/exportNumber(_:)``).
    public static func number(_ value: Double?) -> JSONValue { Formatting.exportNumber(value) }
}
