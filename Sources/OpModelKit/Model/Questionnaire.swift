/// A questionnaire: the maturity scale, the domains and their questions, and the KPI library
/// (DESIGN §5.1).
public struct Questionnaire: Codable, Sendable, Equatable {
    /// The value of `format` in every questionnaire file.
    public static let format = "opmodel.questionnaire"
    /// The newest `formatVersion` this program reads and writes.
    public static let currentFormatVersion = 1

    /// Always ``format``.
    public var format: String
    /// The file format's version; see ``currentFormatVersion``.
    public var formatVersion: Int
    /// Stable identifier, such as `cloud-operating-model`.
    public var id: String
    /// The content's version, such as `1.0.0`; assessments record which one they used.
    public var version: String
    /// Title shown to people.
    public var title: String
    /// What the questionnaire is for.
    public var description: String?
    /// The maturity levels, lowest first.
    public var scale: [ScaleLevel]
    /// The domains in the order they are assessed.
    public var domains: [Domain]
    /// The KPI library that outcomes pick from.
    public var kpis: [KPIDefinition]
    /// The team topologies Build offers; nil: the cloud defaults (``TopologyOption/cloudDefaults``);
    /// empty: Build asks no topology question.
    public var topologies: [TopologyOption]?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case format, formatVersion, id, version, title, description, scale, domains, kpis, topologies
    }

    /// The topologies Build offers: the questionnaire's own, else the cloud defaults.
    public var topologyOptions: [TopologyOption] { topologies ?? TopologyOption.cloudDefaults }

    /// The option a stored topology names, if the questionnaire has it.
    public func topologyOption(_ topology: Topology?) -> TopologyOption? {
        topology.flatMap { topology in topologyOptions.first { $0.id == topology.rawValue } }
    }

    /// Creates a questionnaire.
    public init(
        id: String, version: String, title: String, description: String? = nil, scale: [ScaleLevel],
        domains: [Domain], kpis: [KPIDefinition] = []
    ) {
        self.format = Self.format
        self.formatVersion = Self.currentFormatVersion
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.scale = scale
        self.domains = domains
        self.kpis = kpis
    }

    /// Decodes a questionnaire; `format` and `formatVersion` are checked by the loader.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(String.self, forKey: .version)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        scale = try container.decode([ScaleLevel].self, forKey: .scale)
        domains = try container.decode([Domain].self, forKey: .domains)
        kpis = try container.decodeIfPresent([KPIDefinition].self, forKey: .kpis) ?? []
        topologies = try container.decodeIfPresent([TopologyOption].self, forKey: .topologies)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the questionnaire with its unknown members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(id, forKey: .id)
        try container.encode(version, forKey: .version)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(scale, forKey: .scale)
        try container.encode(domains, forKey: .domains)
        try container.encode(kpis, forKey: .kpis)
        try container.encodeIfPresent(topologies, forKey: .topologies)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A way to organise the teams in the end state, offered by Build.
public struct TopologyOption: Codable, Sendable, Equatable {
    /// Its id, stored in the assessment (`build.topology`).
    public var id: String
    /// Its name, shown to people.
    public var name: String
    /// One sentence on what it means.
    public var description: String
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, description }

    /// An option.
    public init(id: String, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
    }

    /// Decodes an option.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decode(String.self, forKey: .description)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the option.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try encoder.encodeUnknownMembers(unknownMembers)
    }

    /// The options of a questionnaire without its own: how cloud operations are organised.
    public static let cloudDefaults = [
        TopologyOption(
            id: "centralized", name: "centralized",
            description: "one central team runs cloud operations for every workload"),
        TopologyOption(
            id: "decentralized", name: "decentralized",
            description: "each product team runs its own operations end to end"),
        TopologyOption(
            id: "federated", name: "federated",
            description:
                "a central platform team sets standards and runs shared services; product teams operate their own workloads"
        ),
    ]
}

/// One level of a questionnaire's maturity scale.
public struct ScaleLevel: Codable, Sendable, Equatable {
    /// The level's number, such as 3.
    public var level: Int
    /// Its name, such as `Defined`.
    public var name: String
    /// What the level means in general.
    public var description: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case level, name, description }

    /// Creates a scale level.
    public init(level: Int, name: String, description: String? = nil) {
        self.level = level
        self.name = name
        self.description = description
    }

    /// Decodes a scale level.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decode(Int.self, forKey: .level)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the scale level.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(level, forKey: .level)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// An operating domain and its questions.
