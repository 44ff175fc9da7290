import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// Seeded mutation fuzzing of everything that reads a file: every mutated questionnaire,
/// assessment, template, CSV, lens and lock file ends in success or in a clean error (a
/// ``DataError`` whose every line names the file), never a trap. Documents that load go on
/// through the validators, the score, the planner and the report, as the command line would.
///
/// `OPMODEL_FUZZ_SEED` changes the seed, `OPMODEL_FUZZ_CASES` the number of cases per
/// document, and `OPMODEL_FUZZ_VERBOSE=1` prints each case before running it (to find one
/// that traps).
@Suite("Fuzz: mutated inputs end in success or a clean error")
struct FuzzTests {
    /// Cases per seed document. The default (6 documents × 150, plus the templates, CSVs,
    /// lenses, lock files and raw JSON below: about 8,700 cases) runs in about 25 s in a debug
    /// build on two cores; set `OPMODEL_FUZZ_CASES` higher for a long run.
    static let casesPerDocument = FuzzSettings.integer("OPMODEL_FUZZ_CASES", default: 150)

    // MARK: - Seed documents

    enum Kind: String, Sendable {
        case questionnaire, assessment
    }

    struct SeedDocument: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: Kind
        var text: String
        /// The questionnaire an assessment is read with.
        var questionnaire: Questionnaire?
        var testDescription: String { name }
    }

    static let documents: [SeedDocument] = {
        var documents: [SeedDocument] = []
        var shipped: [(String, Questionnaire)] = []
        for name in Fixtures.shippedQuestionnaires {
            let path = FuzzDocuments.questionnaireFolder + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            documents.append(SeedDocument(name: name, kind: .questionnaire, text: text))
            if let questionnaire = try? DocumentLoader.questionnaire(from: Array(text.utf8), file: name) {
                shipped.append((name, questionnaire))
            }
        }
        let sample = SampleAssessment.questionnaire
        if let text = try? DocumentWriter.text(of: sample) {
            documents.append(SeedDocument(name: "sample-questionnaire.json", kind: .questionnaire, text: text))
        }
        for (name, questionnaire) in shipped {
            let assessment = FuzzDocuments.fullAssessment(for: questionnaire)
            if let text = try? DocumentWriter.text(of: assessment) {
                documents.append(
                    SeedDocument(
                        name: "assessment-of-" + name, kind: .assessment, text: text, questionnaire: questionnaire))
            }
        }
        if let text = try? DocumentWriter.text(of: SampleAssessment.input().assessment) {
            documents.append(
                SeedDocument(name: "sample-assessment.json", kind: .assessment, text: text, questionnaire: sample))
        }
        return documents
    }()

    static let template = FuzzDocuments.roadmapTemplate

    @Test func theSeedDocumentsAreCompleteAndValid() throws {
        #expect(Self.documents.count >= 6, "two shipped questionnaires, the sample, and an assessment of each")
        #expect(!Self.template.isEmpty)
        for document in Self.documents {
            let outcome = Self.exercise(Array(document.text.utf8), document: document)
            #expect(outcome == .rendered, "\(document.name) should load, validate and render unchanged")
        }
    }

    // MARK: - Questionnaires and assessments

    @Test(arguments: documents)
    func mutatedDocumentsNeverTrap(document: SeedDocument) throws {
        let seed = FuzzSettings.seed ^ UInt64(truncatingIfNeeded: Self.stableHash(document.name))
        var random = SplitMix64(seed: seed)
        let original = try JSONParser.parse(document.text)
        var outcomes: [Outcome: Int] = [:]
        var mutationsSeen: Set<String> = []
        for index in 0..<Self.casesPerDocument {
            let (bytes, label) = Mutator.mutate(original, text: document.text, kind: document.kind, random: &random)
            mutationsSeen.insert(label)
            if FuzzSettings.verbose { print("fuzz \(document.name) #\(index) seed \(seed): \(label)") }
            let started = Date()
            let outcome = Self.exercise(bytes, document: document, label: "#\(index) \(label)")
            let elapsed = Date().timeIntervalSince(started)
            if FuzzSettings.verbose { print("  → \(outcome) in \(Int(elapsed * 1_000)) ms") }
            outcomes[outcome, default: 0] += 1
        }
        // The fuzz must reach past the parser: some mutants load and render, others are refused.
        #expect(outcomes[.rendered, default: 0] > 0, "no mutant of \(document.name) rendered: \(outcomes)")
        #expect(outcomes[.rejected, default: 0] > 0, "no mutant of \(document.name) was refused: \(outcomes)")
        #expect(mutationsSeen.count >= 10, "only \(mutationsSeen.sorted()) were tried")
    }

    enum Outcome: Hashable {
        /// Refused with a clean error while reading.
        case rejected
        /// Read, but the validator found errors (the command line stops there).
        case invalid
        /// Read, validated, scored, planned and rendered.
        case rendered
    }

    /// Runs a document through what the command line does with it.
    static func exercise(_ bytes: [UInt8], document: SeedDocument, label: String = "original") -> Outcome {
        let file = "fuzz/\(document.name)"
        switch document.kind {
        case .questionnaire:
            let questionnaire: Questionnaire
            do {
                questionnaire = try DocumentLoader.questionnaire(from: bytes, file: file)
            } catch {
                expectClean(error, file: file, label: label)
                return .rejected
            }
            let problems = QuestionnaireValidator.problems(questionnaire)
            expectWellFormed(problems, label: label)
            if QuestionnaireValidator.hasErrors(problems) { return .invalid }
            expectRoundTrip(questionnaire, label: label)
            let assessment = FuzzDocuments.fullAssessment(for: questionnaire, seed: UInt64(bytes.count))
            let assessmentProblems = AssessmentValidator.problems(assessment, questionnaire: questionnaire)
            #expect(
                !assessmentProblems.contains { $0.severity == .error },
                "\(label): a generated assessment of a valid questionnaire has errors: \(assessmentProblems)")
            return render(assessment, questionnaire: questionnaire, previous: nil, label: label)
        case .assessment:
            guard let questionnaire = document.questionnaire else { return .invalid }
            let assessment: Assessment
            do {
                assessment = try DocumentLoader.assessment(from: bytes, file: file)
            } catch {
                expectClean(error, file: file, label: label)
                return .rejected
            }
            let problems = AssessmentValidator.problems(assessment, questionnaire: questionnaire)
            expectWellFormed(problems, label: label)
            // Orphans and unknown orphans are kept, never dropped.
            let orphans = AssessmentValidator.orphanedAnswerIDs(assessment, questionnaire: questionnaire)
            #expect(orphans.allSatisfy { assessment.discover.answers[$0] != nil })
            if problems.contains(where: { $0.severity == .error }) { return .invalid }
            expectRoundTrip(assessment, label: label)
            var previous = FuzzDocuments.fullAssessment(for: questionnaire, seed: 7)
            previous.period = Period("2026-Q3") ?? .earliest
            let withPrevious = bytes.count % 2 == 0
            return render(
                assessment, questionnaire: questionnaire, previous: withPrevious ? previous : nil, label: label)
        }
    }

    /// Scores, plans and renders; a valid pair must render without an error.
    static func render(
        _ assessment: Assessment, questionnaire: Questionnaire, previous: Assessment?, label: String
    ) -> Outcome {
        let card = ScoreCalculator.score(assessment, questionnaire: questionnaire, previous: previous)
        _ = ScoreJSON.scorecard(card, questionnaire: questionnaire)
        let roadmap = RoadmapPlanner.plan(assessment, questionnaire: questionnaire)
        _ = JSONWriter.compactText(ScoreJSON.roadmap(roadmap))
        var input = ReportInput(
            assessment: assessment, questionnaire: questionnaire, previous: previous, toolVersion: "fuzz")
        input.anonymize = assessment.id.count % 2 == 0
        do {
            let markdown = try ReportRenderer.markdown(input, template: template, templateName: "roadmap.md")
            #expect(markdown.hasSuffix("\n"), "\(label): the report does not end with a newline")
        } catch {
            Issue.record("\(label): a valid assessment failed to render: \(error)")
        }
        return .rendered
    }

    /// A clean error: a ``DataError`` whose every line starts with the file's name, short
    /// enough to read, with no trace of Swift internals.
    static func expectClean(_ error: any Error, file: String, label: String) {
        guard let error = error as? DataError else {
            Issue.record("\(label): expected a DataError, got \(type(of: error)): \(error)")
            return
        }
        let description = error.errorDescription ?? ""
        #expect(!description.isEmpty, "\(label): an empty error message")
        for line in description.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.hasPrefix(file), "\(label): a line of the error does not name the file: \(line.prefix(200))")
            #expect(line.count <= 1_200, "\(label): an error line of \(line.count) characters: \(line.prefix(200))…")
            #expect(!line.contains("Swift."), "\(label): Swift internals in the message: \(line.prefix(200))")
        }
    }

    static func expectWellFormed(_ problems: [ValidationProblem], label: String) {
        for problem in problems {
            #expect(!problem.path.isEmpty && !problem.message.isEmpty, "\(label): a problem without path or message")
            #expect(
                problem.description.count <= 1_200,
                "\(label): a problem of \(problem.description.count) chars: \(problem.description.prefix(200))")
        }
    }

    /// A document that loads is written back and reads again as the same value.
    static func expectRoundTrip<T: Codable & Equatable>(_ value: T, label: String) {
        do {
            let text = try DocumentWriter.text(of: value)
            let json = try JSONParser.parse(text)
            let again = try DocumentLoader.decode(T.self, from: json, file: "round-trip")
            #expect(again == value, "\(label): the document changed in a save-and-load round trip")
        } catch {
            Issue.record("\(label): a loaded document could not be written and read back: \(error)")
        }
    }

    // MARK: - Templates, CSV, lenses, lock files, raw JSON

    @Test func mutatedTemplatesNeverTrap() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x7E)
        let input = SampleAssessment.input()
        let fragments = [
            "{{", "}}", "{{{", "}}}", "{{#", "{{/", "{{^", "{{>", "{{=", "{{!", "{{&", "{{.}}", "{{team}}",
            "{{#domains}}", "{{/domains}}", "{{> ../../etc/passwd}}", "{{assessment}}", "{{a..b}}", "\r\n", "\u{0}",
        ]
        var rendered = 0
        var refused = 0
        for index in 0..<400 {
            var characters = Array(Self.template)
            for _ in 0..<(1 + random.below(3)) {
                let position = random.below(characters.count + 1)
                switch random.below(3) {
                case 0: characters.insert(contentsOf: random.pick(fragments), at: position)
                case 1: characters.removeSubrange(position..<min(characters.count, position + 1 + random.below(40)))
                default: characters = Array(characters.prefix(position))
                }
            }
            let text = String(characters)
            do {
                let markdown = try ReportRenderer.markdown(input, template: text, templateName: "t.md")
                #expect(markdown.hasSuffix("\n"))
                rendered += 1
            } catch {
                Self.expectClean(error, file: "t.md", label: "template #\(index)")
                refused += 1
            }
            Self.expectWellFormed(ReportRenderer.problems(template: text, name: "t.md"), label: "template #\(index)")
        }
        #expect(rendered > 0 && refused > 0, "rendered \(rendered), refused \(refused)")
    }

    static let csv = """
        respondent,role,A-01,A-02,A-03,B-01,A-01 note
        Ana,SRE lead,3,n/a,5,2,"runbooks exist, untested"
        Ben,,1,N/A,,4,
        "Chloé ""C"" Martin",CTO,2,3,4,5,"line one
        line two"

        """

    @Test func mutatedSurveyCSVsNeverTrap() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0xC5)
        let base = Array(Self.csv.utf8)
        let palette = Array("\",\n\r;|0123456789n/a \u{FEFF}".utf8) + [0x00, 0xFF, 0xC3]
        var accepted = 0
        var refused = 0
        for index in 0..<2_000 {
            let bytes = Mutator.mutateBytes(base, palette: palette, random: &random)
            let text = String(decoding: bytes, as: UTF8.self)
            let parsed = SurveyResponses.parse(
                text: text, file: "survey.csv", questionnaire: SampleAssessment.questionnaire)
            Self.expectWellFormed(parsed.problems, label: "csv #\(index)")
            do {
                let responses = try parsed.validResponses()
                accepted += 1
                for response in responses {
                    let answers = response.answers.values
                    #expect(answers.allSatisfy { $0.level.map { (1...5).contains($0) } ?? true })
                }
            } catch {
                Self.expectClean(error, file: "survey.csv", label: "csv #\(index)")
                refused += 1
            }
        }
        #expect(accepted > 0 && refused > 0, "accepted \(accepted), refused \(refused)")
    }

    static let lens = """
        {"schemaVersion": "2021-11-01", "name": "Fuzz Lens", "description": "A lens for the fuzz tests.",
         "pillars": [
          {"id": "ops", "name": "Operations", "questions": [
            {"id": "q1", "title": "Is it observed?", "description": "About q1.",
             "choices": [
              {"id": "q1_a", "title": "Alerts",
               "helpfulResource": {"displayText": "Why.", "url": "https://example.com"},
               "improvementPlan": {"displayText": "Add alerts."}},
              {"id": "q1_b", "title": "Dashboards", "improvementPlan": {"displayText": "Add dashboards."}},
              {"id": "q1_no", "title": "None of these"}],
             "riskRules": [
              {"condition": "q1_a && q1_b", "risk": "NO_RISK"},
              {"condition": "q1_a || q1_b", "risk": "MEDIUM_RISK"},
              {"condition": "default", "risk": "HIGH_RISK"}]}]},
          {"id": "sec", "name": "Security", "questions": [
            {"id": "q2", "title": "Are keys <b>rotated</b>?", "description": "About q2.",
             "choices": [
              {"id": "q2_a", "title": "Yearly", "improvementPlan": {"displayText": "Rotate."}},
              {"id": "q2_no", "title": "None of these"}],
             "riskRules": [
              {"condition": "q2_a", "risk": "NO_RISK"},
              {"condition": "default", "risk": "HIGH_RISK"}]}]}]}
        """

    @Test func mutatedLensesNeverTrap() throws {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x1E45)
        let original = try JSONParser.parse(Self.lens)
        #expect(throws: Never.self) { try AWSLensImporter.importLens(bytes: Array(Self.lens.utf8), file: "lens.json") }
        var imported = 0
        var refused = 0
        for index in 0..<300 {
            let (bytes, label) = Mutator.mutate(original, text: Self.lens, kind: nil, random: &random)
            do {
                let (questionnaire, warnings) = try AWSLensImporter.importLens(bytes: bytes, file: "lens.json")
                Self.expectWellFormed(warnings, label: "lens #\(index) \(label)")
                #expect(!QuestionnaireValidator.hasErrors(QuestionnaireValidator.problems(questionnaire)))
                let assessment = FuzzDocuments.fullAssessment(for: questionnaire)
                _ = Self.render(assessment, questionnaire: questionnaire, previous: nil, label: "lens #\(index)")
                imported += 1
            } catch {
                Self.expectClean(error, file: "lens.json", label: "lens #\(index) \(label)")
                refused += 1
            }
        }
        #expect(imported > 0 && refused > 0, "imported \(imported), refused \(refused)")
    }

    /// A lock file is input too: whatever it holds, taking the lock never traps.
    @Test func mutatedLockFilesNeverTrap() throws {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x10C)
        let lock = #"{"host": "h", "pid": 111, "since": "2026-11-23T10:00:00Z"}"#
        let original = try JSONParser.parse(lock)
        for index in 0..<1_000 {
            let (bytes, label) = Mutator.mutate(original, text: lock, kind: nil, random: &random)
            let fileSystem = MemoryFileSystem()
            fileSystem.files["a.json.lock"] = bytes
            do {
                let (acquired, warning) = try AssessmentLock.acquire(
                    assessmentPath: "a.json", pid: 222, host: "h", now: "t", fileSystem: fileSystem,
                    isRunning: { $0 == 111 })
                #expect(acquired.holder.pid == 222)
                if let warning { #expect(warning.contains("stale lock"), "lock #\(index) \(label)") }
            } catch let error as FileError {
                guard case .locked(_, let holder) = error else {
                    Issue.record("lock #\(index) \(label): \(error)")
                    continue
                }
                #expect(!holder.isEmpty)
            }
        }
    }

    /// Random JSON-ish text: every parse ends in a value that writes and reads back the same,
    /// or in an error with a position inside the text.
    @Test func randomJSONTextNeverTraps() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x750)
        let tokens = [
            "{", "}", "[", "]", ",", ":", "\"a\"", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\x\"", "1",
            "-0", "1e400", "-1e-400", "0.5", "01", "1.", "9007199254740993", "true", "fals", "null", "NaN",
            "-Infinity", " ", "\n", "\u{FEFF}", "\u{0}", "\"unterminated", "é", "\u{7F}",
        ]
        var parsed = 0
        for _ in 0..<5_000 {
            let text = (0..<(1 + random.below(12))).map { _ in random.pick(tokens) }.joined()
            let bytes = Array(text.utf8)
            do {
                let value = try JSONParser.parse(bytes)
                parsed += 1
                let again = try JSONParser.parse(JSONWriter.prettyText(value))
                #expect(again == value, "\(text) did not read back the same")
            } catch {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
                #expect(error.line >= 1 && error.line <= lines + 1, "\(text): line \(error.line)")
                #expect(error.column >= 1, "\(text): column \(error.column)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed > 0)
    }

    // MARK: - Regressions found by the fuzz

    /// A lock file whose pid is 1e300 trapped in `Int(_:)`; 0 and negative pids would have
    /// reached kill(2), where they mean process groups.
    @Test(arguments: ["1e300", "-1", "0", "1.5", "4294967296"])
    func aLockWithAnImpossiblePidIsStale(pid: String) throws {
        let fileSystem = MemoryFileSystem()
        fileSystem.files["a.json.lock"] = Array(#"{"host": "h", "pid": \#(pid), "since": "t"}"#.utf8)
        let (_, warning) = try AssessmentLock.acquire(
            assessmentPath: "a.json", pid: 7, host: "h", now: "t", fileSystem: fileSystem,
            isRunning: { asked in
                Issue.record("asked whether process \(asked) runs")
                return true
            })
        #expect(warning == "took over a stale lock on a.json (an unreadable lock no longer runs)")
    }

    /// A KPI of 1e17 (bytes, say) trapped in `Rounding.text` when the report printed it.
    @Test func hugeAndNonFiniteNumbersPrint() throws {
        #expect(Rounding.text(1e17, places: 2) == "1e+17")
        #expect(Rounding.text(-1e300) == "-1e+300")
        #expect(Rounding.text(.nan) == "–")
        #expect(Rounding.text(.infinity, places: 0) == "–")
        #expect(Rounding.text(2.25) == "2.3")
        var input = SampleAssessment.input()
        input.assessment.envision.outcomes[0].kpis[0].baseline = 1e17
        input.assessment.envision.outcomes[0].kpis[0].current = 9.5e16
        let markdown = try ReportRenderer.markdown(input, template: Self.template, templateName: "roadmap.md")
        #expect(markdown.contains("1e+17"))
    }

    /// A weight of 1e308 made the weighted sums infinite and the scores NaN, which trapped
    /// where a score was drawn as a bar.
    @Test func weightsThatWouldOverflowTheScoreAreRefused() {
        var questionnaire = SampleAssessment.questionnaire
        questionnaire.domains[0].weight = 1e308
        questionnaire.domains[1].questions[0].weight = QuestionnaireValidator.maximumWeight
        let problems = QuestionnaireValidator.problems(questionnaire).filter { $0.severity == .error }
        #expect(problems == [.error("domains[0].weight", "expected a weight of at most 1000, found 1e+308")])
    }

    /// A tag whose '}}' is missing swallowed the template up to the next '}}' into its message.
    @Test func aTagMissingItsBracesIsReportedOnOneLine() {
        let source = "# {{assessment.team\n\n" + String(repeating: "Some text.\n", count: 200) + "{{summary}}\n"
        let problems = ReportRenderer.problems(template: source, name: "t.md")
        #expect(
            problems.map(\.description) == [
                "1:3: error: 'assessment.team…' is not a valid name; is this tag's '}}' missing?"
            ])
    }

    /// A 1 MB id or a note with line breaks was echoed whole into messages.
    @Test func messagesEchoingTheFileStayOnOneShortLine() {
        let huge = String(repeating: "x", count: 1_000_000)
        let problem = ValidationProblem.error("domains[0].id", "the id \"\(huge)\" is not valid")
        #expect(problem.message.count < 520)
        #expect(problem.message.hasPrefix("the id \"xxx") && problem.message.hasSuffix("xxx\" is not valid"))
        let broken = DataError.invalid(file: "q.json", path: "id", message: "found \"a\nb\r\nc\"")
        #expect(broken.errorDescription == #"q.json: id: found "a\nb\nc""#)
        #expect(ValidationProblem.error("p", "short").message == "short", "short messages are unchanged")
    }

    static func stableHash(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
    }
}

