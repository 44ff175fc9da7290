import Foundation
import Testing

@testable import OpModelKit

@Suite("Loading questionnaires and assessments")
struct DocumentLoaderTests {
    static let minimalAssessment = """
        {"format": "opmodel.assessment", "formatVersion": 1, "id": "x", "team": "Platform", "period": "2026-Q4",
         "questionnaire": {"id": "test", "version": "1.0.0"}}
        """

    func assessmentError(_ text: String, file: String = "a/2026-Q4.json") -> DataError? {
        do {
            _ = try DocumentLoader.assessment(from: Array(text.utf8), file: file)
            return nil
        } catch let error as DataError {
            return error
        } catch {
            return nil
        }
    }

    @Test func readsAMinimalAssessmentWithDefaults() throws {
        let assessment = try DocumentLoader.assessment(from: Array(Self.minimalAssessment.utf8), file: "x.json")
        #expect(assessment.team == "Platform")
        #expect(assessment.period == Fixtures.period("2026-Q4"))
        #expect(assessment.phase == .envision)
        #expect(assessment.discover.answers.isEmpty)
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var fragments: [String]
        var testDescription: String { name }
    }

    @Test(
        arguments: [
            MalformedCase(
                name: "truncated", text: String(minimalAssessment.dropLast(30)),
                fragments: ["a/2026-Q4.json:", "not valid JSON", "truncated"]),
            MalformedCase(
                name: "wrong type",
                text: minimalAssessment.replacingOccurrences(of: "\"team\": \"Platform\"", with: "\"team\": 42"),
                fragments: ["a/2026-Q4.json: team: expected a string, found the number 42"]),
            MalformedCase(
                name: "missing key",
                text: minimalAssessment.replacingOccurrences(of: "\"team\": \"Platform\",", with: ""),
                fragments: ["a/2026-Q4.json: team: missing required member \"team\""]),
            MalformedCase(
                name: "newer format version",
                text: minimalAssessment.replacingOccurrences(of: "\"formatVersion\": 1", with: "\"formatVersion\": 7"),
                fragments: ["a/2026-Q4.json: formatVersion:", "version 7", "up to 1", "left untouched"]),
            MalformedCase(
                name: "format version beyond any integer",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"formatVersion\": 1", with: "\"formatVersion\": 1e300"),
                fragments: ["a/2026-Q4.json: formatVersion: the file has format version 1e300,", "up to 1"]),
            MalformedCase(
                name: "format version just past what Int64 holds",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"formatVersion\": 1", with: "\"formatVersion\": 12345678901234567890"),
                fragments: ["format version 12345678901234567890,"]),
            MalformedCase(
                name: "format version written with a capital E and spaces",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"formatVersion\": 1", with: "\"formatVersion\" :\n 1E+300"),
                fragments: ["format version 1E+300,"]),
            MalformedCase(
                name: "format version too long to show as written",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"formatVersion\": 1", with: "\"formatVersion\": 1" + String(repeating: "0", count: 299)),
                fragments: ["format version 1e299,"]),
            MalformedCase(
                name: "wrong format",
                text: minimalAssessment.replacingOccurrences(of: "opmodel.assessment", with: "opmodel.questionnaire"),
                fragments: ["a/2026-Q4.json: format: expected \"opmodel.assessment\"", "questionnaire file"]),
            MalformedCase(
                name: "bad period", text: minimalAssessment.replacingOccurrences(of: "2026-Q4", with: "2026-Q5"),
                fragments: ["a/2026-Q4.json: period: expected a period such as \"2026-Q4\", found \"2026-Q5\""]),
            MalformedCase(
                name: "nested wrong type",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"questionnaire\"",
                    with: "\"discover\": {\"answers\": {\"CO-03\": {\"level\": \"three\"}}}, \"questionnaire\""),
                fragments: [
                    "a/2026-Q4.json: discover.answers.CO-03.level: expected a whole number, found the string \"three\""
                ]),
            MalformedCase(
                name: "fractional level",
                text: minimalAssessment.replacingOccurrences(
                    of: "\"questionnaire\"",
                    with: "\"discover\": {\"answers\": {\"CO 3\": {\"level\": 2.5}}}, \"questionnaire\""),
                fragments: ["discover.answers[\"CO 3\"].level: expected a whole number, found the number 2.5"]),
            MalformedCase(
                name: "bad phase",
                text: minimalAssessment.replacingOccurrences(of: "\"team\"", with: "\"phase\": \"done\", \"team\""),
                fragments: ["phase: expected one of \"envision\"", "found \"done\""]),
            MalformedCase(
                name: "not an object", text: "[1, 2]", fragments: ["a/2026-Q4.json: $: expected an object"]),
            MalformedCase(
                name: "missing format", text: "{\"id\": 1}", fragments: ["format: missing required member \"format\""]),
        ])
    func malformedAssessmentsNameTheFileAndPath(_ example: MalformedCase) throws {
        let error = try #require(assessmentError(example.text))
        let message = error.errorDescription ?? ""
        for fragment in example.fragments {
            #expect(message.contains(fragment), "\(message) should contain \(fragment)")
        }
    }

    @Test func unknownMembersSurviveARoundTrip() throws {
        let text = """
            {"format": "opmodel.assessment", "formatVersion": 1, "id": "x", "team": "T", "period": "2026-Q4",
             "questionnaire": {"id": "q", "version": "1", "hash": "abc"},
             "futureTopLevel": {"a": [1, 2]},
             "discover": {"answers": {"Q-1": {"level": 2, "confidence": "high"}}, "futureList": [true]},
             "deliver": {"decisions": {"Q-1@3": {"owner": "Ana", "ticket": "OPS-1"}}}}
            """
        let assessment = try DocumentLoader.assessment(from: Array(text.utf8), file: "x.json")
        let written = try DocumentWriter.text(of: assessment)
        let reread = try JSONParser.parse(written)
        #expect(reread["futureTopLevel"] == ["a": [1, 2]])
        #expect(reread["questionnaire"]?["hash"] == "abc")
        #expect(reread["discover"]?["answers"]?["Q-1"]?["confidence"] == "high")
        #expect(reread["discover"]?["futureList"] == [true])
        #expect(reread["deliver"]?["decisions"]?["Q-1@3"]?["ticket"] == "OPS-1")
        // Writing again gives the same text: the output is stable.
        let again = try DocumentLoader.assessment(from: Array(written.utf8), file: "x.json")
        #expect(try DocumentWriter.text(of: again) == written)
    }

    @Test func writtenFilesHaveSortedKeysAndATrailingNewline() throws {
        let assessment = try DocumentLoader.assessment(from: Array(Self.minimalAssessment.utf8), file: "x.json")
        let text = try DocumentWriter.text(of: assessment)
        #expect(text.hasSuffix("}\n"))
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == topKeys.sorted())
        #expect(topKeys.first == "build")
    }

    /// Quality criteria, references, effort and KPI benchmarks are read, kept with their own
    /// unknown members, and written back the same; a null bound reads as an open end and is
    /// written by leaving it out.
    @Test func theQualityKeysSurviveARoundTrip() throws {
        let text = """
            {"format": "opmodel.questionnaire", "formatVersion": 1, "id": "q", "version": "1.1.0", "title": "T",
             "scale": [{"level": 1, "name": "A"}, {"level": 2, "name": "B"}, {"level": 3, "name": "C"}],
             "domains": [{"id": "d", "name": "D", "questions": [{"id": "Q1", "text": "Is it so?",
               "levels": {"1": "One.", "2": "Two.", "3": "Three."}, "next": {"1": "Go to two.", "2": "Go to three."},
               "criteria": {"1": ["a.", "b."], "2": ["c.", "d.", "e."], "3": ["f.", "g."]},
               "references": [{"title": "DORA", "url": "https://dora.dev/", "lang": "en"}],
               "effort": {"1": 1, "2": 3}}]}],
             "kpis": [{"id": "k", "name": "K", "unit": "minutes", "direction": "lower", "category": "agility",
               "benchmarks": [{"label": "Elite", "from": 0, "to": 60, "source": "DORA 2024"},
                              {"label": "Low", "from": 10080, "to": null}]}]}
            """
        let questionnaire = try DocumentLoader.questionnaire(from: Array(text.utf8), file: "q.json")
        let question = try #require(questionnaire.allQuestions.first)
        #expect(question.criteria(for: 2) == ["c.", "d.", "e."])
        #expect(
            question.references
                == [Reference(title: "DORA", url: "https://dora.dev/")].map { reference in
                    var kept = reference
                    kept.unknownMembers = ["lang": "en"]
                    return kept
                })
        #expect(question.effort(from: 2) == 3)
        let benchmarks = try #require(questionnaire.kpis.first?.benchmarks)
        #expect(benchmarks.map(\.label) == ["Elite", "Low"])
        #expect(benchmarks[1].from == 10_080 && benchmarks[1].to == nil)
        #expect(QuestionnaireValidator.problems(questionnaire).isEmpty)

        let written = try DocumentWriter.text(of: questionnaire)
        let reread = try JSONParser.parse(written)
        let kpi = reread["kpis"]?.arrayValue?.first
        #expect(
            kpi?["benchmarks"]
                == [["label": "Elite", "from": 0, "to": 60, "source": "DORA 2024"], ["label": "Low", "from": 10080]])
        let writtenQuestion = reread["domains"]?.arrayValue?.first?["questions"]?.arrayValue?.first
        #expect(writtenQuestion?["references"] == [["title": "DORA", "url": "https://dora.dev/", "lang": "en"]])
        #expect(writtenQuestion?["effort"] == ["1": 1, "2": 3])
        #expect(writtenQuestion?["criteria"]?["2"] == ["c.", "d.", "e."])
        let again = try DocumentLoader.questionnaire(from: Array(written.utf8), file: "q.json")
        #expect(again == questionnaire)
        #expect(try DocumentWriter.text(of: again) == written)
    }

    /// Effort points are whole numbers: the loader refuses 2.5 at its path.
    @Test(arguments: [
        ("2.5", "domains[0].questions[0].effort.1"), ("\"2\"", "domains[0].questions[0].effort.1"),
        ("[1]", "domains[0].questions[0].effort.1"),
    ])
    func fractionalEffortIsRefusedAtItsPath(value: String, path: String) {
        let text = """
            {"format": "opmodel.questionnaire", "formatVersion": 1, "id": "q", "version": "1", "title": "T",
             "scale": [{"level": 1, "name": "A"}, {"level": 2, "name": "B"}],
             "domains": [{"id": "d", "name": "D", "questions": [{"id": "Q1", "text": "?",
               "levels": {"1": "One.", "2": "Two."}, "next": {"1": "Up."}, "effort": {"1": \(value)}}]}]}
            """
        do {
            _ = try DocumentLoader.questionnaire(from: Array(text.utf8), file: "q.json")
            Issue.record("expected an error for \(value)")
        } catch {
            let message = (error as? DataError)?.errorDescription ?? ""
            #expect(message.hasPrefix("q.json: \(path): "), "\(message)")
        }
    }

    @Test func questionnaireErrorsNameTheJSONPath() {
        let text = """
            {"format": "opmodel.questionnaire", "formatVersion": 1, "id": "q", "version": "1", "title": "T",
             "scale": [{"level": 1, "name": "A"}, {"level": 2, "name": "B"}],
             "domains": [{"id": "d", "name": "D", "questions": [{"id": "Q1", "text": "?", "levels": ["x"]}]}]}
            """
        do {
            _ = try DocumentLoader.questionnaire(from: Array(text.utf8), file: "q.json")
            Issue.record("expected an error")
        } catch {
            let message = (error as? DataError)?.errorDescription ?? ""
            #expect(
                message == "q.json: domains[0].questions[0].levels: expected an object, found an array of 1 element")
        }
    }
}
