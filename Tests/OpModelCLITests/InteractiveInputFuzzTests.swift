import Foundation
import OpModelKit
import OpModelTestSupport
import Testing

@testable import OpModelCLI

/// What people type at the prompts: out-of-range levels, garbage, very long lines, control
/// characters, emoji, right-to-left and combining characters. Every reply is either refused and
/// asked again, or stored exactly as typed and rendered escaped in the report.
@Suite("Interactive input fuzz: refused and re-asked, or stored and escaped")
struct InteractiveInputFuzzTests {
    static let file = "assessments/platform/2026-Q4.json"
    static let questions = ["OP-01", "OP-02", "CG-01", "CG-02"]

    static func arguments(_ sandbox: Sandbox) -> [String] {
        [
            "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
            "--period", "2026-Q4", "--store", sandbox.store,
        ]
    }

    /// Replies a Discover question must refuse (two participants, so vote mode is on).
    static let refused = [
        "0", "6", "-1", "99999999999999999999", "3.5", "2,5", "1e3", "three", "３", "٣", "👩🏽‍💻", "\\q", "3 4 5", "3 7",
        "7 note", "x 3", "--", "NaN", "Infinity", "3x", String(repeating: "x", count: 100_000),
        String(repeating: "9", count: 5_000), "e\u{301}", "שלום", "\u{202E}3",
    ]

    /// Notes people write, none starting with a number (which would read as a vote).
    static let notes = [
        "runbooks exist but are *not* tested", "see https://wiki.example.com/a_b | and [this](x)", "<b>bold</b> & co",
        "שלום עולם — נבדק", "مرحبا بالعالم", "\u{202E}reversed\u{202C} text", "e\u{301}\u{302} combining marks",
        "👩🏽‍💻 🇫🇷 team", "{{team}} {{>partial}} {{#x}}", "# not a heading", "- not a list", "> not a quote",
        "| pipes | everywhere |", "`code` and ~~strike~~", "back\\slash", String(repeating: "long note ", count: 2_000),
    ]