public struct Domain: Codable, Sendable, Equatable {
    /// Stable identifier, such as `cloud-operations`.
    public var id: String
    /// Name shown to people.
    public var name: String
    /// What the domain covers and who owns it.
    public var description: String?
    /// W_d in the overall score; 1 when absent.
    public var weight: Double?
    /// The questions in the order they are asked.
    public var questions: [Question]
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, name, description, weight, questions }

    /// Creates a domain.
    public init(id: String, name: String, description: String? = nil, weight: Double? = nil, questions: [Question]) {
        self.id = id
        self.name = name
        self.description = description
        self.weight = weight
        self.questions = questions
    }

    /// The weight used in scoring and planning.
    public var effectiveWeight: Double { weight ?? 1 }

    /// Decodes a domain.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        weight = try container.decodeIfPresent(Double.self, forKey: .weight)
        questions = try container.decode([Question].self, forKey: .questions)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the domain.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(weight, forKey: .weight)
        try container.encode(questions, forKey: .questions)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// How a question is answered.
public enum QuestionKind: String, JSONEnumeration {
    /// The room picks one level of the scale.
    case levels
    /// The room ticks choices; rules turn the ticked set into a level (an imported lens).
    case choices
}

/// One question of a domain.
public struct Question: Codable, Sendable, Equatable {
    /// Stable identifier, such as `CO-03`; answers and roadmap steps refer to it.
    public var id: String
    /// The area of the domain the question belongs to.
    public var area: String?
    /// The question as asked.
    public var text: String
    /// What to look at and what evidence settles the answer.
    public var help: String?
    /// w_q in the domain score; 1 when absent, 0 to exclude the question from scoring.
    public var weight: Double?
    /// `levels` (the default) or `choices`.
    public var kind: QuestionKind?
    /// Observable descriptor of each level, keyed by the level's number.
    public var levels: [String: String]?
    /// The action that moves a team from each level to the next, keyed by the lower level.
    public var next: [String: String]?
    /// Ids of KPIs from the questionnaire's library that this question moves.
    public var kpis: [String]?
    /// Ids of questions whose capability must come first.
    public var dependsOn: [String]?
    /// A target level that overrides the domain's target.
    public var target: Int?
    /// The choices of a `choices` question.
    public var choices: [Choice]?
    /// The id of the choice that means "none of these".
    public var noneChoice: String?
    /// The rules that turn ticked choices into a level, first match wins.
    public var rules: [Rule]?
    /// Checkable statements per level, keyed by the level's number: all of a level's statements
    /// must hold before the room may claim that level (OWASP SAMM's quality criteria).
    public var criteria: [String: [String]]?
    /// Public pages to learn more from, one to three per question.
    public var references: [Reference]?
    /// The effort in points of each next action, keyed like ``next`` (by the lower level):
    /// 1 a few weeks of part-time work, 2 about a quarter of one person, 3 a quarter of a small
    /// team. An action without an entry counts 1.
    public var effort: [String: Int]?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, area, text, help, weight, kind, levels, next, kpis, dependsOn, target, choices, noneChoice, rules
        case criteria, references, effort
    }

    /// The effort of an action without a size: a few weeks of part-time work.
    public static let defaultEffort = 1

    /// Creates a `levels` question.
    public init(
        id: String, area: String? = nil, text: String, help: String? = nil, weight: Double? = nil,
        levels: [String: String]? = nil, next: [String: String]? = nil, kpis: [String]? = nil,
        dependsOn: [String]? = nil, target: Int? = nil
    ) {
        self.id = id
        self.area = area
        self.text = text
        self.help = help
        self.weight = weight
        self.levels = levels
        self.next = next
        self.kpis = kpis
        self.dependsOn = dependsOn
        self.target = target
    }

    /// The kind, `levels` when absent.
    public var effectiveKind: QuestionKind { kind ?? .levels }
    /// The weight used in scoring and planning.
    public var effectiveWeight: Double { weight ?? 1 }
    /// The descriptor of `level`, if the question has one.
    public func descriptor(for level: Int) -> String? { levels?[String(level)] }
    /// The action that moves a team from `level` to the next level.
    public func nextAction(from level: Int) -> String? { next?[String(level)] }
    /// The statements that must all hold before the room may claim `level`; empty when the
    /// question has none for it.
    public func criteria(for level: Int) -> [String] { criteria?[String(level)] ?? [] }
    /// The effort in points of the action that moves a team from `level` to the next level;
    /// ``defaultEffort`` when the question does not size it.
    public func effort(from level: Int) -> Int { effort?[String(level)] ?? Self.defaultEffort }

    /// Decodes a question.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoder, case .object(let members) = decoder.value,
            let question = Question(members: members)
        {
            self = question
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        area = try container.decodeIfPresent(String.self, forKey: .area)
        text = try container.decode(String.self, forKey: .text)
        help = try container.decodeIfPresent(String.self, forKey: .help)
        weight = try container.decodeIfPresent(Double.self, forKey: .weight)
        kind = try container.decodeIfPresent(QuestionKind.self, forKey: .kind)
        levels = try container.decodeIfPresent([String: String].self, forKey: .levels)
        next = try container.decodeIfPresent([String: String].self, forKey: .next)
        kpis = try container.decodeIfPresent([String].self, forKey: .kpis)
        dependsOn = try container.decodeIfPresent([String].self, forKey: .dependsOn)
        target = try container.decodeIfPresent(Int.self, forKey: .target)
        choices = try container.decodeIfPresent([Choice].self, forKey: .choices)
        noneChoice = try container.decodeIfPresent(String.self, forKey: .noneChoice)
        rules = try container.decodeIfPresent([Rule].self, forKey: .rules)
        criteria = try container.decodeIfPresent([String: [String]].self, forKey: .criteria)
        references = try container.decodeIfPresent([Reference].self, forKey: .references)
        effort = try container.decodeIfPresent([String: Int].self, forKey: .effort)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// The `levels` question in `members` when every member has the expected type, read without
    /// the keyed-container machinery (a large questionnaire has tens of thousands); nil
    /// otherwise, for `choices` questions too, and the decoder above reads or reports it.
    init?(members: JSONObject) {
        typealias Read = MemberReading
        // Choices questions and references take the Codable path.
        guard Read.handles(members, CodingKeys.self, reading: Self.readFast),
            case .string(let id)? = members[CodingKeys.id.stringValue],
            case .string(let text)? = members[CodingKeys.text.stringValue],
            let area = Read.string(members, CodingKeys.area), let help = Read.string(members, CodingKeys.help),
            let weight = Read.double(members, CodingKeys.weight), let kind = Read.string(members, CodingKeys.kind),
            let levels = Read.texts(members, CodingKeys.levels), let next = Read.texts(members, CodingKeys.next),
            let kpis = Read.strings(members, CodingKeys.kpis),
            let dependsOn = Read.strings(members, CodingKeys.dependsOn),
            let target = Read.int(members, CodingKeys.target),
            let noneChoice = Read.string(members, CodingKeys.noneChoice),
            let criteria = Read.textLists(members, CodingKeys.criteria),
            let effort = Read.wholes(members, CodingKeys.effort)
        else { return nil }
        self.init(
            id: id, area: area, text: text, help: help, weight: weight, levels: levels, next: next, kpis: kpis,
            dependsOn: dependsOn, target: target)
        if let kind {
            guard let known = QuestionKind(rawValue: kind) else { return nil }
            self.kind = known
        }
        self.noneChoice = noneChoice
        self.criteria = criteria
        self.effort = effort
        unknownMembers = Read.unknown(members, besides: CodingKeys.self)
    }

    /// The members ``init(members:)`` reads.
    static let readFast: Set<String> = Set(
        [
            CodingKeys.id, .area, .text, .help, .weight, .kind, .levels, .next, .kpis, .dependsOn, .target, .noneChoice,
            .criteria, .effort,
        ].map(\.stringValue))

    /// Encodes the question.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(area, forKey: .area)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(help, forKey: .help)
        try container.encodeIfPresent(weight, forKey: .weight)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encodeIfPresent(levels, forKey: .levels)
        try container.encodeIfPresent(next, forKey: .next)
        try container.encodeIfPresent(kpis, forKey: .kpis)
        try container.encodeIfPresent(dependsOn, forKey: .dependsOn)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encodeIfPresent(choices, forKey: .choices)
        try container.encodeIfPresent(noneChoice, forKey: .noneChoice)
        try container.encodeIfPresent(rules, forKey: .rules)
        try container.encodeIfPresent(criteria, forKey: .criteria)
        try container.encodeIfPresent(references, forKey: .references)
        try container.encodeIfPresent(effort, forKey: .effort)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A public page to learn more from: a framework's guidance, a book chapter, a standard.
public struct Reference: Codable, Sendable, Equatable {
    /// What the page is, as people should see it ("DORA: the four key metrics").
    public var title: String
    /// Where it is: an absolute `https` URL.
    public var url: String
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case title, url }

    /// A reference.
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }

    /// Decodes a reference.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        url = try container.decode(String.self, forKey: .url)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the reference.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(url, forKey: .url)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// One choice of a `choices` question.
