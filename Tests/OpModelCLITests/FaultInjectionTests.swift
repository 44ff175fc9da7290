import Foundation
import OpModelKit
import Testing

@testable import OpModelCLI

#if canImport(Glibc)
    import Glibc
#endif

/// The real file system with faults on chosen paths: a full disk, a permission refused, a
/// read-only file system. Rescue copies are kept in memory so that tests
/// running side by side never share a file in the temporary folder.
final class FaultyFileSystem: FileSystem, @unchecked Sendable {
    enum Fault {
        case diskFull, permissionDenied, readOnlyFileSystem

        func error(_ path: String) -> FileError {
            switch self {
            case .diskFull: return .ioFailure(path: path, reason: "the disk is full")
            case .permissionDenied: return .cannotCreate(path: path, reason: "permission denied")
            case .readOnlyFileSystem: return .cannotCreate(path: path, reason: "the file system is read-only")
            }
        }
    }

    /// Writes to `path` (or, with `below`, to anything under it) fail with `fault` once
    /// `after` of them succeeded.
    struct Rule {
        var path: String
        var fault: Fault
        var after = 0
        var below = false

        func matches(_ other: String) -> Bool { other == path || (below && other.hasPrefix(path + "/")) }
    }

    private let base = LocalFileSystem()
    private let lock = NSLock()
    private let rules: [Rule]
    private let rescueFails: Bool
    private var writeCounts: [String: Int] = [:]
    private var good: [String: [UInt8]] = [:]
    private var rescues: [String: [UInt8]] = [:]
    private var failures: [String] = []

    init(_ rules: [Rule], rescueFails: Bool = false) {
        self.rules = rules
        self.rescueFails = rescueFails
    }

    /// The rescue copies written, by path.
    var rescued: [String: [UInt8]] { lock.withLock { rescues } }
    /// The last bytes written successfully to each path.
    var lastGoodWrite: [String: [UInt8]] { lock.withLock { good } }
    /// The paths whose writes failed, in order.
    var failedWrites: [String] { lock.withLock { failures } }

    /// The fault for a write to `path`, counting the write.
    private func fault(for path: String) -> Fault? {
        lock.withLock {
            guard let rule = rules.first(where: { $0.matches(path) }) else { return nil }
            let count = writeCounts[path, default: 0]
            writeCounts[path] = count + 1
            if count < rule.after { return nil }
            failures.append(path)
            return rule.fault
        }
    }

    func readFile(at path: String, limit: Int) throws -> [UInt8] {
        if let bytes = lock.withLock({ rescues[path] }) { return bytes }
        return try base.readFile(at: path, limit: limit)
    }

    func fileExists(at path: String) -> Bool { base.fileExists(at: path) }
    func directoryExists(at path: String) -> Bool { base.directoryExists(at: path) }
    func contentsOfDirectory(at path: String) throws -> [String] { try base.contentsOfDirectory(at: path) }

    func createDirectory(at path: String) throws {
        if base.directoryExists(at: path) { return }
        if let fault = fault(for: path) { throw fault.error(path) }
        try base.createDirectory(at: path)
    }

    func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws {
        if let fault = fault(for: path) { throw fault.error(path) }
        try base.writeAtomically(bytes, to: path, backup: backup)
        lock.withLock { good[path] = bytes }
    }

    func createExclusively(_ bytes: [UInt8], at path: String) throws -> Bool {
        if let fault = fault(for: path) { throw fault.error(path) }
        return try base.createExclusively(bytes, at: path)
    }

    func removeFile(at path: String) throws { try base.removeFile(at: path) }

    func info(at path: String) -> FileInfo? { base.info(at: path) }
    func resolvingLinks(_ path: String) -> String? { base.resolvingLinks(path) }
    func writeInto(_ bytes: [UInt8], specialFileAt path: String) throws {
        try base.writeInto(bytes, specialFileAt: path)
    }
    func tryLock(at path: String) throws -> (any FileLock)? {
        if let fault = fault(for: path) { throw fault.error(path) }
        return try base.tryLock(at: path)
    }

    func writeRescueCopy(_ bytes: [UInt8], name: String) throws -> String {
        let path = "/private-rescue/" + name
        if rescueFails { throw Fault.diskFull.error(path) }
        lock.withLock { rescues[path] = bytes }
        return path
    }
}

