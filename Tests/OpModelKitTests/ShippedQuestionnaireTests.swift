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
            #expect((5...8).contains(domain.questions.count), "\(domain.id) has 5–8 questions")
            let used = Set(domain.questions.compactMap(\.area))
            #expect(used == Set(areas), "\(domain.id) covers exactly its areas")
            #expect((domain.description ?? "").lowercased().contains("own"), "\(domain.id) says who owns it")
        }
        #expect(questionnaire.allQuestions.count >= 30)
        #expect(questionnaire.kpis.count >= 20)
        #expect(Set(questionnaire.allQuestions.flatMap { $0.kpis ?? [] }).count >= 15)
        for required in ["deployment-frequency", "lead-time-for-changes", "change-failure-rate", "mttr", "unit-cost"] {
            #expect(questionnaire.kpi(id: required) != nil, "KPI \(required)")
        }
    }

    @Test func theEmbeddedCopiesEqualTheTopLevelFiles() throws {
        var compared = 0
        for folder in ["Questionnaires", "Templates"] {
            let root = Fixtures.packageRoot.appendingPathComponent(folder)
            guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".json") || relative.hasSuffix(".md")
            {
                let text = try String(contentsOfFile: root.appendingPathComponent(relative).path, encoding: .utf8)
                #expect(EmbeddedResources.files["\(folder)/\(relative)"] == text, "\(folder)/\(relative)")
                compared += 1
            }
        }
        #expect(compared >= 3)
        #expect(EmbeddedResources.files.count == compared)
    }
}
