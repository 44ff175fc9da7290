/// The scores of one assessment (DESIGN §3), the shape behind `opmodel score --json`.
public struct Scorecard: Sendable, Equatable {
    /// The overall score across assessed domains.
    public var overall: OverallScore
    /// 1 − Σ gap_q / Σ (target_q − min) over answered questions with a target; nil without targets.
    public var percentToTarget: Double?
    /// One entry per domain, in questionnaire order.
    public var domains: [DomainScore]

    /// The scores of the assessed domains, by domain id.
    public var domainScores: [String: Double] {
        var scores: [String: Double] = [:]
        for domain in domains {
            if let score = domain.score { scores[domain.id] = score }
        }
        return scores
    }

    /// The entry of the domain with `id`.
    public func domain(_ id: String) -> DomainScore? { domains.first { $0.id == id } }
}

/// The overall score.
public struct OverallScore: Sendable, Equatable {
    /// Σ(W_d · domain_d) / Σ(W_d) over assessed domains; nil when none is assessed.
    public var score: Double?
    /// The weighted mean of the targets of assessed domains that have one.
    public var target: Double?
    /// Answered / applicable over all questions; nil when nothing is applicable.
    public var coverage: Double?
    /// Answered questions.
    public var answered: Int
    /// Not-applicable questions.
    public var notApplicable: Int
    /// Unanswered questions.
    public var unanswered: Int
}

/// The score of one domain.
public struct DomainScore: Sendable, Equatable {
    /// The domain's id.
    public var id: String
    /// The domain's name.
    public var name: String
    /// Σ(w_q · level_q) / Σ(w_q) over answered, applicable questions with w_q > 0; nil when the
    /// domain is not assessed (never 0).
    public var score: Double?
    /// The target level set in Build.
    public var target: Int?
    /// max(0, target − score) when both exist.
    public var gap: Double?
    /// Answered / applicable; nil when every question is not applicable.
    public var coverage: Double?
    /// Answered questions.
    public var answered: Int
    /// Not-applicable questions.
    public var notApplicable: Int
    /// Unanswered questions.
    public var unanswered: Int
    /// Score minus the previous assessment's score of the domain; nil without one.
    public var delta: Double?
    /// The previous assessment's score of the domain (for deltas as shown, ``Formatting``).
    public var previousScore: Double? = nil

    /// Whether the domain has a score.
    public var isAssessed: Bool { score != nil }
}