public struct Choice: Codable, Sendable, Equatable {
    /// Identifier used in rules and answers.
    public var id: String
    /// What the choice says.
    public var title: String
    /// Guidance for the choice.
    public var help: String?
    /// What to do when the choice is not selected; becomes a roadmap step.
    public var improvement: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case id, title, help, improvement }

    /// Creates a choice.
    public init(id: String, title: String, help: String? = nil, improvement: String? = nil) {
        self.id = id
        self.title = title
        self.help = help
        self.improvement = improvement
    }

    /// Decodes a choice.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        help = try container.decodeIfPresent(String.self, forKey: .help)
        improvement = try container.decodeIfPresent(String.self, forKey: .improvement)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the choice.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(help, forKey: .help)
        try container.encodeIfPresent(improvement, forKey: .improvement)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A rule of a `choices` question: when the condition holds, the question scores `level`.
public struct Rule: Codable, Sendable, Equatable {
    /// A condition over choice ids (`a && !b || c`), or `default`.
    public var when: String
    /// The level the question scores when the condition holds.
    public var level: Int
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case when, level }

    /// Creates a rule.
    public init(when: String, level: Int) {
        self.when = when
        self.level = level
    }

    /// Decodes a rule.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        when = try container.decode(String.self, forKey: .when)
        level = try container.decode(Int.self, forKey: .level)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the rule.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(when, forKey: .when)
        try container.encode(level, forKey: .level)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// Whether more or less of a KPI is better.
