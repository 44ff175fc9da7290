import Foundation
import Testing

@testable import OpModelKit

/// The JSON Schemas in `Questionnaires/schema/` accept what opmodel writes and reads, name exactly
/// the keys the Swift models know, and are kept in step with them.
@Suite("JSON Schemas")
struct SchemaTests {
    // MARK: - Loading

    enum Kind: String, CaseIterable, Sendable {
        case questionnaire, assessment

        var file: String { "Questionnaires/schema/\(rawValue).schema.json" }
        var id: String { "https://opmodel.dev/schema/\(rawValue)-1.schema.json" }
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: Fixtures.packageRoot.appendingPathComponent(relative).path, encoding: .utf8)
    }

    static func schema(_ kind: Kind) throws -> JSONValue {
        try JSONParser.parse(text(kind.file))
    }

    static func validator(_ kind: Kind) throws -> SchemaSubsetValidator {
        try SchemaSubsetValidator(schema: schema(kind))
    }

    static func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONParser.parse(DocumentWriter.text(of: value))
    }

    /// Whether the Swift loader reads `document` as a `kind` file.
    static func loaderAccepts(_ document: JSONValue, as kind: Kind) -> Bool {
        let bytes = Array(JSONWriter.prettyText(document).utf8)
        switch kind {
        case .questionnaire: return (try? DocumentLoader.questionnaire(from: bytes, file: "q.json")) != nil
        case .assessment: return (try? DocumentLoader.assessment(from: bytes, file: "a.json")) != nil
        }
    }

    /// The path the loader reports for `document`, or nil when it loads.
    static func loaderErrorPath(_ document: JSONValue, as kind: Kind) -> String? {
        let bytes = Array(JSONWriter.prettyText(document).utf8)
        do {
            switch kind {
            case .questionnaire: _ = try DocumentLoader.questionnaire(from: bytes, file: "q.json")
            case .assessment: _ = try DocumentLoader.assessment(from: bytes, file: "a.json")
            }
            return nil
        } catch DataError.invalid(_, let path, _) {
            return path
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Fully populated models: every optional member set

    static func fullQuestionnaire() -> Questionnaire {
        var levelsQuestion = Question(
            id: "Q-01", area: "Observability", text: "Is it measured?", help: "Open the dashboard.", weight: 1.5,
            levels: Fixtures.levelTexts, next: Fixtures.nextTexts, kpis: ["mttr"], dependsOn: ["Q-02"], target: 4)
        levelsQuestion.kind = .levels
        levelsQuestion.criteria = [
            "1": ["Nothing is measured.", "Nobody owns it."],
            "3": ["A dashboard exists.", "An owner reviews it weekly."],
        ]
        levelsQuestion.references = [Reference(title: "DORA", url: "https://dora.dev/")]
        levelsQuestion.effort = ["1": 1, "3": 3]
        var choicesQuestion = Question(id: "Q-02", area: "Resiliency", text: "Which practices are in place?")
        choicesQuestion.kind = .choices
        choicesQuestion.choices = [
            Choice(id: "backups", title: "Backups are tested", help: "Look at the log.", improvement: "Test them."),
            Choice(id: "none", title: "None of these"),
        ]
        choicesQuestion.noneChoice = "none"
        choicesQuestion.rules = [Rule(when: "backups && !none", level: 3), Rule(when: "default", level: 1)]
        let scale = Fixtures.fiveLevels.map { level in
            ScaleLevel(level: level.level, name: level.name, description: "What \(level.name) means.")
        }
        var questionnaire = Questionnaire(
            id: "full", version: "1.0.0", title: "Full", description: "Every member set.", scale: scale,
            domains: [
                Domain(
                    id: "cloud-operations", name: "Cloud operations", description: "Owned by the SRE lead.",
                    weight: 2, questions: [levelsQuestion, choicesQuestion])
            ],
            kpis: [
                {
                    var kpi = KPIDefinition(
                        id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower,
                        category: .operationalEfficiency, description: "From incident records.")
                    kpi.benchmarks = [KPIBenchmark(label: "Elite", from: 0, to: 60)]
                    return kpi
                }()
            ])
        questionnaire.topologies = [
            TopologyOption(id: "hub", name: "hub and spoke", description: "A hub sets guardrails; spokes build.")
        ]
        return questionnaire
    }

    static func fullAssessment() -> Assessment {
        var assessment = Assessment(
            id: "6F9619FF-8B86-D011-B42D-00C04FC964FF", organization: "Acme", team: "Platform",
            period: Fixtures.period("2026-Q4"), questionnaire: QuestionnaireReference(id: "full", version: "1.0.0"),
            createdAt: "2026-11-01T09:00:00Z")
        assessment.updatedAt = "2026-11-01T11:30:00Z"
        assessment.facilitator = "Fran"
        assessment.participants = [
            Participant(id: "p1", name: "Ana", role: "SRE lead"), Participant(id: "p2", name: "Ben"),
        ]
        assessment.phase = .deliver
        assessment.cursor = "deliver/Q-01@4"
        assessment.respondent = "Ana"
        assessment.timings = ["envision": 600, "discover/cloud-operations": 1250.5, "question/Q-01": 310.5]
        var voted = Answer(level: 3, note: "Dashboards exist.", votes: ["p1": 3, "p2": 5])
        voted.reason = "Only one team has dashboards."
        voted.voteNotes = ["p1": "Ours are fine."]
        var kpi = OutcomeKPI(
            id: "mttr", name: "Mean time to restore", unit: "minutes", direction: .lower, baseline: 240,
            target: 60.5, due: Fixtures.period("2027-Q4"), current: 200)
        kpi.baselinePeriod = Fixtures.period("2026-Q3")
        assessment.envision = Envision(
            vision: "Restore fast.", drivers: ["Outages cost sales."],
            outcomes: [Outcome(id: "o1", title: "Faster recovery.", kpis: [kpi])])
        assessment.discover = Discover(
            answers: [
                "Q-01": voted,
                "Q-02": Answer(choices: ["backups"]),
                "Q-03": .notApplicable(reason: "No such service."),
            ],
            constraints: ["Budget freeze."], upskilling: ["Chaos engineering."], timebox: 180)
        assessment.build = Build(targets: ["cloud-operations": 4], topology: .federated, endState: "Self-service.")
        assessment.deliver = Deliver(
            startPeriod: Fixtures.period("2027-Q1"), horizonQuarters: 6, capacityPerQuarter: 3,
            decisions: [
                "Q-01@4": StepDecision(
                    owner: "Ana", status: .inProgress, quarter: Fixtures.period("2027-Q2"),
                    reason: "Kept for the record.")
            ])
        assessment.improve = Improve(
            previous: Fixtures.period("2026-Q3"), reflections: "Votes split on Q-01.", reviewCadence: "monthly",
            nextAssessment: Fixtures.period("2027-Q1"))
        var closed = ParkingLotItem(
            text: "Who pays for the pager?", raisedBy: "Ben", phase: .discover, question: "Q-01",
            raisedIn: Fixtures.period("2026-Q3"))
        closed.closedIn = Fixtures.period("2026-Q4")
        closed.resolution = "Finance pays from Q1."
        assessment.parkingLot = [
            closed,
            ParkingLotItem(text: "Revisit the backup budget.", phase: .deliver, raisedIn: Fixtures.period("2026-Q4")),
        ]
        return assessment
    }

    static func fullDocument(_ kind: Kind) throws -> JSONValue {
        switch kind {
        case .questionnaire: return try json(fullQuestionnaire())
        case .assessment: return try json(fullAssessment())
        }
    }

    /// The members each `$defs` entry (`#` for the document) must list: the coding keys of the
    /// Swift model that reads and writes it.
    static func codingKeys(_ kind: Kind) -> [String: Set<String>] {
        func names<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> Set<String> {
            Set(Keys.allCases.map(\.stringValue))
        }
        switch kind {
        case .questionnaire:
            return [
                "#": names(Questionnaire.CodingKeys.self), "scaleLevel": names(ScaleLevel.CodingKeys.self),
                "domain": names(Domain.CodingKeys.self), "question": names(Question.CodingKeys.self),
                "choice": names(Choice.CodingKeys.self), "rule": names(Rule.CodingKeys.self),
                "kpiDefinition": names(KPIDefinition.CodingKeys.self),
                "topology": names(TopologyOption.CodingKeys.self), "reference": names(Reference.CodingKeys.self),
                "kpiBenchmark": names(KPIBenchmark.CodingKeys.self),
            ]
        case .assessment:
            return [
                "#": names(Assessment.CodingKeys.self),
                "questionnaireReference": names(QuestionnaireReference.CodingKeys.self),
                "participant": names(Participant.CodingKeys.self), "envision": names(Envision.CodingKeys.self),
                "outcome": names(Outcome.CodingKeys.self), "outcomeKPI": names(OutcomeKPI.CodingKeys.self),
                "discover": names(Discover.CodingKeys.self), "answer": names(Answer.CodingKeys.self),
                "build": names(Build.CodingKeys.self), "deliver": names(Deliver.CodingKeys.self),
                "stepDecision": names(StepDecision.CodingKeys.self), "improve": names(Improve.CodingKeys.self),
                "parkingLotItem": names(ParkingLotItem.CodingKeys.self),
            ]
        }
    }

    // MARK: - The schema files themselves

    @Test(arguments: Kind.allCases)
    func theSchemaIsCanonicalDraft2020_12(_ kind: Kind) throws {
        let text = try Self.text(kind.file)
        let schema = try JSONParser.parse(text)
        #expect(JSONWriter.prettyText(schema) == text, "sorted keys, two-space indent, trailing newline")
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["$id"] == .string(kind.id))
        _ = try Self.validator(kind)  // only keywords the subset validator implements

        var problems: [String] = []
        func inspect(_ node: JSONValue, at location: String) {
            guard let members = node.objectValue else { return }
            if members["additionalProperties"] == false {
                problems.append("\(location): additionalProperties false would reject the keys opmodel keeps")
            }
            let properties = members["properties"]?.objectValue ?? [:]
            let required = (members["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            for name in required where properties[name] == nil {
                problems.append("\(location): required \"\(name)\" is not among the properties")
            }
            for (name, property) in properties {
                if (property["description"]?.stringValue ?? "").trimmingSpaces.isEmpty {
                    problems.append("\(location)/properties/\(name): no description")
                }
                inspect(property, at: "\(location)/properties/\(name)")
            }
            for (name, definition) in members["$defs"]?.objectValue ?? [:] {
                if (definition["description"]?.stringValue ?? "").isEmpty {
                    problems.append("\(location)/$defs/\(name): no description")
                }
                inspect(definition, at: "\(location)/$defs/\(name)")
            }
            for key in ["items", "additionalProperties", "propertyNames"] {
                if let sub = members[key] { inspect(sub, at: "\(location)/\(key)") }
            }
            for branch in (members["anyOf"]?.arrayValue ?? []) + (members["oneOf"]?.arrayValue ?? []) {
                inspect(branch, at: "\(location)/anyOf")
            }
        }
        inspect(schema, at: "#")
        #expect(problems.isEmpty, "\(problems.sorted().joined(separator: "\n"))")
    }

    // MARK: - What opmodel ships and writes validates

    @Test(arguments: Fixtures.shippedQuestionnaires)
    func aShippedQuestionnaireValidates(_ name: String) throws {
        let document = try JSONParser.parse(Self.text("Questionnaires/\(name)"))
        let violations = try Self.validator(.questionnaire).violations(of: document)
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test func aQuestionnaireWrittenByTheModelValidates() throws {
        let questionnaire = Self.fullQuestionnaire()
        #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
        let violations = try Self.validator(.questionnaire).violations(of: Self.fullDocument(.questionnaire))
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test func assessmentsWrittenByTheModelValidate() throws {
        let validator = try Self.validator(.assessment)
        let assessments = [
            ("fully populated", Self.fullAssessment()), ("new", Fixtures.assessment()),
            ("sample", SampleAssessment.input().assessment),
        ]
        for (name, assessment) in assessments {
            let violations = validator.violations(of: try Self.json(assessment))
            #expect(violations.isEmpty, "\(name): \(violations.map(\.description).joined(separator: "\n"))")
        }
        let problems = AssessmentValidator.problems(Self.fullAssessment(), questionnaire: Self.fullQuestionnaire())
        #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
    }

    // MARK: - Kept in step with the Swift models

    /// Walks the fully populated document beside the schema: at every object, the members written
    /// are listed in the schema's `properties` there; per `$defs` entry, the members written, the
    /// properties listed and the Swift model's coding keys are the same set; and decoding the
    /// document gives back the model (so the decoder reads every member the schema names).
    @Test(arguments: Kind.allCases)
    func theSchemaNamesExactlyTheKeysTheModelWritesAndReads(_ kind: Kind) throws {
        let schema = try Self.schema(kind)
        let validator = try SchemaSubsetValidator(schema: schema)
        let document = try Self.fullDocument(kind)
        let sites = try SchemaWalk.sites(in: document, validator: validator)

        var written: [String: Set<String>] = [:]
        for site in sites {
            written[site.definition, default: []].formUnion(site.members.keys)
            let unknown = Set(site.members.keys).subtracting(site.properties.keys)
            #expect(unknown.isEmpty, "\(site.path): written but not in the schema: \(unknown.sorted())")
        }
        let expected = Self.codingKeys(kind)
        let described = Set((schema["$defs"]?.objectValue ?? [:]).filter { $0.value["properties"] != nil }.keys)
        #expect(Set(written.keys) == described.union(["#"]), "every object definition is exercised")
        #expect(Set(expected.keys) == described.union(["#"]), "every object definition maps to a Swift model")
        for (definition, keys) in expected.sorted(by: { $0.key < $1.key }) {
            let properties = Set(SchemaWalk.properties(of: definition, in: schema).keys)
            let unwritten = keys.subtracting(written[definition] ?? [])
            #expect(unwritten.isEmpty, "\(definition): set \(unwritten.sorted()) in the fully populated fixture")
            #expect(
                keys.subtracting(properties).isEmpty,
                "\(definition): the model has \(keys.subtracting(properties).sorted()); add them to \(kind.file)")
            #expect(
                properties.subtracting(keys).isEmpty,
                "\(definition): \(kind.file) lists \(properties.subtracting(keys).sorted()), unknown to the model")
        }

        // Nothing the schema names lands in unknownMembers or is dropped on the way back.
        switch kind {
        case .questionnaire:
            let decoded = try DocumentLoader.decode(Questionnaire.self, from: document, file: "q.json")
            #expect(decoded == Self.fullQuestionnaire())
        case .assessment:
            let decoded = try DocumentLoader.decode(Assessment.self, from: document, file: "a.json")
            #expect(decoded == Self.fullAssessment())
        }
    }

    /// For every member of every object: leaving it out, or writing `null`, is accepted by the
    /// schema exactly when the Swift loader accepts it, and only `required` members are needed.
    @Test(arguments: Kind.allCases)
    func requiredAndNullableMembersMatchTheDecoder(_ kind: Kind) throws {
        let validator = try Self.validator(kind)
        let document = try Self.fullDocument(kind)
        for site in try SchemaWalk.sites(in: document, validator: validator) {
            for key in Self.sortedKeys(site.members) {
                let path = JSONPath.member(key, of: site.path)
                let isRequired = site.required.contains(key)
                let removed = SchemaWalk.setting(nil, at: site.location + [.member(key)], in: document)
                #expect(Self.loaderAccepts(removed, as: kind) == !isRequired, "the loader without \(path)")
                #expect(validator.violations(of: removed).isEmpty == !isRequired, "the schema without \(path)")

                let nulled = SchemaWalk.setting(.null, at: site.location + [.member(key)], in: document)
                let loader = Self.loaderAccepts(nulled, as: kind)
                #expect(validator.violations(of: nulled).isEmpty == loader, "\(path) set to null")
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func unknownMembersAreAllowedEverywhere(_ kind: Kind) throws {
        let validator = try Self.validator(kind)
        let document = try Self.fullDocument(kind)
        for site in try SchemaWalk.sites(in: document, validator: validator) {
            let extended = SchemaWalk.setting("kept", at: site.location + [.member("x-annotation")], in: document)
            #expect(Self.loaderAccepts(extended, as: kind), "\(site.path)")
            #expect(validator.violations(of: extended).isEmpty, "\(site.path)")
        }
    }

    /// What the README tells authors: a `$schema` member is read, kept and written back.
    @Test func aSchemaMemberInADataFileIsKept() throws {
        let shipped = try JSONParser.parse(Self.text("Questionnaires/cloud-operating-model.json"))
        let pointed = SchemaWalk.setting("schema/questionnaire.schema.json", at: [.member("$schema")], in: shipped)
        let questionnaire = try DocumentLoader.questionnaire(
            from: Array(JSONWriter.prettyText(pointed).utf8), file: "q.json")
        #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
        #expect(try Self.json(questionnaire) == pointed)
        #expect(try Self.validator(.questionnaire).violations(of: pointed).isEmpty)

        var assessment = Self.fullAssessment()
        assessment.unknownMembers["$schema"] = "../schema/assessment.schema.json"
        let written = try Self.json(assessment)
        #expect(try DocumentLoader.decode(Assessment.self, from: written, file: "a.json") == assessment)
        #expect(try Self.validator(.assessment).violations(of: written).isEmpty)
    }

    @Test func enumerationsMatchTheSwiftEnums() throws {
        func values<E: JSONEnumeration>(_ type: E.Type) -> [JSONValue] { E.allCases.map { .string($0.rawValue) } }
        let questionnaire = try Self.schema(.questionnaire)
        let assessment = try Self.schema(.assessment)
        let cases: [(JSONValue, String, [JSONValue])] = [
            (questionnaire, "questionKind", values(QuestionKind.self)),
            (questionnaire, "kpiDirection", values(KPIDirection.self)),
            (questionnaire, "kpiCategory", values(KPICategory.self)),
            (assessment, "kpiDirection", values(KPIDirection.self)),
            (assessment, "phase", values(Phase.self)),
            (assessment, "stepStatus", values(StepStatus.self)),
        ]
        for (schema, name, expected) in cases {
            #expect(schema["$defs"]?[name]?["enum"] == .array(expected), "$defs/\(name)")
        }
        // A topology is one of the questionnaire's own (any id), so the assessment schema has no list.
        #expect(assessment["$defs"]?["topology"]?["type"] == .string("string"))
        #expect(questionnaire["properties"]?["format"]?["const"] == .string(Questionnaire.format))
        #expect(assessment["properties"]?["format"]?["const"] == .string(Assessment.format))
        #expect(
            questionnaire["properties"]?["formatVersion"]?["const"]
                == .number(Double(Questionnaire.currentFormatVersion)))
        #expect(
            assessment["properties"]?["formatVersion"]?["const"] == .number(Double(Assessment.currentFormatVersion)))
    }

    /// The period pattern accepts what `Period` parses (bar surrounding spaces) and nothing else.
    @Test func thePeriodPatternMatchesThePeriodParser() throws {
        let validator = try Self.validator(.assessment)
        let period = try #require(Self.schema(.assessment)["$defs"]?["period"])
        let samples = [
            "2026-Q4", "2026-q1", "1000-Q1", "9999-Q4", "2026-Q0", "2026-Q5", "0999-Q1", "999-Q1", "10000-Q1",
            "2026-Q04", "2026Q4", "2026-4", "+202-Q1", "2026-Q+", "", "2026-Q4x",
        ]
        for sample in samples {
            let accepted = validator.violations(of: .string(sample), against: period).isEmpty
            #expect(accepted == (Period(sample) != nil), "\(sample)")
        }
    }

    /// The identifier pattern accepts what the questionnaire validator accepts as an id.
    @Test func theIdentifierPatternMatchesTheValidator() throws {
        let validator = try Self.validator(.questionnaire)
        let identifier = try #require(Self.schema(.questionnaire)["$defs"]?["identifier"])
        for sample in ["CO-03", "cloud-operating-model", "é", "a b", "a@b", "a/b", "", " ", "a\tb", "x.y_z", "CO-03\n"]
        {
            var problems: [ValidationProblem] = []
            QuestionnaireValidator.checkIdentifier(sample, path: "id", into: &problems)
            let accepted = validator.violations(of: .string(sample), against: identifier).isEmpty
            #expect(accepted == problems.isEmpty, "\(JSONWriter.quoted(sample))")
        }
    }

    /// The reference URL pattern accepts what the questionnaire validator accepts as a URL.
    @Test func theReferenceURLPatternMatchesTheValidator() throws {
        let validator = try Self.validator(.questionnaire)
        let url = try #require(Self.schema(.questionnaire)["$defs"]?["reference"]?["properties"]?["url"])
        let samples = [
            "https://dora.dev/", "https://dora.dev", "https://www.finops.org/framework/capabilities/",
            "https://sre.google/sre-book/table-of-contents/", "https://a.b:8443/x?y=1#z", "https://a.b#top",
            "http://dora.dev/", "HTTPS://dora.dev/", "https://", "https://dora", "https://.dev/", "https://a..b/",
            "https://dora.dev/a b", "https://dora.dev/\u{7F}", "https://dora.dev/\u{85}", "https://dora.dev/\u{A0}",
            "https://dora.dev/é", "https://dorä.dev/", "https://dora.dev:/", "https://dora.dev:80a/",
            "https://user@dora.dev/", " https://dora.dev/", "https://dora.dev/\t", "ftp://dora.dev/", "",
        ]
        for sample in samples {
            let accepted = validator.violations(of: .string(sample), against: url).isEmpty
            #expect(accepted == QuestionnaireValidator.isHTTPSURL(sample), "\(JSONWriter.quoted(sample))")
        }
    }

    // MARK: - The validator can fail, at the right path

    struct BrokenCase: @unchecked Sendable, CustomTestStringConvertible {
        var name: String
        var kind: Kind
        var location: [SchemaWalk.Step]
        var value: JSONValue?
        var path: String
        var keyword: String
        var fragment: String
        /// Whether the Swift loader reports the same path (for what the decoder itself checks).
        var loaderAgrees = false
        var testDescription: String { name }
    }

    @Test(
        arguments: [
            BrokenCase(
                name: "wrong type", kind: .questionnaire,
                location: ["domains", 1, "questions", 2, "weight"], value: "heavy",
                path: "domains[1].questions[2].weight", keyword: "type",
                fragment: "expected number or null, found the string \"heavy\"", loaderAgrees: true),
            BrokenCase(
                name: "missing required member", kind: .questionnaire, location: ["domains", 0, "name"], value: nil,
                path: "domains[0].name", keyword: "required", fragment: "missing required member \"name\"",
                loaderAgrees: true),
            BrokenCase(
                name: "bad enumeration value", kind: .questionnaire, location: ["kpis", 3, "direction"], value: "up",
                path: "kpis[3].direction", keyword: "enum",
                fragment: "expected one of \"higher\", \"lower\", found the string \"up\"", loaderAgrees: true),
            BrokenCase(
                name: "bad value of a nullable enumeration", kind: .questionnaire,
                location: ["domains", 0, "questions", 0, "kind"], value: "multiple",
                path: "domains[0].questions[0].kind", keyword: "enum", fragment: "\"levels\", \"choices\"",
                loaderAgrees: true),
            BrokenCase(
                name: "wrong format version", kind: .questionnaire, location: ["formatVersion"], value: 2,
                path: "formatVersion", keyword: "const", fragment: "expected 1, found the number 2"),
            BrokenCase(
                name: "id with a space", kind: .questionnaire, location: ["domains", 0, "questions", 0, "id"],
                value: "OL 01", path: "domains[0].questions[0].id", keyword: "pattern", fragment: "\"OL 01\""),
            BrokenCase(
                name: "level key that is not a number", kind: .questionnaire,
                location: ["domains", 0, "questions", 0, "levels", "one"], value: "One.",
                path: "domains[0].questions[0].levels.one", keyword: "propertyNames", fragment: "not allowed"),
            BrokenCase(
                name: "negative weight", kind: .questionnaire, location: ["domains", 2, "weight"], value: -1,
                path: "domains[2].weight", keyword: "minimum", fragment: "at least 0"),
            BrokenCase(
                name: "bad period", kind: .assessment, location: ["period"], value: "2026-Q5", path: "period",
                keyword: "pattern", fragment: "\"2026-Q5\"", loaderAgrees: true),
            BrokenCase(
                name: "bad nested period", kind: .assessment, location: ["deliver", "decisions", "Q-01@4", "quarter"],
                value: "Q2 2027", path: "deliver.decisions.Q-01@4.quarter", keyword: "pattern",
                fragment: "\"Q2 2027\"", loaderAgrees: true),
            BrokenCase(
                name: "fractional vote", kind: .assessment, location: ["discover", "answers", "Q-01", "votes", "p1"],
                value: 2.5, path: "discover.answers.Q-01.votes.p1", keyword: "type",
                fragment: "expected integer, found the number 2.5", loaderAgrees: true),
            BrokenCase(
                name: "horizon out of range", kind: .assessment, location: ["deliver", "horizonQuarters"], value: 0,
                path: "deliver.horizonQuarters", keyword: "minimum", fragment: "at least 1"),
            BrokenCase(
                name: "missing questionnaire version", kind: .assessment, location: ["questionnaire", "version"],
                value: nil, path: "questionnaire.version", keyword: "required",
                fragment: "missing required member \"version\"", loaderAgrees: true),
        ])
    func theValidatorReportsABrokenDocumentAtItsPath(_ broken: BrokenCase) throws {
        let document: JSONValue
        switch broken.kind {
        case .questionnaire:
            document = try JSONParser.parse(Self.text("Questionnaires/cloud-operating-model.json"))
        case .assessment:
            document = try Self.fullDocument(.assessment)
        }
        let validator = try Self.validator(broken.kind)
        #expect(validator.violations(of: document).isEmpty)
        let damaged = SchemaWalk.setting(broken.value, at: broken.location, in: document)
        #expect(damaged != document, "the location exists")
        let violations = validator.violations(of: damaged)
        #expect(violations.count == 1, "\(violations.map(\.description))")
        let violation = try #require(violations.first)
        #expect(violation.path == broken.path)
        #expect(violation.keyword == broken.keyword)
        #expect(violation.message.contains(broken.fragment), "\(violation.message)")
        if broken.loaderAgrees {
            #expect(Self.loaderErrorPath(damaged, as: broken.kind) == broken.path)
        }
    }

    @Test func theValidatorRefusesKeywordsOutsideItsSubset() {
        let schema: JSONValue = ["type": "object", "if": ["required": ["a"]], "then": ["required": ["b"]]]
        #expect(throws: SchemaSubsetError.self) { try SchemaSubsetValidator(schema: schema) }
        let dangling: JSONValue = ["$ref": "#/$defs/missing"]
        #expect(throws: SchemaSubsetError.self) { try SchemaSubsetValidator(schema: dangling) }
    }

    // MARK: - The embedding build plugin

    /// The plugin embeds every `.json` below `Questionnaires/`, so the schemas are embedded too;
    /// the locator must not take them for questionnaires, on disk or built in.
    @Test func theSchemaFolderIsNotTakenForAQuestionnaire() throws {
        for kind in Kind.allCases {
            #expect(EmbeddedResources.files[kind.file] == (try Self.text(kind.file)))
            #expect(!ResourceLocator.isQuestionnaireName(kind.file))
        }
        let locator = ResourceLocator(
            searchFolders: [Fixtures.packageRoot.path], fileSystem: LocalFileSystem(),
            embedded: EmbeddedResources.files)
        let found = locator.availableQuestionnaires()
        #expect(found.count == 2 * Fixtures.shippedQuestionnaires.count, "\(found.map(\.source))")
        #expect(!found.contains { $0.source.contains("Questionnaires/schema/") })
    }

    static func sortedKeys(_ object: JSONObject) -> [String] { SchemaSubsetValidator.sortedKeys(object) }
}

/// Walks a document beside its schema, and edits documents at a location.
enum SchemaWalk {
    /// One step of a location: a member name or an array index.
    enum Step: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case member(String)
        case index(Int)

        init(stringLiteral value: String) { self = .member(value) }
        init(integerLiteral value: Int) { self = .index(value) }
    }

    /// An object of the document whose schema lists `properties`.
    struct Site {
        /// The `$defs` entry that describes the object, `#` for the document.
        var definition: String
        var location: [Step]
        var path: String
        var members: JSONObject
        var properties: JSONObject
        var required: Set<String>
    }

    struct WalkError: Error, CustomStringConvertible {
        var description: String
    }

    static func sites(in document: JSONValue, validator: SchemaSubsetValidator) throws -> [Site] {
        var sites: [Site] = []
        try walk(document, schema: validator.schema, definition: "#", location: [], validator: validator, into: &sites)
        return sites
    }

    /// The `properties` of a `$defs` entry, or of the document for `#`.
    static func properties(of definition: String, in schema: JSONValue) -> JSONObject {
        let node = definition == "#" ? schema : schema["$defs"]?[definition]
        return node?["properties"]?.objectValue ?? [:]
    }

    /// The schema objects that apply to `value` at this point, each with the `$defs` entry it
    /// comes from: the schema, what its `$ref` names, and the `anyOf`/`oneOf` branches `value` matches.
    static func applicable(
        _ schema: JSONValue, definition: String, value: JSONValue, validator: SchemaSubsetValidator
    ) -> [(members: JSONObject, definition: String)] {
        guard let members = schema.objectValue else { return [] }
        var result = [(members, definition)]
        if let reference = members["$ref"]?.stringValue,
            let target = SchemaSubsetValidator.resolve(reference, in: validator.schema)
        {
            let name = reference.hasPrefix("#/$defs/") ? String(reference.dropFirst("#/$defs/".count)) : definition
            result += applicable(target, definition: name, value: value, validator: validator)
        }
        for branch in (members["anyOf"]?.arrayValue ?? []) + (members["oneOf"]?.arrayValue ?? [])
        where validator.violations(of: value, against: branch).isEmpty {
            result += applicable(branch, definition: definition, value: value, validator: validator)
        }
        return result
    }

    static func walk(
        _ value: JSONValue, schema: JSONValue, definition: String, location: [Step], validator: SchemaSubsetValidator,
        into sites: inout [Site]
    ) throws {
        let schemas = applicable(schema, definition: definition, value: value, validator: validator)
        let path = location.reduce("$") { path, step in
            switch step {
            case .member(let name): return JSONPath.member(name, of: path)
            case .index(let index): return JSONPath.index(index, of: path)
            }
        }
        switch value {
        case .object(let members):
            let described = schemas.filter { $0.members["properties"] != nil }
            guard described.count <= 1 else { throw WalkError(description: "\(path): several property lists apply") }
            if let site = described.first, let properties = site.members["properties"]?.objectValue {
                let required = Set((site.members["required"]?.arrayValue ?? []).compactMap(\.stringValue))
                sites.append(
                    Site(
                        definition: site.definition, location: location, path: path, members: members,
                        properties: properties, required: required))
            }
            for (key, member) in members {
                let propertySchema = described.first?.members["properties"]?[key]
                let memberSchema = propertySchema ?? schemas.compactMap { $0.members["additionalProperties"] }.first
                guard let memberSchema else { continue }
                try walk(
                    member, schema: memberSchema, definition: definition, location: location + [.member(key)],
                    validator: validator, into: &sites)
            }
        case .array(let elements):
            guard let items = schemas.compactMap({ $0.members["items"] }).first else { return }
            for (index, element) in elements.enumerated() {
                try walk(
                    element, schema: items, definition: definition, location: location + [.index(index)],
                    validator: validator, into: &sites)
            }
        default:
            return
        }
    }

    /// `document` with the member at `location` set to `value`, or removed when `value` is nil.
    /// A location that does not exist leaves the document as it is.
    static func setting(_ value: JSONValue?, at location: [Step], in document: JSONValue) -> JSONValue {
        guard let first = location.first else { return value ?? document }
        let rest = Array(location.dropFirst())
        switch (first, document) {
        case (.member(let name), .object(var members)):
            if rest.isEmpty {
                members[name] = value
            } else if let member = members[name] {
                members[name] = setting(value, at: rest, in: member)
            }
            return .object(members)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            if rest.isEmpty {
                if let value { elements[index] = value } else { elements.remove(at: index) }
            } else {
                elements[index] = setting(value, at: rest, in: elements[index])
            }
            return .array(elements)
        default:
            return document
        }
    }
}