// MARK: - Mutations

/// Mutations of JSON documents: byte-level (truncation, flips, deletions, duplications,
/// garbage) and structural (type swaps, extreme numbers, duplicated ids and members, deep
/// nesting, huge and nasty strings, removed members, a shifted scale).
enum Mutator {
    enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    static let structural = [
        "typeSwap", "extremeNumber", "duplicateID", "duplicateMember", "deepNesting", "hugeString", "nastyString",
        "removeMember", "emptyContainer", "shiftScale", "renameKey",
    ]

    /// One mutant of `value` (whose text is `text`) and a label naming the mutations applied.
    static func mutate(
        _ value: JSONValue, text: String, kind: FuzzTests.Kind?, random: inout SplitMix64
    ) -> ([UInt8], String) {
        var labels: [String] = []
        var tree = value
        var replacements: [(String, String)] = []
        var duplicateMember = false
        let rounds = random.chance(1, in: 5) ? 0 : 1 + random.below(2)
        for _ in 0..<rounds {
            let name = random.pick(structural)
            labels.append(name)
            switch name {
            case "typeSwap": tree = typeSwap(tree, random: &random)
            case "extremeNumber": tree = extremeNumber(tree, random: &random)
            case "duplicateID": tree = duplicateID(tree, random: &random)
            case "duplicateMember": duplicateMember = true
            case "deepNesting":
                let depth = random.pick([8, 64, 200, 255, 256, 257, 1_000, 100_000])
                let placeholder = "@@FUZZ-DEEP-\(replacements.count)@@"
                tree = replaceRandom(tree, random: &random) { _ in .string(placeholder) }
                let nested =
                    random.chance(1, in: 2)
                    ? String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
                    : String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
                replacements.append(("\"\(placeholder)\"", nested))
                labels[labels.count - 1] += "(\(depth))"
            case "hugeString":
                let length = random.pick([5_000, 50_000, 250_000])
                let unit = random.pick(NastyText.samples.filter { !$0.isEmpty })
                let huge = String(String(repeating: unit, count: length / max(1, unit.count) + 1).prefix(length))
                tree = replaceRandom(tree, random: &random, where: { $0.stringValue != nil }) { _ in .string(huge) }
            case "nastyString":
                let nasty = random.pick(NastyText.samples)
                tree = replaceRandom(tree, random: &random, where: { $0.stringValue != nil }) { _ in .string(nasty) }
            case "removeMember": tree = removeMember(tree, random: &random)
            case "emptyContainer":
                tree = replaceRandom(tree, random: &random, where: { $0.arrayValue != nil || $0.objectValue != nil }) {
                    $0.arrayValue != nil ? .array([]) : .object([:])
                }
            case "shiftScale": tree = kind == .questionnaire ? shiftScale(tree, random: &random) : tree
            case "renameKey": tree = renameKey(tree, random: &random)
            default: break
            }
        }
        var output = rounds == 0 ? text : JSONWriter.prettyText(tree)
        for (placeholder, replacement) in replacements {
            if let range = output.range(of: placeholder) { output.replaceSubrange(range, with: replacement) }
        }
        var bytes = Array(output.utf8)
        if duplicateMember { bytes = duplicateMemberLine(bytes, random: &random) }
        if rounds == 0 || random.chance(1, in: 3) {
            labels.append("bytes")
            bytes = mutateBytes(
                bytes, palette: Array("\"{}[],:\\u0-en".utf8) + [0x00, 0x1B, 0xFF, 0xC0, 0x80], random: &random)
        }
        return (bytes, labels.joined(separator: "+"))
    }

