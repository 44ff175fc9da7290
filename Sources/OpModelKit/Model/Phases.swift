/// What the room said in Envision: the vision, the drivers and the outcomes with their KPIs.
public struct Envision: Codable, Sendable, Equatable {
    /// One or two sentences on what the change must achieve.
    public var vision: String?
    /// Business drivers.
    public var drivers: [String]
    /// Business outcomes, each linked to KPIs.
    public var outcomes: [Outcome]
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case vision, drivers, outcomes }

    /// An empty Envision.
    public init(vision: String? = nil, drivers: [String] = [], outcomes: [Outcome] = []) {
        self.vision = vision
        self.drivers = drivers
        self.outcomes = outcomes
    }

    /// Decodes Envision.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vision = try container.decodeIfPresent(String.self, forKey: .vision)
        drivers = try container.decodeIfPresent([String].self, forKey: .drivers) ?? []
        outcomes = try container.decodeIfPresent([Outcome].self, forKey: .outcomes) ?? []
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes Envision.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(vision, forKey: .vision)
        try container.encode(drivers, forKey: .drivers)
        try container.encode(outcomes, forKey: .outcomes)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A business outcome the change must deliver, measured by KPIs.
public struct Outcome: Codable, Sendable, Equatable {
    /// Short id, such as `o1`.
    public var id: String
    /// The outcome in a sentence.
    public var title: String
    /// The KPIs that measure it.
    public var kpis: [OutcomeKPI]
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, kpis }

    /// Creates an outcome.
    public init(id: String, title: String, kpis: [OutcomeKPI] = []) {
        self.id = id
        self.title = title
        self.kpis = kpis
    }

    /// Decodes an outcome.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        kpis = try container.decodeIfPresent([OutcomeKPI].self, forKey: .kpis) ?? []
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the outcome.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(kpis, forKey: .kpis)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A KPI attached to an outcome, with its baseline, target and due quarter.
public struct OutcomeKPI: Codable, Sendable, Equatable {
    /// The library KPI's id, or a slug of a KPI typed in by the room.
    public var id: String
    /// Name shown to people.
    public var name: String
    /// Unit of measure.
    public var unit: String?
    /// Whether higher or lower is better.
    public var direction: KPIDirection?
    /// The value at the assessment period.
    public var baseline: Double?
    /// The value to reach by `due`.
    public var target: Double?
    /// The quarter by which the target is due.
    public var due: Period?
    /// The latest measured value.
    public var current: Double?
    /// The quarter the baseline was measured in, when earlier than the assessment's period (a
    /// KPI carried forward from a previous quarter); interim targets run from it.
    public var baselinePeriod: Period?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, unit, direction, baseline, target, due, current, baselinePeriod
    }

    /// Creates an outcome KPI.
    public init(
        id: String, name: String, unit: String? = nil, direction: KPIDirection? = nil, baseline: Double? = nil,
        target: Double? = nil, due: Period? = nil, current: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.target = target
        self.due = due
        self.current = current
    }

    /// Decodes an outcome KPI.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        direction = try container.decodeIfPresent(KPIDirection.self, forKey: .direction)
        baseline = try container.decodeIfPresent(Double.self, forKey: .baseline)
        target = try container.decodeIfPresent(Double.self, forKey: .target)
        due = try container.decodeIfPresent(Period.self, forKey: .due)
        current = try container.decodeIfPresent(Double.self, forKey: .current)
        baselinePeriod = try container.decodeIfPresent(Period.self, forKey: .baselinePeriod)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the outcome KPI.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(unit, forKey: .unit)
        try container.encodeIfPresent(direction, forKey: .direction)
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encodeIfPresent(due, forKey: .due)
        try container.encodeIfPresent(current, forKey: .current)
        try container.encodeIfPresent(baselinePeriod, forKey: .baselinePeriod)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// What the room found in Discover.
