import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

extension Tag {
    /// The tests of what a facilitator installs: they share one release build (minutes).
    @Tag static var install: Self
}

/// What a facilitator gets: `scripts/install` into a prefix, the installed program run without
/// the Swift toolchain, its manual page and completions where the system looks for them,
/// `scripts/uninstall`, `scripts/package`, and the CI templates run as written with the package.
///
/// One release build (`swift build -c release --static-swift-stdlib`, in `.build-install`)
/// serves the whole suite; its tests run one after another. Skip them while working on something
/// else with `swift test --skip InstallTests`.
@Suite("Install, package and CI templates (one release build)", .serialized, .tags(.install))
struct InstallTests {
    static let root = CLIFixtures.repositoryRoot

    // MARK: - The installed program

    @Test(.timeLimit(.minutes(60)))
    func theInstalledProgramRunsWithoutTheToolchain() async throws {
        let installation = try await Installation.shared.value
        let prefix = installation.prefix
        // The manifest lists every file installed, and nothing else is new in the prefix.
        #expect(installation.manifest == Installation.expectedFiles, "\(installation.manifest)")
        let added = Set(installation.after).subtracting(installation.before)
        let created = Set(installation.manifest.map { "./" + $0 })
        #expect(added.filter { !$0.hasSuffix("/") }.subtracting(created).isEmpty, "unlisted: \(added)")
        let binary = prefix + "/bin/opmodel"

        // No Swift runtime, Foundation, Dispatch or ICU library is loaded from elsewhere.
        let ldd = try ExternalTools.require("ldd", "the libraries of the binary cannot be listed")
        let libraries = try ExternalTools.run(ldd, [binary], in: installation.work)
        #expect(libraries.status == 0, "\(libraries.transcript)")
        for word in ["swift", "foundation", "dispatch", "blocksruntime", "icu", "not found"] {
            #expect(!libraries.output.lowercased().contains(word), "ldd lists \(word):\n\(libraries.output)")
        }

        // From another folder, with an empty environment and the toolchain out of reach.
        let elsewhere = installation.work + "/elsewhere"
        try? FileManager.default.removeItem(atPath: elsewhere)
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let version = try Installation.hidden(binary, ["--version"], in: elsewhere)
        #expect(version.lines.first == "opmodel \(OpModel.version)", "\(version.transcript)")
        let listing = try Installation.hidden(binary, ["questionnaires"], in: elsewhere)
        #expect(listing.status == 0, "\(listing.transcript)")
        for id in Installation.questionnaireIDs {
            let installed = prefix + "/share/opmodel/Questionnaires/\(id).json"
            #expect(
                listing.lines.contains { $0.hasPrefix(id + " ") && $0.hasSuffix(" " + installed) }, "\(listing.output)")
            #expect(
                listing.lines.contains {
                    $0.hasPrefix(id + " ") && $0.hasSuffix("built-in Questionnaires/\(id).json (shadowed)")
                },
                "\(listing.output)")
        }
        // A workshop saved, the store validated, a report from the installed template.
        let session = try Installation.hidden(
            binary, ["assess", "--org", "Acme", "--team", "Platform Team", "--period", "2026-Q4", "--store", "store"],
            in: elsewhere, input: "q\n")
        #expect(session.status == 0, "\(session.transcript)")
        let check = try Installation.hidden(binary, ["validate", "--store", "store"], in: elsewhere)
        #expect(check.status == 0, "\(check.transcript)")
        let report = try Installation.hidden(
            binary, ["report", "store/platform-team/2026-Q4.json", "--output", "roadmap.md"], in: elsewhere)
        #expect(report.status == 0, "\(report.transcript)")
        #expect(FileManager.default.contents(atPath: elsewhere + "/roadmap.md")?.starts(with: Array("# ".utf8)) == true)

        // A link to the binary (~/bin/opmodel) still finds the resources of the prefix.
        try FileManager.default.createSymbolicLink(atPath: elsewhere + "/opmodel-link", withDestinationPath: binary)
        let linked = try Installation.hidden(elsewhere + "/opmodel-link", ["questionnaires"], in: elsewhere)
        #expect(linked.output.contains(prefix + "/share/opmodel/Questionnaires/"), "\(linked.transcript)")
    }

    @Test(.timeLimit(.minutes(60)))
    func theManualPageIsWhereManFindsIt() async throws {
        let man = try ExternalTools.require("man", "the installed manual page cannot be rendered")
        let installation = try await Installation.shared.value
        let page = installation.prefix + "/share/man/man1/opmodel.1"
        let rendered = try ExternalTools.run(
            man, ["--warnings", "-l", page], in: installation.work,
            extra: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8"])
        #expect(rendered.status == 0 && rendered.errors.isEmpty, "\(rendered.transcript)")
        #expect(rendered.output.contains("OPMODEL(1)"))
        let found = try ExternalTools.run(
            man, ["-w", "opmodel"], in: installation.work, extra: ["MANPATH": installation.prefix + "/share/man"])
        #expect(found.lines == [page], "\(found.transcript)")
        // The page is the one the installed program prints.
        let printed = try ExternalTools.run(
            installation.prefix + "/bin/opmodel", ["help", "--man"], in: installation.work)
        #expect(FileManager.default.contents(atPath: page) == Data(printed.output.utf8))
    }

    @Test(.timeLimit(.minutes(60)), arguments: ShellCompletions.shells)
    func eachShellCompletesFromWhereTheScriptIsInstalled(shell: String) async throws {
        let installation = try await Installation.shared.value
        let share = installation.prefix + "/share"
        let folder = installation.work + "/completion-\(shell)"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let commands: [String]
        let ids: [String]
        switch shell {
        case "bash":
            let script = share + "/bash-completion/completions/opmodel"
            commands = try ShellDrivers.bash(script: script, words: ["opmodel", ""], in: folder)
            ids = try ShellDrivers.bash(
                script: script, words: ["opmodel", "assess", "--questionnaire", "c"], in: folder)
        case "zsh":
            let functions = share + "/zsh/site-functions"
            commands = try ShellDrivers.zsh(functionsFolder: functions, line: "opmodel ", in: folder)
            ids = try ShellDrivers.zsh(functionsFolder: functions, line: "opmodel assess --questionnaire c", in: folder)
        default:
            let bin = installation.prefix + "/bin"
            commands = try ShellDrivers.fish(share: share, binFolder: bin, line: "opmodel ", in: folder)
            ids = try ShellDrivers.fish(
                share: share, binFolder: bin, line: "opmodel assess --questionnaire c", in: folder)
        }
        #expect(
            Set(commands).isSuperset(of: ["assess", "validate", "portfolio", "completions"]), "\(shell): \(commands)")
        #expect(ids == ["cloud-operating-model"], "\(shell): \(ids)")
    }

    // MARK: - Uninstall and package

    @Test(.timeLimit(.minutes(60)))
    func uninstallRemovesExactlyWhatWasInstalled() async throws {
        let installation = try await Installation.shared.value
        // Installing twice over another tool's files, then uninstalling, leaves them as they were.
        let prefix = installation.work + "/prefix-again"
        try Installation.prepare(prefix)
        let before = try Installation.tree(prefix)
        for _ in 0..<2 {
            let install = try Installation.script("install", ["--prefix", prefix])
            #expect(install.status == 0, "\(install.transcript)")
        }
        #expect(try Installation.manifest(prefix) == Installation.expectedFiles)
        let uninstall = try ExternalTools.run(prefix + "/share/opmodel/uninstall", [], in: installation.work)
        #expect(uninstall.status == 0, "\(uninstall.transcript)")
        #expect(try Installation.tree(prefix) == before)
        // Nothing installed there: it says so.
        let nothing = try Installation.script("uninstall", ["--prefix", prefix])
        #expect(nothing.status == 66 && nothing.errors.contains("install-manifest is missing"), "\(nothing.transcript)")
    }

    @Test(.timeLimit(.minutes(60)))
    func thePackageInstallsWithoutBuilding() async throws {
        let installation = try await Installation.shared.value
        let name = "opmodel-\(OpModel.version)-linux-\(Installation.architecture)"
        #expect(installation.tarball == installation.work + "/dist/\(name).tar.gz")
        let dist = installation.work + "/dist"
        let checked = try ExternalTools.run("/usr/bin/sha256sum", ["-c", name + ".tar.gz.sha256"], in: dist)
        #expect(checked.status == 0, "\(checked.transcript)")
        let listed = try ExternalTools.run("/bin/tar", ["-tzf", installation.tarball], in: dist)
        #expect(Set(listed.lines.map { String($0.prefix { $0 != "/" }) }) == [name])
        for entry in ["INSTALL", "install", "uninstall", "bin/opmodel", "share/man/man1/opmodel.1"] {
            #expect(listed.lines.contains("\(name)/\(entry)"), "\(entry) missing from the tarball")
        }
        // Unpacked and installed by its own script, which does not build: the same files.
        let unpacked = installation.work + "/unpacked"
        try? FileManager.default.removeItem(atPath: unpacked)
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        let untar = try ExternalTools.run("/bin/tar", ["-xzf", installation.tarball, "-C", unpacked], in: dist)
        #expect(untar.status == 0, "\(untar.transcript)")
        let prefix = installation.work + "/from-package/nested"
        try? FileManager.default.removeItem(atPath: installation.work + "/from-package")
        let install = try ExternalTools.run(
            unpacked + "/\(name)/install", ["--prefix", prefix], in: unpacked, environment: ["PATH": "/usr/bin:/bin"])
        #expect(install.status == 0, "\(install.transcript)")
        #expect(try Installation.manifest(prefix) == installation.manifest)
        let run = try Installation.hidden(prefix + "/bin/opmodel", ["questionnaires"], in: unpacked)
        #expect(
            run.output.contains(prefix + "/share/opmodel/Questionnaires/cloud-operating-model.json"),
            "\(run.transcript)")
        // Its uninstall removes the folders the install created, up to the prefix itself.
        let uninstall = try ExternalTools.run(prefix + "/share/opmodel/uninstall", [], in: unpacked)
        #expect(uninstall.status == 0, "\(uninstall.transcript)")
        #expect(!FileManager.default.fileExists(atPath: installation.work + "/from-package"))
    }

    // MARK: - The CI templates

    /// The commands of `Templates/ci/*.yml`, run as written by their CI service (steps in order,
    /// artefacts copied), in a store repository that gets opmodel from the package's URL: they
    /// publish the portfolio of a valid store and fail a broken one.
    @Test(.timeLimit(.minutes(60)))
    func theCITemplatesRunAsWritten() async throws {
        let git = try ExternalTools.require("git", "a store repository cannot be made")
        let python = try ExternalTools.require("python3", "the CI templates cannot be read")
        _ = try ExternalTools.require("curl", "the templates download the package with curl")
        let yaml = try ExternalTools.run(python, ["-c", "import yaml"], in: "/")
        if yaml.status != 0 {
            let reason =
                "python3 has no yaml module (Debian: apt-get install python3-yaml); the CI templates cannot be read"
            if ExternalTools.areRequired { Issue.record(Comment(rawValue: reason)) }
            try Test.cancel(Comment(rawValue: "Skipped: " + reason))
        }
        let installation = try await Installation.shared.value
        let repository = installation.work + "/store-repository"
        try? FileManager.default.removeItem(atPath: repository)
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        let gitEnvironment = GitRepositories.environment(home: installation.work)
        func inRepository(_ arguments: [String]) throws {
            let result = try ExternalTools.run(git, arguments, in: repository, extra: gitEnvironment)
            #expect(result.status == 0, "git \(arguments): \(result.transcript)")
        }
        try inRepository(["init", "-q", "-b", "main"])
        for team in ["Platform", "Data"] {
            let session = try ExternalTools.run(
                installation.prefix + "/bin/opmodel",
                ["assess", "--org", "Acme", "--team", team, "--period", "2026-Q4", "--store", "."], in: repository,
                input: "q\n")
            #expect(session.status == 0, "\(session.transcript)")
        }
        #expect(
            FileManager.default.fileExists(atPath: repository + "/.gitignore"), "assess writes the store's .gitignore")
        try inRepository(["add", "-A"])
        try inRepository(["commit", "-q", "-m", "Platform and Data, 2026-Q4"])
        let tracked = try ExternalTools.run(git, ["ls-files"], in: repository, extra: gitEnvironment)
        #expect(!tracked.output.contains(".bak") && !tracked.output.contains(".lock"), "\(tracked.output)")

        let portfolioHelp = try ExternalTools.run(
            installation.prefix + "/bin/opmodel", ["portfolio", "--help"], in: repository)
        let writesHTML = portfolioHelp.output.contains("html")
        func runTemplates() throws -> [(kind: String, result: BinaryRunner.Result, artefacts: String)] {
            try [("github", "github-actions.yml"), ("gitlab", "gitlab-ci.yml")].map { kind, file in
                let artefacts = installation.work + "/artefacts-\(kind)"
                let temporary = installation.work + "/ci-\(kind)-tmp"
                for folder in [artefacts, temporary, repository + "/.portfolio"] {
                    try? FileManager.default.removeItem(atPath: folder)
                }
                try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
                // Only the system's tools on PATH: the template installs opmodel itself.
                let result = try ExternalTools.run(
                    python,
                    [ExternalTools.helper("run-ci-template"), kind, Self.root + "/Templates/ci/" + file, artefacts],
                    in: repository,
                    environment: [
                        "PATH": "/usr/bin:/bin", "HOME": installation.work, "TMPDIR": temporary, "LANG": "C.UTF-8",
                        "OPMODEL_PACKAGE_URL": "file://" + installation.tarball,
                    ], timeout: 300)
                return (kind, result, artefacts)
            }
        }
        for (kind, result, artefacts) in try runTemplates() {
            // GitHub keeps the folder's files at the artefact's top, GitLab the path in the project.
            let published = artefacts + (kind == "github" ? "/portfolio" : "/portfolio/.portfolio")
            #expect(result.status == 0, "\(kind): \(result.transcript)")
            #expect(result.output.contains("✓ store .: valid: 2 assessments"), "\(kind): \(result.output)")
            let report = String(
                decoding: FileManager.default.contents(atPath: published + "/portfolio.md") ?? Data(),
                as: UTF8.self)
            #expect(report.contains("Platform") && report.contains("Data"), "\(kind): portfolio.md \(report)")
            #expect(FileManager.default.fileExists(atPath: published + "/portfolio.csv"), "\(kind)")
            #expect(
                FileManager.default.fileExists(atPath: published + "/portfolio.html") == writesHTML,
                "\(kind): HTML once opmodel writes it")
        }
        // A lock committed by mistake: CI fails with the store's exit code and publishes nothing.
        let lock = repository + "/platform/2026-Q4.json.lock"
        try Data(#"{"pid": 4242, "host": "laptop-b", "since": "2026-11-02T10:00:00Z"}"#.utf8).write(
            to: URL(fileURLWithPath: lock))
        try inRepository(["add", "-f", lock])
        try inRepository(["commit", "-q", "-m", "A lock by mistake"])
        for (kind, result, artefacts) in try runTemplates() {
            #expect(result.status == 65, "\(kind): \(result.transcript)")
            #expect(
                result.errors.contains("(stale-lock)") || result.output.contains("(stale-lock)"),
                "\(kind): \(result.transcript)")
            #expect(!FileManager.default.fileExists(atPath: artefacts + "/portfolio"), "\(kind): nothing published")
        }
    }
}