public enum KPIDirection: String, JSONEnumeration {
    /// More is better (availability, deployment frequency).
    case higher
    /// Less is better (time to restore, cost).
    case lower
}

/// The four segments of the transformation scorecard.
public enum KPICategory: String, JSONEnumeration {
    /// Speed of change.
    case agility
    /// New business value.
    case strategicAdvantage = "strategic-advantage"
    /// Fewer and smaller failures, better security and compliance.
    case riskReduction = "risk-reduction"
    /// Less effort and cost for the same result.
    case operationalEfficiency = "operational-efficiency"
}

/// A KPI of a questionnaire's library.
public struct KPIDefinition: Codable, Sendable, Equatable {
    /// Stable identifier, such as `mttr`.
    public var id: String
    /// Name shown to people.
    public var name: String
    /// Unit of measure, such as `minutes`.
    public var unit: String
    /// Whether higher or lower is better.
    public var direction: KPIDirection
    /// Scorecard segment.
    public var category: KPICategory
    /// How to measure it.
    public var description: String?
    /// Public performance ranges in the KPI's unit (DORA's clusters, FinOps crawl, walk and run),
    /// shown when the room sets a target.
    public var benchmarks: [KPIBenchmark]?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, unit, direction, category, description, benchmarks
    }

    /// Creates a KPI definition.
    public init(
        id: String, name: String, unit: String, direction: KPIDirection, category: KPICategory,
        description: String? = nil
    ) {
        self.id = id
        self.name = name
        self.unit = unit
        self.direction = direction
        self.category = category
        self.description = description
    }

    /// Decodes a KPI definition.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        unit = try container.decode(String.self, forKey: .unit)
        direction = try container.decode(KPIDirection.self, forKey: .direction)
        category = try container.decode(KPICategory.self, forKey: .category)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        benchmarks = try container.decodeIfPresent([KPIBenchmark].self, forKey: .benchmarks)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the KPI definition.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(unit, forKey: .unit)
        try container.encode(direction, forKey: .direction)
        try container.encode(category, forKey: .category)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(benchmarks, forKey: .benchmarks)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