public struct Discover: Codable, Sendable, Equatable {
    /// Answers keyed by question id; ids the questionnaire no longer has are kept (orphaned).
    public var answers: [String: Answer]
    /// Constraints named by the room.
    public var constraints: [String]
    /// Upskilling needs named by the room.
    public var upskilling: [String]
    /// The time box of a question, in seconds (`assess --timebox`, or set at the start of
    /// Discover); a domain's box is this times its questions. Nil for none.
    public var timebox: Double?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case answers, constraints, upskilling, timebox }

    /// An empty Discover.
    public init(
        answers: [String: Answer] = [:], constraints: [String] = [], upskilling: [String] = [], timebox: Double? = nil
    ) {
        self.answers = answers
        self.constraints = constraints
        self.upskilling = upskilling
        self.timebox = timebox
    }

    /// Decodes Discover.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoder, case .object(let members) = decoder.value,
            let discover = Discover(members: members)
        {
            self = discover
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        answers = try container.decodeIfPresent([String: Answer].self, forKey: .answers) ?? [:]
        constraints = try container.decodeIfPresent([String].self, forKey: .constraints) ?? []
        upskilling = try container.decodeIfPresent([String].self, forKey: .upskilling) ?? []
        timebox = try container.decodeIfPresent(Double.self, forKey: .timebox)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Discover in `members` when every member has the expected type, each answer read with
    /// ``Answer/init(members:)``; nil otherwise, and the decoder above reports the problem.
    init?(members: JSONObject) {
        typealias Read = MemberReading
        guard Read.handles(members, CodingKeys.self, reading: ["answers", "constraints", "upskilling", "timebox"]),
            let constraints = Read.strings(members, CodingKeys.constraints),
            let upskilling = Read.strings(members, CodingKeys.upskilling),
            let timebox = Read.double(members, CodingKeys.timebox)
        else { return nil }
        var answers: [String: Answer] = [:]
        switch members[CodingKeys.answers.stringValue] {
        case nil, .null?: break
        case .object(let entries)?:
            answers.reserveCapacity(entries.count)
            for (id, entry) in entries {
                // Two ids equal as Swift compares them: the Codable path refuses the pair.
                guard case .object(let fields) = entry, let answer = Answer(members: fields),
                    answers.updateValue(answer, forKey: id) == nil
                else { return nil }
            }
        default: return nil
        }
        self.init(answers: answers, constraints: constraints ?? [], upskilling: upskilling ?? [], timebox: timebox)
        unknownMembers = Read.unknown(members, besides: CodingKeys.self)
    }

    /// Encodes Discover.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(answers, forKey: .answers)
        try container.encode(constraints, forKey: .constraints)
        try container.encode(upskilling, forKey: .upskilling)
        try container.encodeIfPresent(timebox, forKey: .timebox)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// The answer to one question: a level (or ticked choices), or not applicable with a reason.
/// A question without an entry is unanswered.
public struct Answer: Codable, Sendable, Equatable {
    /// The level the room settled on (the consensus when several voted).
    public var level: Int?
    /// True when the question does not apply; `note` then holds the reason.
    public var notApplicable: Bool
    /// A note, or the reason for not applicable.
    public var note: String?
    /// Each participant's vote, keyed by participant id.
    public var votes: [String: Int]?
    /// The ticked choices of a `choices` question.
    public var choices: [String]?
    /// Why the room settled on `level` when the votes differed.
    public var reason: String?
    /// Notes written by individual participants (from respondent files), keyed by participant id.
    public var voteNotes: [String: String]?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case level, notApplicable, note, votes, choices, reason, voteNotes
    }

    /// Creates an answer.
    public init(
        level: Int? = nil, notApplicable: Bool = false, note: String? = nil, votes: [String: Int]? = nil,
        choices: [String]? = nil
    ) {
        self.level = level
        self.notApplicable = notApplicable
        self.note = note
        self.votes = votes
        self.choices = choices
    }

    /// A level answer with an optional note.
    public static func level(_ level: Int, note: String? = nil) -> Answer { Answer(level: level, note: note) }

    /// A not-applicable answer with its reason.
    public static func notApplicable(reason: String) -> Answer { Answer(notApplicable: true, note: reason) }

    /// Decodes an answer.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoder, case .object(let members) = decoder.value,
            let answer = Answer(members: members)
        {
            self = answer
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decodeIfPresent(Int.self, forKey: .level)
        notApplicable = try container.decodeIfPresent(Bool.self, forKey: .notApplicable) ?? false
        note = try container.decodeIfPresent(String.self, forKey: .note)
        votes = try container.decodeIfPresent([String: Int].self, forKey: .votes)
        choices = try container.decodeIfPresent([String].self, forKey: .choices)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        voteNotes = try container.decodeIfPresent([String: String].self, forKey: .voteNotes)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// The answer in `members` when every member has the expected type, read without the
    /// keyed-container machinery (a merge reads tens of thousands of answers); nil otherwise,
    /// and the decoder above then reports the problem with its path.
    init?(members: JSONObject) {
        typealias Read = MemberReading
        guard
            Read.handles(
                members, CodingKeys.self,
                reading: ["level", "notApplicable", "note", "votes", "choices", "reason", "voteNotes"]),
            let level = Read.int(members, CodingKeys.level),
            let notApplicable = Read.bool(members, CodingKeys.notApplicable),
            let note = Read.string(members, CodingKeys.note), let votes = Read.wholes(members, CodingKeys.votes),
            let choices = Read.strings(members, CodingKeys.choices),
            let reason = Read.string(members, CodingKeys.reason),
            let voteNotes = Read.texts(members, CodingKeys.voteNotes)
        else { return nil }
        self.init(level: level, notApplicable: notApplicable ?? false, note: note, votes: votes, choices: choices)
        self.reason = reason
        self.voteNotes = voteNotes
        unknownMembers = Read.unknown(members, besides: CodingKeys.self)
    }

    /// Encodes the answer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(level, forKey: .level)
        if notApplicable { try container.encode(true, forKey: .notApplicable) }
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(votes, forKey: .votes)
        try container.encodeIfPresent(choices, forKey: .choices)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(voteNotes, forKey: .voteNotes)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// How the teams are organised in the end state (Build phase): the id of one of the
/// questionnaire's ``TopologyOption``s (`federated` for the cloud defaults).
public struct Topology: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    /// The option's id.
    public var rawValue: String

    /// The topology with this id.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The topology with this id.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Decodes the id.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the id.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// One central team runs cloud operations for everyone.
    public static let centralized: Topology = "centralized"
    /// Each product team runs its own operations.
    public static let decentralized: Topology = "decentralized"
    /// A central platform team sets standards and runs shared services; product teams run the rest.
    public static let federated: Topology = "federated"
}

/// What the room decided in Build.
public struct Build: Codable, Sendable, Equatable {
    /// Target level per domain id.
    public var targets: [String: Int]
    /// The team topology of the end state.
    public var topology: Topology?
    /// The end-state narrative.
    public var endState: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case targets, topology, endState }

    /// An empty Build.
    public init(targets: [String: Int] = [:], topology: Topology? = nil, endState: String? = nil) {
        self.targets = targets
        self.topology = topology
        self.endState = endState
    }

    /// Decodes Build.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decodeIfPresent([String: Int].self, forKey: .targets) ?? [:]
        topology = try container.decodeIfPresent(Topology.self, forKey: .topology)
        endState = try container.decodeIfPresent(String.self, forKey: .endState)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes Build.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(targets, forKey: .targets)
        try container.encodeIfPresent(topology, forKey: .topology)
        try container.encodeIfPresent(endState, forKey: .endState)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// The planning settings and the room's decisions on roadmap steps.
public struct Deliver: Codable, Sendable, Equatable {
    /// The default number of quarters planned.
    public static let defaultHorizonQuarters = 4
    /// The default number of steps a quarter.
    public static let defaultCapacityPerQuarter = 4

    /// The most quarters a roadmap starting in `start` can cover without running past
    /// ``Period/latest`` (at least 1).
    public static func longestHorizon(from start: Period) -> Int {
        max(1, start.quarters(to: .latest) + 1)
    }

    /// The quarters planned from `start`: ``horizonQuarters`` as the room set it, else the
    /// default, shortened to what fits before ``Period/latest`` (a room that chose a horizon
    /// running past it is told so by the validator instead).
    public func horizon(from start: Period) -> Int {
        horizonQuarters ?? min(Self.defaultHorizonQuarters, Self.longestHorizon(from: start))
    }

    /// The first quarter of the roadmap; the quarter after the assessment when absent.
    public var startPeriod: Period?
    /// How many quarters to plan.
    public var horizonQuarters: Int?
    /// At most this many steps a quarter.
    public var capacityPerQuarter: Int?
    /// Decisions keyed by step id (`CO-03@4`).
    public var decisions: [String: StepDecision]
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case startPeriod, horizonQuarters, capacityPerQuarter, decisions
    }

    /// An empty Deliver.
    public init(
        startPeriod: Period? = nil, horizonQuarters: Int? = nil, capacityPerQuarter: Int? = nil,
        decisions: [String: StepDecision] = [:]
    ) {
        self.startPeriod = startPeriod
        self.horizonQuarters = horizonQuarters
        self.capacityPerQuarter = capacityPerQuarter
        self.decisions = decisions
    }

    /// Decodes Deliver.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        startPeriod = try container.decodeIfPresent(Period.self, forKey: .startPeriod)
        horizonQuarters = try container.decodeIfPresent(Int.self, forKey: .horizonQuarters)
        capacityPerQuarter = try container.decodeIfPresent(Int.self, forKey: .capacityPerQuarter)
        decisions = try container.decodeIfPresent([String: StepDecision].self, forKey: .decisions) ?? [:]
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes Deliver.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(startPeriod, forKey: .startPeriod)
        try container.encodeIfPresent(horizonQuarters, forKey: .horizonQuarters)
        try container.encodeIfPresent(capacityPerQuarter, forKey: .capacityPerQuarter)
        try container.encode(decisions, forKey: .decisions)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// Where a roadmap step stands.
public enum StepStatus: String, JSONEnumeration {
    /// Scheduled, not started.
    case planned
    /// Under way.
    case inProgress = "in-progress"
    /// Finished.
    case done
    /// The room decided not to do it; listed, never scheduled.
    case dropped
}

/// The room's decision on one roadmap step.
public struct StepDecision: Codable, Sendable, Equatable {
    /// Who is accountable.
    public var owner: String?
    /// Where the step stands.
    public var status: StepStatus?
    /// The quarter the step is pinned to.
    public var quarter: Period?
    /// Why the step was dropped (asked when it is).
    public var reason: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case owner, status, quarter, reason }

    /// Creates a decision.
    public init(owner: String? = nil, status: StepStatus? = nil, quarter: Period? = nil, reason: String? = nil) {
        self.owner = owner
        self.status = status
        self.quarter = quarter
        self.reason = reason
    }

    /// Whether the decision says nothing (and can be removed).
    public var isEmpty: Bool {
        owner == nil && status == nil && quarter == nil && reason == nil && unknownMembers.isEmpty
    }

    /// Decodes a decision.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        status = try container.decodeIfPresent(StepStatus.self, forKey: .status)
        quarter = try container.decodeIfPresent(Period.self, forKey: .quarter)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the decision.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(status, forKey: .status)
        try container.encodeIfPresent(quarter, forKey: .quarter)
        try container.encodeIfPresent(reason, forKey: .reason)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// What the room decided in Improve.
public struct Improve: Codable, Sendable, Equatable {
    /// The period of the previous assessment this one was compared with.
    public var previous: Period?
    /// What the room learned.
    public var reflections: String?
    /// How often progress is reviewed, such as `monthly`.
    public var reviewCadence: String?
    /// When the team assesses again.
    public var nextAssessment: Period?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case previous, reflections, reviewCadence, nextAssessment }

    /// An empty Improve.
    public init(
        previous: Period? = nil, reflections: String? = nil, reviewCadence: String? = nil,
        nextAssessment: Period? = nil
    ) {
        self.previous = previous
        self.reflections = reflections
        self.reviewCadence = reviewCadence
        self.nextAssessment = nextAssessment
    }

    /// Decodes Improve.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        previous = try container.decodeIfPresent(Period.self, forKey: .previous)
        reflections = try container.decodeIfPresent(String.self, forKey: .reflections)
        reviewCadence = try container.decodeIfPresent(String.self, forKey: .reviewCadence)
        nextAssessment = try container.decodeIfPresent(Period.self, forKey: .nextAssessment)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes Improve.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(previous, forKey: .previous)
        try container.encodeIfPresent(reflections, forKey: .reflections)
        try container.encodeIfPresent(reviewCadence, forKey: .reviewCadence)
        try container.encodeIfPresent(nextAssessment, forKey: .nextAssessment)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}
