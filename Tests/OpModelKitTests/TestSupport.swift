import Foundation

@testable import OpModelKit

/// Small builders for tests.
enum Fixtures {
    static func period(_ text: String) -> Period {
        guard let period = Period(text) else { preconditionFailure("bad period literal \(text)") }
        return period
    }

    static let levelTexts: [String: String] = [
        "1": "Level one is observable.", "2": "Level two is observable.", "3": "Level three is observable.",
        "4": "Level four is observable.", "5": "Level five is observable.",
    ]
    static let nextTexts: [String: String] = [
        "1": "Move from one to two.", "2": "Move from two to three.", "3": "Move from three to four.",
        "4": "Move from four to five.",
    ]

    static func question(
        _ id: String, weight: Double? = nil, kpis: [String]? = nil, dependsOn: [String]? = nil, target: Int? = nil
    ) -> Question {
        Question(
            id: id, area: "Area", text: "Question \(id)?", weight: weight, levels: levelTexts, next: nextTexts,
            kpis: kpis,
            dependsOn: dependsOn, target: target)
    }

    static let fiveLevels: [ScaleLevel] = [
        ScaleLevel(level: 1, name: "Initial"), ScaleLevel(level: 2, name: "Repeatable"),
        ScaleLevel(level: 3, name: "Defined"), ScaleLevel(level: 4, name: "Managed"),
        ScaleLevel(level: 5, name: "Optimizing"),
    ]

    static func questionnaire(domains: [Domain], kpis: [KPIDefinition] = []) -> Questionnaire {
        Questionnaire(id: "test", version: "1.0.0", title: "Test", scale: fiveLevels, domains: domains, kpis: kpis)
    }

    static func assessment(
        answers: [String: Answer] = [:], targets: [String: Int] = [:], period: String = "2026-Q4"
    ) -> Assessment {
        var assessment = Assessment(
            id: "a1", organization: "Org", team: "Team", period: Fixtures.period(period),
            questionnaire: QuestionnaireReference(id: "test", version: "1.0.0"), createdAt: "2026-11-01T00:00:00Z")
        assessment.discover.answers = answers
        assessment.build.targets = targets
        return assessment
    }

    /// The folder with the package's shipped questionnaires and templates.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The shipped questionnaire files.
    static var shippedQuestionnaires: [String] {
        let folder = packageRoot.appendingPathComponent("Questionnaires")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func shippedQuestionnaire(_ name: String) throws -> Questionnaire {
        let path = packageRoot.appendingPathComponent("Questionnaires/\(name)").path
        return try DocumentLoader.loadQuestionnaire(at: path, fileSystem: LocalFileSystem())
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opmodel-tests-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
