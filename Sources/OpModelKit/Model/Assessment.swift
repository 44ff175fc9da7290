/// One team's assessment for one period: every answer and decision of the five phases
/// (DESIGN §5.2). The roadmap is never stored; it is recomputed from this.
public struct Assessment: Codable, Sendable, Equatable {
    /// The value of `format` in every assessment file.
    public static let format = "opmodel.assessment"
    /// The newest `formatVersion` this program reads and writes.
    public static let currentFormatVersion = 1

    /// Always ``format``.
    public var format: String
    /// The file format's version; see ``currentFormatVersion``.
    public var formatVersion: Int
    /// A UUID.
    public var id: String
    /// The organisation assessed.
    public var organization: String?
    /// The team assessed.
    public var team: String
    /// The quarter assessed, `YYYY-Qn`.
    public var period: Period
    /// The questionnaire and version used.
    public var questionnaire: QuestionnaireReference
    /// Who ran the session.
    public var facilitator: String?
    /// Who was in the room.
    public var participants: [Participant]
    /// When the assessment was started (ISO-8601).
    public var createdAt: String
    /// When it was last saved (ISO-8601).
    public var updatedAt: String
    /// The phase the workshop is in, or `complete`.
    public var phase: Phase
    /// Where the interactive workshop resumes within the phase, such as `discover/CO-04`.
    public var cursor: String?
    /// The person's name in a respondent file (`opmodel assess --respondent NAME`): Discover
    /// answered alone, to be merged into a workshop assessment.
    public var respondent: String?
    /// Seconds the room spent, by phase (`envision`), by Discover domain (`discover/<domain>`) and
    /// by Discover question (`question/<question id>`), so that a facilitator can plan the next
    /// session.
    public var timings: [String: Double]
    /// Outcomes and KPIs.
    public var envision: Envision
    /// Answers, constraints and upskilling needs.
    public var discover: Discover
    /// Targets, topology and end state.
    public var build: Build
    /// Planning settings and decisions on roadmap steps.
    public var deliver: Deliver
    /// Review cadence, next assessment, reflections.
    public var improve: Improve
    /// Items the room parked to come back to (`! text` at any prompt), with those carried open
    /// from earlier quarters; written only when there is one, so older files are unchanged.
    public var parkingLot: [ParkingLotItem]
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, formatVersion, id, organization, team, period, questionnaire, facilitator, participants
        case createdAt, updatedAt, phase, cursor, respondent, timings, envision, discover, build, deliver, improve
        case parkingLot
    }

    /// A new assessment in the Envision phase.
    public init(
        id: String, organization: String?, team: String, period: Period, questionnaire: QuestionnaireReference,
        createdAt: String
    ) {
        self.format = Self.format
        self.formatVersion = Self.currentFormatVersion
        self.id = id
        self.organization = organization
        self.team = team
        self.period = period
        self.questionnaire = questionnaire
        self.participants = []
        self.timings = [:]
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.phase = .envision
        self.envision = Envision()
        self.discover = Discover()
        self.build = Build()
        self.deliver = Deliver()
        self.improve = Improve()
        self.parkingLot = []
    }

    /// Decodes an assessment; `format` and `formatVersion` are checked by the loader.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        id = try container.decode(String.self, forKey: .id)
        organization = try container.decodeIfPresent(String.self, forKey: .organization)
        team = try container.decode(String.self, forKey: .team)
        period = try container.decode(Period.self, forKey: .period)
        questionnaire = try container.decode(QuestionnaireReference.self, forKey: .questionnaire)
        facilitator = try container.decodeIfPresent(String.self, forKey: .facilitator)
        participants = try container.decodeIfPresent([Participant].self, forKey: .participants) ?? []
        createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt) ?? ""
        updatedAt = try container.decodeIfPresent(String.self, forKey: .updatedAt) ?? createdAt
        phase = try container.decodeIfPresent(Phase.self, forKey: .phase) ?? .envision
        cursor = try container.decodeIfPresent(String.self, forKey: .cursor)
        respondent = try container.decodeIfPresent(String.self, forKey: .respondent)
        timings = try container.decodeIfPresent([String: Double].self, forKey: .timings) ?? [:]
        envision = try container.decodeIfPresent(Envision.self, forKey: .envision) ?? Envision()
        discover = try container.decodeIfPresent(Discover.self, forKey: .discover) ?? Discover()
        build = try container.decodeIfPresent(Build.self, forKey: .build) ?? Build()
        deliver = try container.decodeIfPresent(Deliver.self, forKey: .deliver) ?? Deliver()
        improve = try container.decodeIfPresent(Improve.self, forKey: .improve) ?? Improve()
        parkingLot = try container.decodeIfPresent([ParkingLotItem].self, forKey: .parkingLot) ?? []
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the assessment with its unknown members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(organization, forKey: .organization)
        try container.encode(team, forKey: .team)
        try container.encode(period, forKey: .period)
        try container.encode(questionnaire, forKey: .questionnaire)
        try container.encodeIfPresent(facilitator, forKey: .facilitator)
        try container.encode(participants, forKey: .participants)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(phase, forKey: .phase)
        try container.encodeIfPresent(cursor, forKey: .cursor)
        try container.encodeIfPresent(respondent, forKey: .respondent)
        if !timings.isEmpty { try container.encode(timings, forKey: .timings) }
        try container.encode(envision, forKey: .envision)
        try container.encode(discover, forKey: .discover)
        try container.encode(build, forKey: .build)
        try container.encode(deliver, forKey: .deliver)
        try container.encode(improve, forKey: .improve)
        if !parkingLot.isEmpty { try container.encode(parkingLot, forKey: .parkingLot) }
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// The five phases of the workshop, and `complete` after the last.
public enum Phase: String, JSONEnumeration, Comparable {
    /// Outcomes and KPIs.
    case envision
    /// Current maturity.
    case discover
    /// Target state.
    case build
    /// Roadmap.
    case deliver
    /// Measurement and cadence.
    case improve
    /// All five phases done.
    case complete

    /// The five working phases in order.
    public static let workshopPhases: [Phase] = [.envision, .discover, .build, .deliver, .improve]

    /// 1-based position among the five phases (6 for `complete`).
    public var number: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

    /// Capitalised name, such as `Discover`.
    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// The phase after this one.
    public var following: Phase {
        let all = Self.allCases
        guard let index = all.firstIndex(of: self), index + 1 < all.count else { return .complete }
        return all[index + 1]
    }

    /// Phases sort in workshop order.
    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.number < rhs.number }
}

/// The questionnaire an assessment was made with.
public struct QuestionnaireReference: Codable, Sendable, Equatable {
    /// The questionnaire's id.
    public var id: String
    /// The questionnaire's version.
    public var version: String
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, version }

    /// A reference to `id` at `version`.
    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }

    /// Decodes a reference.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(String.self, forKey: .version)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the reference.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(version, forKey: .version)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A person in the workshop.
public struct Participant: Codable, Sendable, Equatable {
    /// Short id used for votes, such as `p1`.
    public var id: String
    /// Name.
    public var name: String
    /// Role, such as `SRE lead`.
    public var role: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, role }

    /// Creates a participant.
    public init(id: String, name: String, role: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
    }

    /// Decodes a participant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the participant.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(role, forKey: .role)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}