/// Unwritable stores, read-only files and full disks: a clear error, exit 73 (cannot create) or
/// 74 (I/O error), the previous file untouched, and the answers of the session in a rescue copy.
/// Faults come from the ``FaultyFileSystem`` seam in-process, from real permissions when not
/// running as root, and from a real file-size limit (RLIMIT_FSIZE) on the built binary.
@Suite("Fault injection: unwritable stores, read-only files, full disks")
struct FaultInjectionTests {
    static let file = "assessments/platform/2026-Q4.json"

    static func assessArguments(_ sandbox: Sandbox) -> [String] {
        [
            "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--org", "Acme", "--team", "Platform",
            "--period", "2026-Q4", "--store", sandbox.store,
        ]
    }

    static func resumeArguments(_ sandbox: Sandbox) -> [String] {
        ["assess", sandbox.path(file), "--questionnaire", CLIFixtures.miniQuestionnaire]
    }

    /// Runs the command line with `fileSystem` in place of the real one.
    static func run(
        _ arguments: [String], input: [String], in sandbox: Sandbox, fileSystem: any FileSystem
    ) -> CLIResult {
        let terminal = ScriptedTerminal(CLIFixtures.lines(input))
        let environment = CommandEnvironment(
            terminal: terminal, fileSystem: fileSystem, clock: FixedClock(), variables: [:],
            currentDirectory: sandbox.root, executableDirectory: nil, processID: 4242, hostName: "test-host",
            isProcessRunning: { _ in false }, makeIdentifier: { "assessment-under-test" })
        let code = OpModelCLI.run(arguments, environment: environment)
        return CLIResult(code: code, output: terminal.output, errors: terminal.errors, terminal: terminal)
    }