    @Test func seededGarbageAtDiscoverIsReaskedAndGoodAnswersAreKeptExactly() throws {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x1A7E)
        var refusals = 0
        for run in 0..<30 {
            let sandbox = Sandbox()
            var lines = WorkshopScript.envision
            var expected: [String: Answer] = [:]
            var refusedHere = 0
            for question in Self.questions {
                for _ in 0..<random.below(4) {
                    lines.append(random.pick(Self.refused))
                    refusedHere += 1
                }
                let level = 1 + random.below(5)
                if random.chance(1, in: 4) {
                    lines.append("\(level)")
                    expected[question] = .level(level)
                } else {
                    let note = random.pick(Self.notes)
                    lines.append("  \(level)   \(note)  ")
                    let words = note.split(separator: " ", omittingEmptySubsequences: true)
                    expected[question] = .level(level, note: words.joined(separator: " "))
                }
            }
            let result = CLIFixtures.run(Self.arguments(sandbox), input: CLIFixtures.lines(lines + ["q"]), in: sandbox)
            #expect(result.code == .success, "run \(run): \(result.errors)")
            #expect(result.terminal.unread.isEmpty, "run \(run): the workshop stopped early")
            let complaints = result.output.components(separatedBy: "  ! ").count - 1
            #expect(complaints >= refusedHere, "run \(run): \(refusedHere) replies to refuse, \(complaints) refusals")
            refusals += refusedHere
            let saved = try sandbox.assessment(Self.file)
            #expect(saved.discover.answers == expected, "run \(run)")

            // The report shows every note escaped, each on its table row.
            let report = CLIFixtures.run(
                ["report", sandbox.path(Self.file), "--output", sandbox.path("report.md")], in: sandbox)
            #expect(report.code == .success, "run \(run): \(report.errors)")
            let markdown = sandbox.read("report.md") ?? ""
            for (id, answer) in expected {
                guard let note = answer.note else { continue }
                // Escaped for Markdown, and without the bidirectional overrides no written file holds.
                #expect(
                    markdown.contains(UntrustedText.forFile(MarkdownEscaping.inline(note))),
                    "run \(run): the note of \(id) is not escaped")
            }
            #expect(!markdown.unicodeScalars.contains(where: UntrustedText.isBidirectionalControl))
            #expect(!markdown.contains("<b>") && !markdown.contains("{{>"), "run \(run): raw HTML or a tag")
        }
        #expect(refusals > 30)
    }

    /// Names with emoji, right-to-left and combining characters are stored as typed and name
    /// a safe folder.
    @Test func namesInAnyScriptAreKeptAndEscaped() throws {
        let sandbox = Sandbox()
        let team = "Équipe שלום 👩🏽‍💻 | *ops*"
        let envision = [
            "Dana \u{202E}Lee", "Ana e\u{301} Silva, CTO | lead", "مرحبا Ben", "", "A vision <with> **markup**",
            "Time | to market", "", "Faster recovery", "1", "240", "60", "2027-Q4", "", "",
        ]
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme & <Co>", "--team", team,
                "--period", "2026-Q4", "--store", sandbox.store,
            ],
            input: CLIFixtures.lines(
                envision + WorkshopScript.discover + WorkshopScript.build + WorkshopScript.deliver
                    + WorkshopScript.improve), in: sandbox)
        #expect(result.code == .success, "\(result.errors)")
        let slug = Workspace.slug(for: team)
        #expect(slug == "equipe-ops")
        let saved = try sandbox.assessment("assessments/\(slug)/2026-Q4.json")
        #expect(saved.team == team)
        #expect(saved.facilitator == "Dana \u{202E}Lee")
        #expect(saved.participants.map(\.name) == ["Ana e\u{301} Silva", "مرحبا Ben"])
        #expect(saved.participants.first?.role == "CTO | lead")
        let markdown = try #require(sandbox.read("assessments/\(slug)/2026-Q4-roadmap.md"))
        #expect(markdown.contains(MarkdownEscaping.inline(team)))
        #expect(markdown.contains("Ana e\u{301} Silva"))
        #expect(!markdown.contains("<with>") && !markdown.contains("<Co>"))
    }

    /// The real terminal: control characters, escape sequences, NUL, invalid UTF-8, CRLF line
    /// ends and a line over the 1 MiB cap reach the built binary through a pipe.
    @Test func rawBytesThroughTheRealTerminal() throws {
        let sandbox = Sandbox()
        var script: [UInt8] = []
        func line(_ text: String) { script += Array(text.utf8) + [0x0A] }
        line("Dana\u{1B}[31m Lee\u{7}")  // facilitator: colour codes and a bell
        line("Ana\u{0} Silva\u{1B}[D\u{1B}[C, CTO\r")  // NUL, arrow keys, CRLF
        line("")
        line("A vision\u{8}\u{7F}.")
        line("")
        line("")
        line("")
        script += [0xFF, 0xFE, 0x33, 0x0A]  // invalid UTF-8 before a 3: refused, not a level
        line("3 tab\there and \u{1B}]0;title\u{7} osc")
        script += Array("4 ".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 1_200_000) + [0x0A]
        line("n \u{1B}[1mout\u{1B}[0m of scope")
        line("2")
        let process = BinaryRunner.configured(
            Self.arguments(sandbox).map { $0 == sandbox.store ? "assessments" : $0 }, in: sandbox.root,
            environment: [:])
        let (stdin, stdout) = (Pipe(), Pipe())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        let output = PipeReader(stdout)
        BinaryRunner.send(script, to: stdin.fileHandleForWriting)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        let transcript = output.text()
        #expect(process.terminationStatus == 0, "\(transcript.suffix(2_000))")
        let saved = try sandbox.assessment(Self.file)
        #expect(saved.facilitator == "Dana Lee")
        #expect(saved.participants.map(\.name) == ["Ana Silva"])
        #expect(saved.envision.vision == "A vision.")
        let answers = saved.discover.answers
        for answer in answers.values {
            let note = answer.note ?? ""
            #expect(!note.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a control character")
        }
        #expect(answers["OP-01"]?.level == 3, "\(transcript.suffix(3_000))")
        // The window-title sequence (ESC ] 0;title BEL) goes entirely, its text too.
        #expect(answers["OP-01"]?.note?.hasPrefix("tab here and ") == true)
        #expect(answers["OP-01"]?.note?.hasSuffix(" osc") == true)
        #expect(answers["OP-01"]?.note?.contains("title") == false)
        let long = try #require(answers["OP-02"]?.note, "\(answers)")
        #expect(answers["OP-02"]?.level == 4)
        // Input is read in 4 KiB chunks up to the 1 MiB cap; the rest of the line is dropped.
        #expect(long.utf8.count <= 1_048_576 + 4_096, "the overlong line is cut at the cap")
        #expect(long.allSatisfy { $0 == "y" })
        #expect(transcript.contains("Warning: the line typed was longer than 1 MiB; only its start was kept."))
        #expect(answers["CG-01"]?.notApplicable == true)
        #expect(answers["CG-01"]?.note == "out of scope")
        #expect(answers["CG-02"]?.level == 2)
        let report = try BinaryRunner.run(["report", Self.file], in: sandbox.root)
        #expect(report.status == 0, "\(report.errors)")
    }
}
