import Foundation
import OpModelTestSupport
import Testing

@testable import OpModelKit

/// DESIGN §7 security rules: team names never escape the store, files are owner-only,
/// templates cannot pull in other files, user text is never template syntax or HTML, and no
/// networking API appears anywhere in the sources.
@Suite("Security: store paths, permissions, templates, no network")
struct SecurityTests {
    // MARK: - Team names cannot escape the store

    static let hostileNames = [
        "..", ".", "/", "//", "../", "../..", "../../etc/passwd", "/etc/passwd", "/", "./.", ".ssh", ".git/config",
        "~", "~root", "C:\\Windows\\System32", "\\\\server\\share", "a/../../b", "team/../../..", "%2e%2e%2f",
        "．．／", "\u{2025}", "\u{2024}\u{2024}", "\u{0}", "\u{0}../x", "..\u{0}", " ../ ", "\n..\n", "\u{202E}..",
        "-rf", "--team", "CON", "NUL", "...", ".\u{301}.", "e\u{301}/..", String(repeating: "../", count: 500),
        String(repeating: "a", count: 10_000), "", "   ",
    ]

    /// A folder name that cannot leave the store: ASCII letters, digits and inner dashes only.
    static func expectSafe(_ slug: String, for name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!slug.isEmpty, "empty slug for \(name.debugDescription)", sourceLocation: sourceLocation)
        #expect(slug.count <= 64, "slug of \(slug.count) characters", sourceLocation: sourceLocation)
        let allowed = slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        #expect(allowed, "\(slug.debugDescription) for \(name.debugDescription)", sourceLocation: sourceLocation)
        #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.hasPrefix("."), sourceLocation: sourceLocation)
    }

    @Test func hostileTeamNamesStayInsideTheStore() throws {
        let root = try Fixtures.temporaryFolder()
        let store = Workspace(root: root, fileSystem: LocalFileSystem())
        let period = Fixtures.period("2026-Q4")
        for name in Self.hostileNames {
            let slug = Workspace.slug(for: name)
            Self.expectSafe(slug, for: name)
            let path = store.assessmentPath(team: name, period: period)
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
            #expect(resolved == root + "/" + slug + "/2026-Q4.json", "\(name.debugDescription) → \(resolved)")
        }
    }

    /// Thousands of seeded names built from path tricks and odd characters.
    @Test func randomTeamNamesStayInsideTheStore() {
        var random = SplitMix64(seed: FuzzSettings.seed ^ 0x51D6)
        let pieces = Self.hostileNames + ["a", "Team", "Équipe", "運用", "👩🏽‍💻", "-", "_", " ", "\t", "\\", ":", "*"]
        for _ in 0..<5_000 {
            var name = ""
            for _ in 0..<(1 + random.below(6)) {
                if random.chance(1, in: 4), let scalar = Unicode.Scalar(UInt32(random.below(0x2FFFF))) {
                    name.unicodeScalars.append(scalar)
                } else {
                    name += random.pick(pieces).prefix(200)
                }
            }
            let slug = Workspace.slug(for: name)
            Self.expectSafe(slug, for: name)
            #expect(slug == Workspace.slug(for: name), "slugs are stable")
        }
    }

    @Test func questionnaireCopiesStayInTheirFolder() {
        let store = Workspace(root: "/store", fileSystem: LocalFileSystem())
        for id in Self.hostileNames {
            let path = store.questionnaireCopyPath(id: id, version: id) ?? ""
            let name = String(path.dropFirst("/store/questionnaires/".count))
            #expect(path.hasPrefix("/store/questionnaires/"))
            #expect(!name.contains("/") && !name.hasPrefix("."), "\(id.debugDescription) → \(path)")
        }
    }

    // MARK: - Owner-only files and folders

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test func everythingTheStoreCreatesIsOwnerOnly() throws {
        let root = try Fixtures.temporaryFolder() + "/store"
        let fileSystem = LocalFileSystem()
        let store = Workspace(root: root, fileSystem: fileSystem)
        let path = store.assessmentPath(team: "Platform", period: Fixtures.period("2026-Q4"))
        try fileSystem.createDirectory(at: root + "/platform")
        try fileSystem.writeAtomically("{}\n", to: path, backup: true)
        try fileSystem.writeAtomically("{\"a\": 1}\n", to: path, backup: true)
        try store.keepQuestionnaireCopy(SampleAssessment.questionnaire, text: "{}\n")
        let (lock, _) = try AssessmentLock.acquire(
            assessmentPath: path, pid: 1, host: "h", now: "t", fileSystem: fileSystem, isRunning: { _ in false })
        defer { lock.release() }
        #expect(Self.mode(root) == 0o700)
        #expect(Self.mode(root + "/platform") == 0o700)
        #expect(Self.mode(root + "/questionnaires") == 0o700)
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(path + ".bak") == 0o600)
        #expect(Self.mode(path + ".lock") == 0o600)
        #expect(Self.mode(store.questionnaireCopyPath(id: "sample", version: "1.0.0") ?? "") == 0o600)
    }

    // MARK: - Templates include nothing

    @Test(arguments: [
        "{{>roadmap.md}}", "{{> partial}}", "{{>/etc/passwd}}", "{{>../../../etc/shadow}}", "a\n  {{>x}}\n",
        "{{#domains}}{{>domain}}{{/domains}}", "{{=<% %>=}}<%>x%>", "{{{>x}}}", "{{&>x}}", "{{ > x }}",
    ])
    func partialsAndIncludesAreErrors(source: String) {
        #expect(throws: TemplateParseErrors.self) { try Template(source: source, name: "t.md") }
        #expect(throws: DataError.self) {
            try ReportRenderer.markdown(SampleAssessment.input(), template: source, templateName: "t.md")
        }
        let problems = ReportRenderer.problems(template: source, name: "t.md")
        #expect(problems.contains { $0.severity == .error })
        if source.hasPrefix("{{>") {
            #expect(problems.contains { $0.message.contains("partials ('{{>name}}') are not supported") })
        }
    }

    /// Text typed in the workshop lands in the report literally: never as template syntax,
    /// never as HTML, never breaking a table row.
    @Test func userTextIsNeverTemplateSyntaxOrHTML() throws {
        var input = SampleAssessment.input()
        let hostile = "{{team}} {{>partial}} {{#domains}}x{{/domains}} <script>alert(1)</script> | cell |"
        input.assessment.team = hostile
        input.assessment.discover.answers["A-01"]?.note = hostile + "\nsecond line"
        input.assessment.envision.vision = hostile
        let markdown = try ReportRenderer.markdown(
            input, template: FuzzDocuments.roadmapTemplate, templateName: "roadmap.md")
        let escaped = MarkdownEscaping.inline(hostile)
        #expect(markdown.contains(escaped))
        #expect(markdown.contains("{{team}} {{\\>partial}}"), "template syntax in data is printed, not interpreted")
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("\\<script\\>"))
        #expect(markdown.contains(MarkdownEscaping.inline(hostile + "\nsecond line")), "the note, on one line")
        #expect(!escaped.replacingOccurrences(of: "\\|", with: "").contains("|"), "every pipe is escaped")
    }

    // MARK: - No networking API anywhere

    /// Names of networking APIs (Foundation, Network.framework, CFNetwork, BSD sockets, DNS) and
    /// of ways to run another program that could reach the network.
    static let forbidden: [String] = [
        "URLSession", "URLRequest", "URLConnection", "NSURLConnection", "FoundationNetworking", "import Network",
        "NWConnection", "NWListener", "NWPathMonitor", "CFSocket", "CFStream", "CFHTTP", "CFNetwork", "Socket",
        "socket(", "connect(", "bind(", "listen(", "accept(", "sendto(", "recvfrom(", "getaddrinfo", "gethostbyname",
        "gethostbyaddr", "inet_pton", "inet_addr", "sockaddr", "AF_INET", "SOCK_STREAM", "curl", "wget",
        "Process(", "NSTask", "posix_spawn", "system(", "popen(", "execv", "dlopen(", "contentsOf: URL(string",
        "URL(string:",
    ]

    /// The forbidden names in `source`, ignoring comments. A name counts only at the start of a
    /// word, so that `disconnect(` or `gethostname` are not taken for `connect(` or a DNS call.
    static func violations(in source: String) -> [String] {
        var code = ""
        var inBlockComment = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            var text = Substring(line)
            if inBlockComment {
                guard let end = text.range(of: "*/") else { continue }
                text = text[end.upperBound...]
                inBlockComment = false
            }
            if let start = text.range(of: "/*") {
                inBlockComment = text[start.upperBound...].range(of: "*/") == nil
                text = text[..<start.lowerBound]
            }
            if let comment = text.range(of: "//") { text = text[..<comment.lowerBound] }
            code += text + "\n"
        }
        return forbidden.filter { name in
            var searchStart = code.startIndex
            while let range = code.range(of: name, range: searchStart..<code.endIndex) {
                let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
                if before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true { return true }
                searchStart = range.upperBound
            }
            return false
        }
    }

    @Test func theScannerFindsWhatItLooksFor() {
        #expect(Self.violations(in: "let s = URLSession.shared") == ["URLSession"])
        #expect(Self.violations(in: "let fd = socket(AF_INET, SOCK_STREAM, 0)").contains("socket("))
        #expect(Self.violations(in: "import Network\n").contains("import Network"))
        #expect(Self.violations(in: "_ = connect(fd, &address, size)") == ["connect("])
        #expect(Self.violations(in: "disconnect(x); gethostname(&b, 1)").isEmpty)
        #expect(Self.violations(in: "// URLSession in a comment\n/* socket( */ let a = 1").isEmpty)
    }

    @Test func noSourceFileUsesANetworkingAPI() throws {
        var files: [String] = []
        for folder in ["Sources", "Plugins"] {
            let root = Fixtures.packageRoot.appendingPathComponent(folder).path
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            for case let relative as String in enumerator where relative.hasSuffix(".swift") {
                files.append(root + "/" + relative)
            }
        }
        #expect(files.count >= 40, "the scan found only \(files.count) Swift files")
        for file in files {
            let source = try String(contentsOfFile: file, encoding: .utf8)
            let found = Self.violations(in: source)
            #expect(found.isEmpty, "\(file) uses \(found)")
        }
        let manifest = try String(
            contentsOfFile: Fixtures.packageRoot.appendingPathComponent("Package.swift").path, encoding: .utf8)
        #expect(!manifest.contains(".package("), "opmodel has no package dependencies to fetch")
    }
}
