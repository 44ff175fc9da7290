import Foundation
import Testing

@testable import OpModelKit

@Suite("Shipped questionnaires")
struct ShippedQuestionnaireTests {
    @Test(arguments: Fixtures.shippedQuestionnaires)
    func validatesWithoutProblems(_ name: String) throws {
        let questionnaire = try Fixtures.shippedQuestionnaire(name)
        #expect(QuestionnaireValidator.problems(questionnaire) == [])
        #expect(name == questionnaire.id + ".json", "a shipped questionnaire is named after its id")
    }

    @Test(arguments: Fixtures.shippedQuestionnaires)
    func isStoredInTheCanonicalForm(_ name: String) throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Questionnaires/\(name)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let questionnaire = try Fixtures.shippedQuestionnaire(name)
        #expect(
            try DocumentWriter.text(of: questionnaire) == text, "rewrite with sorted keys and two-space indentation")
    }

    @Test(arguments: Fixtures.shippedQuestionnaires)
    func meetsTheDepthRules(_ name: String) throws {
        let questionnaire = try Fixtures.shippedQuestionnaire(name)
        let questions = questionnaire.allQuestions
        var descriptors: Set<String> = []
        for question in questions {
            #expect(question.text.hasSuffix("?"), "\(question.id) text ends with a question mark")
            #expect((question.help ?? "").count >= 80, "\(question.id) help says what to look at")
            for level in questionnaire.scale.map(\.level) {
                let descriptor = question.descriptor(for: level) ?? ""
                #expect(descriptor.count >= 60, "\(question.id) level \(level) is a real sentence")
                #expect(descriptor.hasSuffix("."), "\(question.id) level \(level) ends with a period")
                #expect(descriptors.insert(descriptor).inserted, "\(question.id) level \(level) is not repeated")
                if level < questionnaire.maximumLevel {
                    #expect(
                        (question.nextAction(from: level) ?? "").count >= 60,
                        "\(question.id) next \(level) is a concrete action")
                }
            }
        }
        let kpiIDs = Set(questionnaire.kpis.map(\.id))
        let linked = Set(questions.flatMap { $0.kpis ?? [] })
        #expect(linked.isSubset(of: kpiIDs))
        #expect(Set(questionnaire.kpis.map(\.category)).count == 4, "KPIs cover the four scorecard segments")
        for kpi in questionnaire.kpis {
            #expect((kpi.description ?? "").count >= 30, "\(kpi.id) says how to measure it")
        }
    }

    @Test func cloudOperatingModelCoversTheDomainsAndAreasOfTheDesign() throws {
        let questionnaire = try Fixtures.shippedQuestionnaire("cloud-operating-model.json")
        let expected: [(String, [String])] = [
            ("operations-leadership", ["Operations leadership", "Organization"]),
            ("cloud-operations", ["Resiliency", "Observability", "Security operations"]),
            ("platform-enablement", ["Architecture and patterns", "Lifecycle management", "Provisioning and vending"]),
            (
                "service-management",
                [
                    "Capacity management", "Knowledge dissemination", "Operational reporting", "Operations partners",
                    "Process enablement", "Product management", "SME services",
                ]
            ),
            ("cost-and-governance", ["Financial management", "Resource/estate management"]),
        ]
        #expect(questionnaire.domains.map(\.id) == expected.map(\.0))
        for (domain, areas) in zip(questionnaire.domains, expected.map(\.1)) {
            #expect(domain.questions.count >= 5, "\(domain.id) has at least 5 questions")
            let used = Set(domain.questions.compactMap(\.area))
            #expect(used == Set(areas), "\(domain.id) covers exactly its areas")
            for area in areas {
                let count = domain.questions.filter { $0.area == area }.count
                #expect(count >= 2, "\(domain.id) asks \(count) question(s) in \(area); each area needs at least 2")
            }
            #expect((domain.description ?? "").lowercased().contains("own"), "\(domain.id) says who owns it")
        }
        #expect(questionnaire.version == "1.1.0")
        #expect(questionnaire.allQuestions.count >= 45)
        #expect(questionnaire.kpis.count >= 40)
        #expect(Set(questionnaire.allQuestions.flatMap { $0.kpis ?? [] }).count >= 30)
        let required = [
            "deployment-frequency", "lead-time-for-changes", "change-failure-rate", "mttr", "unit-cost",
            "failed-deployment-recovery-time", "rework-rate", "mttd", "mtta", "platform-adoption",
            "landing-zone-coverage", "developer-satisfaction", "cost-anomaly-detection-time", "carbon-per-unit",
            "mfa-coverage", "commitment-utilization", "effective-savings-rate", "critical-fix-sla-compliance",
        ]
        for id in required {
            #expect(questionnaire.kpi(id: id) != nil, "KPI \(id)")
        }
        // KPIs with public performance tiers show them in Envision.
        for id in [
            "deployment-frequency", "lead-time-for-changes", "failed-deployment-recovery-time",
            "cost-anomaly-detection-time",
        ] {
            #expect((questionnaire.kpi(id: id)?.benchmarks ?? []).count >= 3, "benchmarks of \(id)")
        }
        // Envision picks library KPIs by number: the KPIs of 1.0.0 keep their places.
        #expect(
            Array(questionnaire.kpis.prefix(Self.cloudKPIsOfFirstVersion.count).map(\.id))
                == Self.cloudKPIsOfFirstVersion)
    }

    /// The KPI library of cloud-operating-model 1.0.0, in order.
    static let cloudKPIsOfFirstVersion = [
        "deployment-frequency", "lead-time-for-changes", "environment-provisioning-time", "iac-coverage",
        "golden-path-adoption", "request-fulfillment-time", "unit-cost", "customer-satisfaction",
        "certification-coverage", "roadmap-delivery-rate", "change-failure-rate", "slo-attainment",
        "critical-patch-latency", "restore-test-success", "policy-compliance-rate", "supported-version-share",
        "security-containment-time", "capacity-incidents", "mttr", "automated-incident-response", "alert-noise-ratio",
        "toil-share", "ticket-backlog-age", "kb-reuse", "partner-sla-attainment", "spend-allocated-by-tags",
        "forecast-accuracy", "commitment-coverage", "idle-resource-spend",
    ]

    /// The question ids of each shipped questionnaire's version 1.0.0: a 1.0.0 assessment
    /// re-assessed on a later version maps its answers by these ids.
    static let questionIDsOfFirstVersion: [String: [String]] = [
        "cloud-operating-model.json": [
            "OL-01", "OL-02", "OL-03", "OL-04", "OL-05", "OL-06", "CO-01", "CO-02", "CO-03", "CO-04", "CO-05", "CO-06",
            "CO-07", "CO-08", "PE-01", "PE-02", "PE-03", "PE-04", "PE-05", "PE-06", "PE-07", "SM-01", "SM-02", "SM-03",
            "SM-04", "SM-05", "SM-06", "SM-07", "SM-08", "CG-01", "CG-02", "CG-03", "CG-04", "CG-05", "CG-06", "CG-07",
            "CG-08",
        ],
        "genai-readiness.json": [
            "LV-01", "LV-02", "LV-03", "LV-04", "LV-05", "LV-06", "WS-01", "WS-02", "WS-03", "WS-04", "WS-05", "WS-06",
            "OM-01", "OM-02", "OM-03", "OM-04", "OM-05", "OM-06", "GR-01", "GR-02", "GR-03", "GR-04", "GR-05", "GR-06",
            "GR-07", "GR-08", "CE-01", "CE-02", "CE-03", "CE-04", "CE-05", "CE-06", "CE-07", "TA-01", "TA-02", "TA-03",
            "TA-04", "TA-05", "TA-06",
        ],
    ]

    @Test(arguments: Fixtures.shippedQuestionnaires)
    func keepsTheQuestionIDsOfVersion1_0_0(_ name: String) throws {
        let questionnaire = try Fixtures.shippedQuestionnaire(name)
        let ids = try #require(Self.questionIDsOfFirstVersion[name], "list the 1.0.0 question ids of \(name)")
        let current = Set(questionnaire.allQuestions.map(\.id))
        #expect(Set(ids).subtracting(current).isEmpty, "retired or renamed: \(Set(ids).subtracting(current).sorted())")
    }

    /// `1.1.0` → `[1, 1, 0]`; a version below 1.1.0 predates the quality rules of issue 16.
    static func followsVersion11Rules(_ questionnaire: Questionnaire) -> Bool {
        let parts = questionnaire.version.split(separator: ".").map { Int($0) ?? 0 }
        return parts.lexicographicallyPrecedes([1, 1]) == false
    }

    /// From version 1.1.0 on: quality criteria for every level, references, an effort for every
    /// next action, at least 45 questions, no next action repeated, and a question that builds on
    /// what another question creates (names its id in a descriptor or next action) depends on it.
    @Test(arguments: Fixtures.shippedQuestionnaires)
    func meetsTheQualityRulesOfVersion1_1(_ name: String) throws {
        let questionnaire = try Fixtures.shippedQuestionnaire(name)
        guard Self.followsVersion11Rules(questionnaire) else { return }  // still at 1.0.x
        let questions = questionnaire.allQuestions
        #expect(questions.count >= 45, "\(name) has \(questions.count) questions")
        let ids = Set(questions.map(\.id))
        var actions: [String: String] = [:]
        for question in questions where question.effectiveKind == .levels {
            for level in questionnaire.levelRange {
                let statements = question.criteria(for: level)
                #expect(
                    QuestionnaireValidator.criteriaPerLevel.contains(statements.count),
                    "\(question.id) level \(level) has \(statements.count) criteria")
                for statement in statements {
                    #expect(
                        statement.count >= 15 && statement.hasSuffix("."), "\(question.id) level \(level): \(statement)"
                    )
                }
            }
            #expect((1...3).contains(question.references?.count ?? 0), "\(question.id) has 1 to 3 references")
            for level in questionnaire.levelRange where level < questionnaire.maximumLevel {
                #expect(question.effort?[String(level)] != nil, "\(question.id) sizes next \(level)")
                let action = question.nextAction(from: level) ?? ""
                if let first = actions[action] {
                    Issue.record("\(question.id) next \(level) repeats \(first)")
                }
                actions[action] = "\(question.id) next \(level)"
            }
            let texts = (question.levels ?? [:]).values.map { $0 } + (question.next ?? [:]).values.map { $0 }
            let named = Set(texts.flatMap { Self.questionIDs(in: $0) }).intersection(ids).subtracting([question.id])
            let missing = named.subtracting(question.dependsOn ?? [])
            #expect(missing.isEmpty, "\(question.id) builds on \(missing.sorted()) without dependsOn")
        }
    }

    /// The question ids (`CO-03`: two to four capital letters, a hyphen, two digits) in `text`.
    static func questionIDs(in text: String) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            var end = index
            while end < scalars.count, ("A"..."Z").contains(scalars[end]) { end += 1 }
            let letters = end - index
            if (2...4).contains(letters), end + 2 < scalars.count, scalars[end] == "-",
                ("0"..."9").contains(scalars[end + 1]), ("0"..."9").contains(scalars[end + 2]),
                index == 0 || !scalars[index - 1].properties.isAlphabetic,
                end + 3 == scalars.count || !("0"..."9").contains(scalars[end + 3])
            {
                found.append(String(String.UnicodeScalarView(scalars[index...(end + 2)])))
                index = end + 3
            } else {
                index = max(end, index + 1)
            }
        }
        return found
    }

    @Test func questionIDsAreFoundInText() {
        #expect(Self.questionIDs(in: "the objectives of CO-03 and SM-05.") == ["CO-03", "SM-05"])
        #expect(Self.questionIDs(in: "(CO-10)") == ["CO-10"])
        #expect(Self.questionIDs(in: "ABCDE-03, CO-3, CO-033, co-03, xCO-03") == [])
    }

    @Test func theEmbeddedCopiesEqualTheTopLevelFiles() throws {
        var compared = 0
        for folder in ["Questionnaires", "Templates"] {
            let root = Fixtures.packageRoot.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in enumerator
            where [".json", ".md", ".html"].contains(where: { relative.hasSuffix($0) }) {
                let text = try String(contentsOfFile: root.appendingPathComponent(relative).path, encoding: .utf8)
                #expect(EmbeddedResources.files["\(folder)/\(relative)"] == text, "\(folder)/\(relative)")
                compared += 1
            }
        }
        #expect(compared >= 6)
        #expect(EmbeddedResources.files.count == compared)
    }
}
