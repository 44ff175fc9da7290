/// What moved between two assessments of a team (`opmodel compare OLD NEW`).
public struct Comparison: Sendable {
    /// A domain's score then and now.
    public struct DomainChange: Sendable, Equatable {
        /// The domain's id.
        public var id: String
        /// The domain's name.
        public var name: String
        /// The score of the older assessment.
        public var previous: Double?
        /// The score of the newer assessment.
        public var current: Double?
        /// current − previous, when both are assessed.
        public var delta: Double? {
            guard let previous, let current else { return nil }
            return current - previous
        }
    }

    /// A question whose answer moved.
    public struct QuestionChange: Sendable, Equatable {
        /// The question's id.
        public var id: String
        /// Its domain's name.
        public var domainName: String
        /// The question's text.
        public var text: String
        /// The older level.
        public var from: Int
        /// The newer level.
        public var to: Int
        /// The newer note, if any.
        public var note: String?
    }

    /// A KPI then and now, with its status against the interim target.
    public struct KPIChange: Sendable, Equatable {
        /// The KPI's id.
        public var id: String
        /// The KPI's name.
        public var name: String
        /// Unit of measure.
        public var unit: String?
        /// The value at the older assessment.
        public var previous: Double?
        /// The value at the newer assessment.
        public var current: Double?
        /// Where the roadmap expected it by the newer period.
        public var interimTarget: Double?
        /// The status at the newer period.
        public var status: KPIStatus?
    }

    /// The older assessment's period.
    public var previousPeriod: Period
    /// The newer assessment's period.
    public var currentPeriod: Period
    /// Quarters between the two (1 for consecutive quarters).
    public var quartersApart: Int
    /// Overall score then.
    public var previousOverall: Double?
    /// Overall score now.
    public var currentOverall: Double?
    /// Per domain, in questionnaire order.
    public var domains: [DomainChange]
    /// Questions whose level went up.
    public var movedUp: [QuestionChange]
    /// Questions whose level went down.
    public var movedDown: [QuestionChange]
    /// Questions below their target then and at or above it now.
    public var gapsClosed: [String]
    /// Questions at or above their target then and below it now.
    public var gapsOpened: [String]
    /// Roadmap steps marked done since the older assessment.
    public var stepsCompleted: [String]
    /// KPI movement.
    public var kpis: [KPIChange]

    /// Compares `old` (read with `oldQuestionnaire`) with `new` (read with `newQuestionnaire`).
    public static func compare(
        old: Assessment, oldQuestionnaire: Questionnaire, new: Assessment, newQuestionnaire: Questionnaire
    ) -> Comparison {
        let before = ScoreCalculator.score(old, questionnaire: oldQuestionnaire)
        let after = ScoreCalculator.score(new, questionnaire: newQuestionnaire)
        let previousByDomain = Dictionary(before.domains.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        let domains = after.domains.map {
            DomainChange(id: $0.id, name: $0.name, previous: previousByDomain[$0.id] ?? nil, current: $0.score)
        }

        var up: [QuestionChange] = []
        var down: [QuestionChange] = []
        var closed: [String] = []
        var opened: [String] = []
        let oldQuestions = QuestionIndex(oldQuestionnaire)
        for domain in newQuestionnaire.domains {
            for question in domain.questions {
                guard let (oldQuestion, oldDomainIndex) = oldQuestions.question(id: question.id) else { continue }
                let was = AnswerState(question: oldQuestion, answer: old.discover.answers[question.id]).level
                let now = AnswerState(question: question, answer: new.discover.answers[question.id]).level
                if let was, let now, was != now {
                    let change = QuestionChange(
                        id: question.id, domainName: domain.name, text: question.text, from: was, to: now,
                        note: new.discover.answers[question.id]?.note)
                    if now > was { up.append(change) } else { down.append(change) }
                }
                let oldDomain = oldQuestionnaire.domains[oldDomainIndex].id
                let oldTarget = oldQuestion.target ?? old.build.targets[oldDomain]
                let newTarget = question.target ?? new.build.targets[domain.id]
                guard let was, let now, let oldTarget, let newTarget else { continue }
                if was < oldTarget && now >= newTarget { closed.append(question.id) }
                if was >= oldTarget && now < newTarget { opened.append(question.id) }
            }
        }

        let completed = new.deliver.decisions.filter { id, decision in
            decision.status == .done && old.deliver.decisions[id]?.status != .done
        }.keys.sorted()

        var previousKPIs: [String: OutcomeKPI] = [:]
        for kpi in old.envision.outcomes.flatMap(\.kpis) { previousKPIs[kpi.id] = kpi }
        let progress = Dictionary(
            KPITracking.progress(of: new).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var kpis: [KPIChange] = []
        var seen: Set<String> = []
        for kpi in new.envision.outcomes.flatMap(\.kpis) where seen.insert(kpi.id).inserted {
            kpis.append(
                KPIChange(
                    id: kpi.id, name: kpi.name, unit: kpi.unit, previous: previousKPIs[kpi.id]?.current,
                    current: kpi.current, interimTarget: progress[kpi.id]?.interimTarget,
                    status: progress[kpi.id]?.status))
        }

        return Comparison(
            previousPeriod: old.period, currentPeriod: new.period, quartersApart: old.period.quarters(to: new.period),
            previousOverall: before.overall.score, currentOverall: after.overall.score, domains: domains,
            movedUp: up, movedDown: down, gapsClosed: closed, gapsOpened: opened, stepsCompleted: completed,
            kpis: kpis)
    }
}