    /// Truncations, bit flips, deleted and duplicated ranges, inserted garbage.
    static func mutateBytes(_ input: [UInt8], palette: [UInt8], random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let position = random.below(bytes.count + 1)
        switch random.below(5) {
        case 0:
            bytes = Array(bytes.prefix(position))
        case 1:
            for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
                let index = random.below(bytes.count)
                bytes[index] ^= UInt8(1 << random.below(8))
            }
        case 2:
            bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(64)))
        case 3:
            let length = min(bytes.count - position, 1 + random.below(256))
            let copy = Array(bytes[position..<(position + length)])
            bytes.insert(contentsOf: copy, at: random.below(bytes.count + 1))
        default:
            let garbage = (0..<(1 + random.below(8))).map { _ in random.pick(palette) }
            bytes.insert(contentsOf: garbage, at: position)
        }
        return bytes
    }

    // MARK: Paths in a JSON value

    static func paths(of value: JSONValue, prefix: [Step] = [], into paths: inout [[Step]]) {
        paths.append(prefix)
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                Self.paths(of: element, prefix: prefix + [.index(index)], into: &paths)
            }
        case .object(let members):
            for key in members.keys.sorted() {
                if let member = members[key] { Self.paths(of: member, prefix: prefix + [.key(key)], into: &paths) }
            }
        default:
            break
        }
    }

    static func value(at path: ArraySlice<Step>, in root: JSONValue) -> JSONValue? {
        guard let first = path.first else { return root }
        switch (first, root) {
        case (.key(let key), .object(let members)):
            return members[key].flatMap { value(at: path.dropFirst(), in: $0) }
        case (.index(let index), .array(let elements)) where elements.indices.contains(index):
            return value(at: path.dropFirst(), in: elements[index])
        default:
            return nil
        }
    }

    static func replacing(
        at path: ArraySlice<Step>, in root: JSONValue, with transform: (JSONValue) -> JSONValue?
    ) -> JSONValue? {
        guard let first = path.first else { return transform(root) }
        switch (first, root) {
        case (.key(let key), .object(var members)):
            guard let member = members[key] else { return root }
            members[key] = replacing(at: path.dropFirst(), in: member, with: transform)
            return .object(members)
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            if let replaced = replacing(at: path.dropFirst(), in: elements[index], with: transform) {
                elements[index] = replaced
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        default:
            return root
        }
    }

    /// `root` with one node (among those matching `filter`) transformed.
    static func replaceRandom(
        _ root: JSONValue, random: inout SplitMix64, where filter: (JSONValue) -> Bool = { _ in true },
        transform: (JSONValue) -> JSONValue?
    ) -> JSONValue {
        var all: [[Step]] = []
        paths(of: root, into: &all)
        let candidates = all.filter { !$0.isEmpty && (value(at: $0[...], in: root).map(filter) ?? false) }
        guard !candidates.isEmpty else { return root }
        let path = random.pick(candidates)
        return replacing(at: path[...], in: root, with: transform) ?? root
    }

    static func typeSwap(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        let replacements: [JSONValue] = [
            .null, .bool(true), .bool(false), .number(0), .number(3), .number(-1), .string(""), .string("3"),
            .array([]), .array([.number(1)]), .object([:]), .object(["id": .string("x")]),
        ]
        let choice = random.pick(replacements)
        return replaceRandom(root, random: &random) { _ in choice }
    }

    static let extremes: [Double] = [
        0, -0.0, -1, 0.5, 2.5, Double.leastNormalMagnitude / 1_024, Double.leastNonzeroMagnitude, 1e15, 1e15 + 0.5,
        9_007_199_254_740_991, 9_007_199_254_740_992.0.nextUp,
        -9_007_199_254_740_992, 9.3e18, -9.3e18, 1e300, -1e300, 1.7976931348623157e308, 4_294_967_296,
        2_147_483_648, -2_147_483_649, 1e6,
    ]

    static func extremeNumber(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        let number = random.pick(extremes)
        let numbersOnly = random.chance(3, in: 4)
        return replaceRandom(root, random: &random, where: { !numbersOnly || $0.numberValue != nil }) { _ in
            .number(number)
        }
    }

    /// Copies one element's `id` onto a sibling, or duplicates a whole element.
    static func duplicateID(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        let duplicateWhole = random.chance(1, in: 2)
        let pick = random.next()
        return replaceRandom(
            root, random: &random,
            where: { value in
                guard let elements = value.arrayValue else { return false }
                return !elements.isEmpty && elements.allSatisfy { $0["id"] != nil }
            }
        ) { value in
            guard var elements = value.arrayValue, let first = elements.first else { return value }
            if duplicateWhole || elements.count < 2 {
                elements.insert(first, at: Int(pick % UInt64(elements.count + 1)))
            } else if case .object(var members) = elements[1] {
                members["id"] = first["id"]
                elements[1] = .object(members)
            }
            return .array(elements)
        }
    }

    static func removeMember(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        let pick = random.next()
        return replaceRandom(root, random: &random, where: { ($0.objectValue?.count ?? 0) > 0 }) { value in
            guard var members = value.objectValue else { return value }
            let keys = members.keys.sorted()
            members.removeValue(forKey: keys[Int(pick % UInt64(keys.count))])
            return .object(members)
        }
    }

    static func renameKey(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        let pick = random.next()
        let newName = random.pick([
            "", " ", "ID", "id ", "__proto__", "levels", "../x", "é", String(repeating: "k", count: 300),
        ])
        return replaceRandom(root, random: &random, where: { ($0.objectValue?.count ?? 0) > 0 }) { value in
            guard var members = value.objectValue else { return value }
            let keys = members.keys.sorted()
            let key = keys[Int(pick % UInt64(keys.count))]
            let member = members.removeValue(forKey: key)
            members[newName] = member
            return .object(members)
        }
    }

    /// Moves a questionnaire's scale (and its level descriptors) to start at an extreme level.
    static func shiftScale(_ root: JSONValue, random: inout SplitMix64) -> JSONValue {
        guard case .object(var members) = root, let scale = members["scale"]?.arrayValue else { return root }
        let base = random.pick([0, -3, 100, 1_000_000, 9_007_199_254_740_980, -9_007_199_254_740_992])
        let oldLevels = scale.compactMap { $0["level"]?.numberValue.flatMap { Int(exactly: $0) } }
        var mapping: [String: String] = [:]
        var newScale: [JSONValue] = []
        for (offset, entry) in scale.enumerated() {
            guard case .object(var level) = entry else { continue }
            level["level"] = .number(Double(base + offset))
            if offset < oldLevels.count { mapping[String(oldLevels[offset])] = String(base + offset) }
            newScale.append(.object(level))
        }
        members["scale"] = .array(newScale)
        func remap(_ value: JSONValue?) -> JSONValue? {
            guard let object = value?.objectValue else { return value }
            var remapped: JSONObject = [:]
            for (key, text) in object { remapped[mapping[key] ?? key] = text }
            return .object(remapped)
        }
        if let domains = members["domains"]?.arrayValue {
            members["domains"] = .array(
                domains.map { domain in
                    guard case .object(var domainMembers) = domain,
                        let questions = domainMembers["questions"]?.arrayValue
                    else { return domain }
                    domainMembers["questions"] = .array(
                        questions.map { question in
                            guard case .object(var questionMembers) = question else { return question }
                            questionMembers["levels"] = remap(questionMembers["levels"])
                            questionMembers["next"] = remap(questionMembers["next"])
                            if questionMembers["target"] != nil {
                                questionMembers["target"] = .number(Double(base + 1))
                            }
                            return .object(questionMembers)
                        })
                    return .object(domainMembers)
                })
        }
        return .object(members)
    }

    /// Repeats one `"key": value,` line of pretty-printed JSON, making a duplicate member.
    static func duplicateMemberLine(_ bytes: [UInt8], random: inout SplitMix64) -> [UInt8] {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let candidates = lines.indices.filter { index in
            let line = lines[index]
            return line.contains(UInt8(ascii: ":")) && line.last == UInt8(ascii: ",")
                && line.first(where: { $0 != UInt8(ascii: " ") }) == UInt8(ascii: "\"")
        }
        guard !candidates.isEmpty else { return bytes }
        let chosen = random.pick(candidates)
        var output: [[UInt8]] = []
        for (index, line) in lines.enumerated() {
            output.append(Array(line))
            if index == chosen { output.append(Array(line)) }
        }
        return Array(output.joined(separator: [UInt8(ascii: "\n")]))
    }
}