/// The release build installed once for the suite, into a prefix that already held another
/// tool's files, and the package made from the same build.
struct Installation: Sendable {
    /// The suite's folder (`.build-install/check`, emptied at the start of each run).
    var work: String
    /// The prefix installed into.
    var prefix: String
    /// The prefix's entries before and after the install (`./bin/`, `./bin/opmodel`).
    var before: [String]
    var after: [String]
    /// The files listed in the prefix's install manifest.
    var manifest: [String]
    /// The tarball `scripts/package` wrote.
    var tarball: String

    /// The one installation, made when a test first asks for it, on a thread of its own.
    static let shared = Task { try await ExternalTools.offThePool { try make() } }

    /// The release build's folder, beside `.build` so that `swift test` and the build do not wait
    /// for each other.
    static let scratch = CLIFixtures.repositoryRoot + "/.build-install"

    /// A failure of the install or the package script.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func make() throws -> Installation {
        let work = scratch + "/check"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let prefix = work + "/prefix"
        try prepare(prefix)
        let before = try tree(prefix)
        let install = try script("install", ["--prefix", prefix], timeout: 3600)
        guard install.status == 0 else { throw Failure(description: "scripts/install: \(install.transcript)") }
        let after = try tree(prefix)
        let package = try script("package", ["--output", work + "/dist"], timeout: 1800)
        guard package.status == 0, let tarball = package.lines.first(where: { $0.hasSuffix(".tar.gz") }) else {
            throw Failure(description: "scripts/package: \(package.transcript)")
        }
        return Installation(
            work: work, prefix: prefix, before: before, after: after, manifest: try manifest(prefix), tarball: tarball)
    }

    /// Runs `scripts/<name> arguments` with the suite's build folder.
    static func script(_ name: String, _ arguments: [String], timeout: Double = 1800) throws -> BinaryRunner.Result {
        let scratchArguments = name == "uninstall" ? [] : ["--scratch-path", scratch]
        return try ExternalTools.run(
            CLIFixtures.repositoryRoot + "/scripts/" + name, arguments + scratchArguments,
            in: CLIFixtures.repositoryRoot, timeout: timeout)
    }

    /// A prefix with another tool's files, which no install or uninstall may touch.
    static func prepare(_ prefix: String) throws {
        let files = [
            "bin/other-tool": "another tool\n", "share/doc/other/README": "another tool's notes\n",
            "share/man/man1/other.1": ".TH OTHER 1\n",
        ]
        for (file, text) in files {
            let url = URL(fileURLWithPath: prefix + "/" + file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Every entry below `folder`, sorted, folders ending in `/`.
    static func tree(_ folder: String) throws -> [String] {
        let result = try ExternalTools.run(
            "/usr/bin/find",
            [".", "-mindepth", "1", "(", "-type", "d", "-printf", "%p/\\n", ")", "-o", "-printf", "%p\\n"],
            in: folder)
        guard result.status == 0 else { throw Failure(description: "find: \(result.transcript)") }
        return result.lines.sorted()
    }

    /// The files the manifest of `prefix` lists, sorted.
    static func manifest(_ prefix: String) throws -> [String] {
        let text = try String(contentsOfFile: prefix + "/share/opmodel/install-manifest", encoding: .utf8)
        return text.split(separator: "\n").filter { $0.hasPrefix("file ") }.map { String($0.dropFirst(5)) }.sorted()
    }

    /// The ids of the questionnaires in the repository (`Questionnaires/<id>.json`).
    static var questionnaireIDs: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: CLIFixtures.repositoryRoot + "/Questionnaires")) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// What an install holds: the binary, the repository's questionnaires (with their schemas)
    /// and templates (with the CI templates), the manual page, three completion scripts, the
    /// manifest and the uninstall script.
    static var expectedFiles: [String] {
        let root = CLIFixtures.repositoryRoot
        var files = [
            "bin/opmodel", "share/bash-completion/completions/opmodel", "share/fish/vendor_completions.d/opmodel.fish",
            "share/man/man1/opmodel.1", "share/opmodel/install-manifest", "share/opmodel/uninstall",
            "share/zsh/site-functions/_opmodel",
        ]
        for folder in ["Questionnaires", "Templates"] {
            let enumerator = FileManager.default.enumerator(atPath: root + "/" + folder)
            while let file = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/\(folder)/\(file)", isDirectory: &isFolder),
                    !isFolder.boolValue, !(file.split(separator: "/").last ?? "").hasPrefix(".")
                {
                    files.append("share/opmodel/\(folder)/\(file)")
                }
            }
        }
        return files.sorted()
    }

    /// The machine's architecture as `uname -m` names it.
    static var architecture: String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The toolchain's folder (`/opt/swift/usr`: its lib/swift, lib/swift_static).
    static var toolchain: String? {
        guard let swift = ExternalTools.find("swift") else { return nil }
        let resolved = URL(fileURLWithPath: swift).resolvingSymlinksInPath()
        return resolved.deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The `unshare` command that makes a mount namespace here (`unshare -m` as root, else
    /// `unshare -r -m` where user namespaces are allowed), nil where neither works.
    static let namespace: [String]? = {
        guard let toolchain, let unshare = ExternalTools.find("unshare") else { return nil }
        for flags in [["-m"], ["-r", "-m"]] {
            let probe = try? ExternalTools.run(
                unshare,
                flags + ["sh", "-c", #"mount -t tmpfs none "$1" && [ -z "$(ls -A "$1")" ]"#, "probe", toolchain],
                in: "/")
            if probe?.status == 0 { return [unshare] + flags }
        }
        return nil
    }()

    /// Runs `executable arguments` in `directory` with an empty environment (`env -i`) and, where
    /// a mount namespace can be made, the toolchain's folder hidden under an empty file system.
    static func hidden(_ executable: String, _ arguments: [String], in directory: String, input: String = "") throws
        -> BinaryRunner.Result
    {
        guard let namespace, let toolchain else {
            return try ExternalTools.run("/usr/bin/env", ["-i", executable] + arguments, in: directory, input: input)
        }
        let hide =
            #"mount -t tmpfs none "$1" && [ -z "$(ls -A "$1")" ] && shift && cd "$1" && shift && exec env -i "$@""#
        return try ExternalTools.run(
            namespace[0],
            Array(namespace.dropFirst()) + ["sh", "-c", hide, "hide", toolchain, directory, executable]
                + arguments, in: directory, input: input)
    }
}
