/// A planned roadmap (DESIGN §4). Never stored: always recomputed from the assessment.
public struct Roadmap: Sendable, Equatable {
    /// The first quarter of the plan.
    public var start: Period
    /// The number of quarters planned.
    public var horizonQuarters: Int
    /// At most this many points of work a quarter (a step counts its effort, 1 without a size).
    public var capacityPerQuarter: Int
    /// One milestone per quarter, in order.
    public var milestones: [Milestone]
    /// Steps that did not fit in the horizon, in priority order.
    public var backlog: [RoadmapStep]
    /// Steps the room dropped.
    public var dropped: [RoadmapStep]
    /// Pinned quarters that break a rule; reported, never silently fixed.
    public var conflicts: [String]
    /// One entry per KPI chosen in Envision with a due quarter, in due order: whether the steps
    /// that serve it land in time, and which do not.
    public var deadlines: [KPIDeadline] = []
    /// The quarter by which every target is reached at this capacity, planned without a horizon;
    /// nil when some target is never reached (see ``unreachable``) or there is nothing to do.
    public var targetsReachedBy: Period?
    /// The steps that no plan reaches, however long, each with why (dropped, or waiting for a
    /// dropped step or a cycle of pins).
    public var unreachable: [UnreachableStep] = []

    /// The KPI deadlines that are not met.
    public var deadlinesAtRisk: [KPIDeadline] { deadlines.filter { !$0.met } }

    /// Every scheduled step, quarter by quarter.
    public var scheduledSteps: [RoadmapStep] { milestones.flatMap(\.steps) }

    /// Every step: scheduled, then backlog, then dropped.
    public var allSteps: [RoadmapStep] { scheduledSteps + backlog + dropped }

    /// The step with `id`, wherever it is.
    public func step(id: String) -> RoadmapStep? { allSteps.first { $0.id == id } }
}

/// One step of the roadmap: moving one question up one level.
public struct RoadmapStep: Sendable, Equatable {
    /// `<questionId>@<toLevel>`.
    public var id: String
    /// The domain's id.
    public var domainID: String
    /// The question's id.
    public var questionID: String
    /// The question's area.
    public var area: String?
    /// The level the step starts from.
    public var fromLevel: Int
    /// The level the step reaches.
    public var toLevel: Int
    /// What to do: the question's `next` action for `fromLevel`, or a choice's improvement plan.
    public var action: String
    /// Who is accountable, as decided in Deliver.
    public var owner: String?
    /// Where the step stands.
    public var status: StepStatus
    /// The quarter the room pinned it to.
    public var pinned: Period?
    /// The quarter it is scheduled in; nil in the backlog and the dropped list.
    public var quarter: Period?
    /// p = W_d · w_q · (T − L) · (1.5 if the question links to a KPI chosen in Envision).
    public var priority: Double
    /// Whether the question links to a KPI chosen in Envision.
    public var linksChosenKPI: Bool
    /// For a step in the backlog: why it is not scheduled.
    public var backlogReason: String?
    /// Its size in points: the question's `effort` for `fromLevel` (1 without a size).
    public var effort: Int = Question.defaultEffort
    /// The latest quarter it may land in for every KPI it serves to be met on time: the earliest
    /// due quarter of the chosen KPIs its question lists, or earlier when a step that serves a
    /// KPI waits for it. Nil when it serves no KPI with a due quarter.
    public var deadline: Period?
    /// Why it sits where it is: its quarter, the backlog or the dropped list (DESIGN §4.5).
    public var reason: String = ""
    /// For a `choices` question: the choices to put in place, the fewest whose selection makes
    /// the question's rules yield `toLevel`.
    public var choices: [String] = []
}

/// Whether the steps that serve one chosen KPI land by its due quarter.
public struct KPIDeadline: Sendable, Equatable {
    /// The KPI's id.
    public var kpi: String
    /// The KPI's name.
    public var name: String
    /// Its due quarter.
    public var due: Period
    /// The ids of the steps that serve it (scheduled, backlog and dropped), in plan order.
    public var steps: [String]
    /// The steps that land after `due`, in the backlog, or were dropped.
    public var late: [LateStep]
    /// Whether every step that serves it lands by `due`.
    public var met: Bool { late.isEmpty }
}

/// A step that misses a KPI's due quarter.
public struct LateStep: Sendable, Equatable {
    /// The step's id.
    public var id: String
    /// The quarter it lands in; nil in the backlog or the dropped list.
    public var period: Period?
    /// What keeps it from landing in time: capacity, a dependency, a pin, the horizon or a drop.
    public var why: String
}

/// A step that no plan reaches, with why.
public struct UnreachableStep: Sendable, Equatable {
    /// The step's id.
    public var id: String
    /// Why no plan reaches it.
    public var why: String
}

/// One quarter of the roadmap.
public struct Milestone: Sendable, Equatable {
    /// The quarter.
    public var period: Period
    /// The steps scheduled in it.
    public var steps: [RoadmapStep]
    /// The domain scores once this quarter's and earlier steps are done (nil: not assessed).
    public var projected: [String: Double?]
    /// The projected overall score.
    public var projectedOverall: Double?
    /// The interim KPI targets for the quarter.
    public var kpis: [InterimKPITarget]

    /// The points of work its steps add up to.
    public var points: Int { steps.reduce(0) { $0 + $1.effort } }
}

/// The interim target of an outcome's KPI for one quarter: linear from the baseline at the
/// assessment period to the target at the KPI's due quarter.
public struct InterimKPITarget: Sendable, Equatable {
    /// The KPI's id.
    public var id: String
    /// The KPI's name.
    public var name: String
    /// Unit of measure.
    public var unit: String?
    /// Whether higher or lower is better.
    public var direction: KPIDirection?
    /// The interim target for the quarter.
    public var interimTarget: Double
    /// The outcome's id.
    public var outcomeID: String
    /// The outcome's title.
    public var outcomeTitle: String
}