// MARK: - An in-memory file system

/// Files in memory, for code that only needs the ``FileSystem`` seam.
final class MemoryFileSystem: FileSystem, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String: [UInt8]] = [:]

    var files: [String: [UInt8]] {
        get { lock.withLock { storage } }
        set { lock.withLock { storage = newValue } }
    }

    func readFile(at path: String, limit: Int) throws -> [UInt8] {
        guard let bytes = files[path] else { throw FileError.notFound(path: path) }
        if bytes.count > limit { throw DataError.tooLarge(file: path, size: bytes.count, limit: limit) }
        return bytes
    }

    func fileExists(at path: String) -> Bool { files[path] != nil }
    func directoryExists(at path: String) -> Bool { true }
    func contentsOfDirectory(at path: String) throws -> [String] {
        files.keys.filter { $0.hasPrefix(path + "/") }.map { String($0.dropFirst(path.count + 1)) }.sorted()
    }
    func createDirectory(at path: String) throws {}

    func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws {
        lock.withLock {
            if backup, let old = storage[path] { storage[path + ".bak"] = old }
            storage[path] = bytes
        }
    }

    func createExclusively(_ bytes: [UInt8], at path: String) throws -> Bool {
        lock.withLock {
            if storage[path] != nil { return false }
            storage[path] = bytes
            return true
        }
    }

    func removeFile(at path: String) throws { lock.withLock { storage[path] = nil } }
}