/// A public performance range of a KPI, such as DORA's "Elite" deployment frequency, in the
/// KPI's unit; an open end has no bound.
public struct KPIBenchmark: Codable, Sendable, Equatable {
    /// The range's name, such as `Elite` or `Run`.
    public var label: String
    /// The lowest value of the range; nil: no lower bound.
    public var from: Double?
    /// The highest value of the range; nil: no upper bound.
    public var to: Double?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case label, from, to }

    /// A range; at least one bound should be given.
    public init(label: String, from: Double? = nil, to: Double? = nil) {
        self.label = label
        self.from = from
        self.to = to
    }

    /// The range as people read it: `0–60`, `at least 95`, `at most 1`, `any value`.
    public var rangeText: String {
        switch (from, to) {
        case (let from?, let to?) where from == to: return JSONWriter.format(number: from)
        case (let from?, let to?): return "\(JSONWriter.format(number: from))–\(JSONWriter.format(number: to))"
        case (let from?, nil): return "at least \(JSONWriter.format(number: from))"
        case (nil, let to?): return "at most \(JSONWriter.format(number: to))"
        case (nil, nil): return "any value"
        }
    }

    /// Whether `value` lies in the range (bounds included).
    public func contains(_ value: Double) -> Bool {
        (from.map { value >= $0 } ?? true) && (to.map { value <= $0 } ?? true)
    }

    /// Decodes a range.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        from = try container.decodeIfPresent(Double.self, forKey: .from)
        to = try container.decodeIfPresent(Double.self, forKey: .to)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the range; an open end is left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encodeIfPresent(from, forKey: .from)
        try container.encodeIfPresent(to, forKey: .to)
        try encoder.encodeUnknownMembers(unknownMembers)
    }
}

extension Questionnaire {
    /// The lowest level of the scale.
    public var minimumLevel: Int { scale.map(\.level).min() ?? 1 }
    /// The highest level of the scale.
    public var maximumLevel: Int { scale.map(\.level).max() ?? 5 }
    /// Every level of the scale, lowest first.
    public var levelRange: ClosedRange<Int> { minimumLevel...max(minimumLevel, maximumLevel) }

    /// All questions, domain by domain, in the order they are asked.
    public var allQuestions: [Question] { domains.flatMap(\.questions) }

    /// The question with `id`, and the index of its domain.
    public func question(id: String) -> (question: Question, domainIndex: Int)? {
        for (domainIndex, domain) in domains.enumerated() {
            if let question = domain.questions.first(where: { $0.id == id }) {
                return (question, domainIndex)
            }
        }
        return nil
    }

    /// The KPI of the library with `id`.
    public func kpi(id: String) -> KPIDefinition? { kpis.first { $0.id == id } }

    /// The name of the highest scale level at or below `score` ("2.7 — Repeatable"); the lowest
    /// level's name for scores below the scale.
    public func levelName(for score: Double) -> String {
        levelAt(score)?.name ?? ""
    }

    /// The highest scale level at or below `score` as reports show it (one decimal, half away
    /// from zero), so that a label never contradicts the number beside it: 2.96 shows as
    /// "3.0 — Defined", not "3.0 — Repeatable".
    public func levelAt(_ score: Double) -> ScaleLevel? {
        let sorted = scale.sorted { $0.level < $1.level }
        let shown = Rounding.halfAwayFromZero(score, places: 1)
        return sorted.last { Double($0.level) <= shown + 1e-9 } ?? sorted.first
    }

    /// The scale level numbered `level`.
    public func scaleLevel(_ level: Int) -> ScaleLevel? { scale.first { $0.level == level } }
}