    /// A sandbox with an assessment saved after Envision, and its bytes.
    static func savedAfterEnvision() throws -> (Sandbox, Data) {
        let sandbox = Sandbox()
        let first = CLIFixtures.run(
            assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.envision + ["q"]), in: sandbox)
        try #require(first.code == .success, "\(first.errors)")
        let bytes = try #require(FileManager.default.contents(atPath: sandbox.path(file)))
        return (sandbox, bytes)
    }

    static func entries(_ sandbox: Sandbox, _ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: sandbox.path(folder)))?.sorted() ?? []
    }

    // MARK: - The seam

    @Test func aFullDiskMidDiscoverKeepsTheLastGoodSaveAndRescuesTheAnswers() throws {
        let (sandbox, _) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        let fileSystem = FaultyFileSystem([.init(path: path, fault: .diskFull, after: 2)])
        let result = Self.run(
            Self.resumeArguments(sandbox), input: WorkshopScript.discover, in: sandbox, fileSystem: fileSystem)
        #expect(result.code == .ioError, "\(result.errors)")
        #expect(result.errors.contains("Could not save \(path): \(path): input/output error: the disk is full"))
        let (rescuePath, rescueBytes) = try #require(fileSystem.rescued.first)
        #expect(result.errors.contains("Your answers are safe in \(rescuePath)"))
        // On disk: exactly the last save that succeeded, and it reads.
        let onDisk = try #require(FileManager.default.contents(atPath: path))
        #expect(Array(onDisk) == fileSystem.lastGoodWrite[path])
        let saved = try sandbox.assessment(Self.file)
        let rescued = try DocumentLoader.assessment(from: rescueBytes, file: rescuePath)
        #expect(saved.discover.answers.count >= 1, "two saves succeeded")
        #expect(rescued.discover.answers.count >= saved.discover.answers.count)
        for (id, answer) in saved.discover.answers { #expect(rescued.discover.answers[id] == answer) }
        #expect(sandbox.exists(Self.file + ".bak"))
        #expect(!sandbox.exists(Self.file + ".lock"), "the lock is released after the failure")
        #expect(Self.entries(sandbox, "assessments/platform") == ["2026-Q4.json", "2026-Q4.json.bak"])
    }

    @Test func aFileThatCannotBeReplacedIsLeftAsItWasAndExits73() throws {
        let (sandbox, before) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        let fileSystem = FaultyFileSystem([.init(path: path, fault: .permissionDenied)])
        let result = Self.run(
            Self.resumeArguments(sandbox), input: WorkshopScript.discover, in: sandbox, fileSystem: fileSystem)
        #expect(result.code == .cannotCreate, "\(result.errors)")
        #expect(result.errors.contains("\(path): cannot write the file: permission denied"))
        #expect(FileManager.default.contents(atPath: path) == before, "the previous file is untouched")
        let rescue = try #require(fileSystem.rescued.first)
        let rescued = try DocumentLoader.assessment(from: rescue.value, file: rescue.key)
        let previous = try DocumentLoader.assessment(from: Array(before), file: path)
        #expect(rescued.id == previous.id && rescued.envision == previous.envision, "the rescue holds the session")
        #expect(result.terminal.reads <= 1, "the first save fails before more than one answer is typed")
    }

    @Test func whenTheRescueFailsTooTheMessageSaysSo() throws {
        let (sandbox, before) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        let fileSystem = FaultyFileSystem([.init(path: path, fault: .diskFull)], rescueFails: true)
        let result = Self.run(
            Self.resumeArguments(sandbox), input: WorkshopScript.discover, in: sandbox, fileSystem: fileSystem)
        #expect(result.code == .ioError)
        #expect(result.errors.contains("The answers of this session could not be saved anywhere."))
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func anUnwritableStoreIsRefusedBeforeAnyQuestion() {
        let sandbox = Sandbox()
        let fileSystem = FaultyFileSystem([.init(path: sandbox.store, fault: .permissionDenied, below: true)])
        let result = Self.run(Self.assessArguments(sandbox), input: ["Dana"], in: sandbox, fileSystem: fileSystem)
        #expect(result.code == .cannotCreate, "\(result.errors)")
        #expect(result.errors.contains("cannot write the file: permission denied"))
        #expect(result.errors.contains(sandbox.store))
        #expect(result.terminal.reads == 0, "no answer is typed that could not be kept")
        #expect(!sandbox.exists("assessments"))
    }

    @Test func aReadOnlyFileSystemIsRefusedAtTheLock() throws {
        let (sandbox, before) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        let fileSystem = FaultyFileSystem([.init(path: path + ".lock", fault: .readOnlyFileSystem)])
        let result = Self.run(
            Self.resumeArguments(sandbox), input: WorkshopScript.discover, in: sandbox, fileSystem: fileSystem)
        #expect(result.code == .cannotCreate)
        #expect(result.errors.contains("\(path).lock: cannot write the file: the file system is read-only"))
        #expect(result.terminal.reads == 0)
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func aReportThatCannotBeWrittenLeavesThePreviousReport() throws {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        let output = sandbox.path("report.md")
        sandbox.write("the previous report\n", to: "report.md")
        for fault in [FaultyFileSystem.Fault.diskFull, .permissionDenied] {
            let fileSystem = FaultyFileSystem([.init(path: output, fault: fault)])
            let result = Self.run(
                ["report", sandbox.path(Self.file), "--output", output], input: [], in: sandbox, fileSystem: fileSystem)
            #expect(result.code == (fault == .diskFull ? .ioError : .cannotCreate), "\(result.errors)")
            #expect(result.errors.contains(output))
            #expect(sandbox.read("report.md") == "the previous report\n")
        }
    }

    // MARK: - The real file system

    /// An unwritable store even for root: its path runs through a regular file.
    @Test func aStoreBelowAFileIsRefusedWith73() {
        let sandbox = Sandbox()
        sandbox.write("not a folder\n", to: "file")
        let store = sandbox.path("file/store")
        let result = CLIFixtures.run(
            [
                "assess", "--questionnaire", CLIFixtures.miniQuestionnaire, "--team", "T", "--org", "O", "--period",
                "2026-Q4", "--store", store,
            ],
            input: CLIFixtures.lines(["Dana"]), in: sandbox)
        #expect(result.code == .cannotCreate, "\(result.errors)")
        #expect(result.errors.contains("cannot write the file: a part of the path is not a folder"))
        #expect(sandbox.read("file") == "not a folder\n")
    }

    /// Permissions stop writes only for a normal user: as root, the seam tests above stand in.
    @Test func readOnlyFilesAndFoldersWithRealPermissions() throws {
        guard getuid() != 0 else {
            print("Running as root, where permissions do not stop writes: the FaultyFileSystem tests cover this.")
            return
        }
        let (sandbox, before) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        chmod(path, 0o400)
        defer { chmod(path, 0o600) }
        let file = CLIFixtures.run(Self.resumeArguments(sandbox), input: CLIFixtures.lines(["3"]), in: sandbox)
        #expect(file.code == .cannotCreate, "\(file.errors)")
        #expect(file.errors.contains("permission denied"))
        #expect(FileManager.default.contents(atPath: path) == before)

        let store = Sandbox()
        try FileManager.default.createDirectory(atPath: store.store, withIntermediateDirectories: true)
        chmod(store.store, 0o500)
        defer { chmod(store.store, 0o700) }
        let folder = CLIFixtures.run(Self.assessArguments(store), input: CLIFixtures.lines(["q"]), in: store)
        #expect(folder.code == .cannotCreate, "\(folder.errors)")
        #expect(folder.errors.contains("permission denied"))
    }

    /// A full disk for real: the built binary runs under a file-size limit of 512 bytes
    /// (`ulimit -f 1`, with SIGXFSZ ignored so that write(2) fails with EFBIG instead).
    static func runLimited(_ arguments: [String], input: String, in sandbox: Sandbox) throws -> BinaryRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            ["-c", "trap '' XFSZ; ulimit -f 1 && exec \"$0\" \"$@\"", BinaryRunner.executable.path] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        var variables = ProcessInfo.processInfo.environment
        variables["NO_COLOR"] = "1"
        variables["TMPDIR"] = sandbox.path("tmp")
        process.environment = variables
        try FileManager.default.createDirectory(atPath: sandbox.path("tmp"), withIntermediateDirectories: true)
        return try BinaryRunner.run(process, input: input)
    }

    @Test func aRealFullDiskLeavesThePreviousFileAndExits74() throws {
        let (sandbox, before) = try Self.savedAfterEnvision()
        let path = sandbox.path(Self.file)
        let entries = Self.entries(sandbox, "assessments/platform")
        let backup = FileManager.default.contents(atPath: path + ".bak")
        let result = try Self.runLimited(
            Self.resumeArguments(sandbox), input: WorkshopScript.discover.joined(separator: "\n") + "\n", in: sandbox)
        #expect(result.status == 74, "\(result.errors)")
        #expect(result.errors.contains("Could not save \(path)"))
        #expect(result.errors.contains("file too large"))
        #expect(FileManager.default.contents(atPath: path) == before, "the previous file is untouched")
        #expect(try sandbox.assessment(Self.file).phase == .discover)
        // No temporary file is left behind, and the lock is released.
        #expect(Self.entries(sandbox, "assessments/platform") == entries)
        #expect(FileManager.default.contents(atPath: path + ".bak") == backup, "the backup is untouched too")
        #expect(Self.entries(sandbox, "tmp").allSatisfy { !$0.hasPrefix(".") }, "\(Self.entries(sandbox, "tmp"))")
    }

    @Test func aRealFullDiskKeepsThePreviousReport() throws {
        let sandbox = Sandbox()
        _ = CLIFixtures.run(
            Self.assessArguments(sandbox), input: CLIFixtures.lines(WorkshopScript.whole), in: sandbox)
        sandbox.write("the previous report\n", to: "report.md")
        let result = try Self.runLimited(
            ["report", Self.file, "--questionnaire", CLIFixtures.miniQuestionnaire, "--output", "report.md"],
            input: "", in: sandbox)
        #expect(result.status == 74, "\(result.errors)")
        #expect(result.errors.contains("report.md: input/output error: file too large"))
        #expect(sandbox.read("report.md") == "the previous report\n")
        #expect(Self.entries(sandbox, "").filter { $0.hasPrefix(".") }.isEmpty, "a temporary file was left")
    }

    // MARK: - Regressions found by these tests

    /// Reading with no limit (the copy made for `.bak` where hard links are not supported)
    /// computed `limit + 1` and trapped on overflow.
    @Test func readingWithoutALimitDoesNotOverflow() throws {
        let sandbox = Sandbox()
        sandbox.write("{}\n", to: "a.json")
        #expect(try LocalFileSystem().readFile(at: sandbox.path("a.json"), limit: Int.max) == Array("{}\n".utf8))
    }
}
