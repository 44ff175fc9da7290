extension ReportContext {
    /// The risk view in the report context (DESIGN §10.2): `risks.domains[]` with `id`, `name`,
    /// `counts` (by level name, plus `unanswered` and `notApplicable`) and `worst`;
    /// `risks.high[]` and `risks.medium[]`. Null for a questionnaire without the view.
    static func riskContext(_ view: RiskView?) -> JSONValue {
        guard let view else { return .null }
        let domains: [JSONValue] = view.domains.map { domain in
            var counts: JSONObject = [:]
            for level in domain.counts { counts[level.name] = .number(Double(level.count)) }
            counts["unanswered"] = .number(Double(domain.unanswered))
            counts["notApplicable"] = .number(Double(domain.notApplicable))
            return [
                "id": .string(domain.id),
                "name": .string(domain.name),
                "counts": .object(counts),
                "levels": .array(
                    domain.counts.map {
                        [
                            "level": .number(Double($0.level)), "name": .string($0.name),
                            "count": .number(Double($0.count)),
                        ]
                    }),
                "unanswered": .number(Double(domain.unanswered)),
                "notApplicable": .number(Double(domain.notApplicable)),
                "worst": optional(domain.worst),
                "worstText": .string(domain.worst ?? "–"),
            ]
        }
        func item(_ item: RiskView.RiskItem) -> JSONValue {
            [
                "question": .string(item.questionID),
                "questionText": .string(item.questionText),
                "domain": .string(item.domainID),
                "domainName": .string(item.domainName),
                "level": .string(item.levelName),
                "selected": .array(item.selected.map(JSONValue.string)),
                "notFollowed": .array(item.notFollowed.map(JSONValue.string)),
                "selectedText": .string(item.selected.isEmpty ? "none" : item.selected.joined(separator: "; ")),
                "notFollowedText": .string(item.notFollowed.isEmpty ? "–" : item.notFollowed.joined(separator: "; ")),
            ]
        }
        let levelNames = view.domains.first?.counts.map { JSONValue.string($0.name) } ?? []
        return [
            "domains": .array(domains),
            "levelNames": .array(levelNames),
            "high": .array(view.high.map(item)),
            "medium": .array(view.medium.map(item)),
            "hasHigh": .bool(!view.high.isEmpty),
            "hasMedium": .bool(!view.medium.isEmpty),
        ]
    }

    /// One best practice not followed: `question`, `choice`, `title`, `improvement`, `links`.
    static func improvementEntry(_ item: RiskView.Improvement) -> JSONValue {
        [
            "question": .string(item.questionID),
            "questionText": .string(item.questionText),
            "domainName": .string(item.domainName),
            "choice": .string(item.choiceID),
            "title": .string(item.title),
            "risk": .string(item.risk),
            "improvement": optional(item.improvement),
            "improvementText": .string(item.improvement ?? "No improvement text in the questionnaire."),
            "links": .array(item.links.map { ["title": .string($0.title), "url": .string($0.url)] }),
            "hasLinks": .bool(!item.links.isEmpty),
        ]
    }
}
