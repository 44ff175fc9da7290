import Synchronization

/// The files a command has read, so that none of its outputs replaces one (DESIGN §10.3).
public final class InputLedger: Sendable {
    private let state = Mutex<(identities: [FileIdentity: String], paths: [String: String])>(([:], [:]))

    /// An empty ledger.
    public init() {}

    /// Notes that the file at `path` (with `identity`, when the file system knows it) was read.
    public func record(path: String, resolved: String?, identity: FileIdentity?) {
        state.withLock { state in
            if let identity, state.identities[identity] == nil { state.identities[identity] = path }
            let key = resolved ?? path
            if state.paths[key] == nil { state.paths[key] = path }
        }
    }

    /// The input that is the same file as `identity` (or, without identities, the same path).
    public func input(matching identity: FileIdentity?, resolved: String?) -> String? {
        state.withLock { state in
            if let identity, let path = state.identities[identity] { return path }
            if let resolved, let path = state.paths[resolved] { return path }
            return nil
        }
    }
}

/// A file system that notes in an ``InputLedger`` every file read through it.
public struct RecordingFileSystem: FileSystem {
    /// The file system that does the work.
    public let base: any FileSystem
    /// Where reads are noted.
    public let ledger: InputLedger

    /// Records the reads of `base` in `ledger`.
    public init(base: any FileSystem, ledger: InputLedger) {
        self.base = base
        self.ledger = ledger
    }

    /// Reads the file and notes it.
    public func readFile(at path: String, limit: Int) throws -> [UInt8] {
        let bytes = try base.readFile(at: path, limit: limit)
        ledger.record(path: path, resolved: base.resolvingLinks(path), identity: base.info(at: path)?.identity)
        return bytes
    }

    /// See ``FileSystem/fileExists(at:)``.
    public func fileExists(at path: String) -> Bool { base.fileExists(at: path) }
    /// See ``FileSystem/directoryExists(at:)``.
    public func directoryExists(at path: String) -> Bool { base.directoryExists(at: path) }
    /// See ``FileSystem/contentsOfDirectory(at:)``.
    public func contentsOfDirectory(at path: String) throws -> [String] { try base.contentsOfDirectory(at: path) }
    /// See ``FileSystem/createDirectory(at:)``.
    public func createDirectory(at path: String) throws { try base.createDirectory(at: path) }
    /// See ``FileSystem/writeAtomically(_:to:backup:)``.
    public func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws {
        try base.writeAtomically(bytes, to: path, backup: backup)
    }
    /// See ``FileSystem/createExclusively(_:at:)``.
    public func createExclusively(_ bytes: [UInt8], at path: String) throws -> Bool {
        try base.createExclusively(bytes, at: path)
    }
    /// See ``FileSystem/removeFile(at:)``.
    public func removeFile(at path: String) throws { try base.removeFile(at: path) }
    /// See ``FileSystem/info(at:)``.
    public func info(at path: String) -> FileInfo? { base.info(at: path) }
    /// See ``FileSystem/resolvingLinks(_:)``.
    public func resolvingLinks(_ path: String) -> String? { base.resolvingLinks(path) }
    /// See ``FileSystem/writeInto(_:specialFileAt:)``.
    public func writeInto(_ bytes: [UInt8], specialFileAt path: String) throws {
        try base.writeInto(bytes, specialFileAt: path)
    }
    /// See ``FileSystem/tryLock(at:)``.
    public func tryLock(at path: String) throws -> (any FileLock)? { try base.tryLock(at: path) }
    /// See ``FileSystem/writeRescueCopy(_:name:)``.
    public func writeRescueCopy(_ bytes: [UInt8], name: String) throws -> String {
        try base.writeRescueCopy(bytes, name: name)
    }
}

extension Workspace {
    /// Whether an `--output` value means standard output.
    public static func isStandardOutput(_ path: String?) -> Bool { path == nil || path == "-" }

    /// Writes an output (a report, an export, a chart, an imported questionnaire) to `path`,
    /// following DESIGN §10.3:
    /// - never over a file this command read, by device and inode (through any path or link),
    ///   nor over an existing assessment or questionnaire, nor a store's lock or backup file;
    /// - into an existing special file (a device such as `/dev/null`, a FIFO) by opening it,
    ///   never by replacing it;
    /// - through a link to a regular file, replacing that file atomically;
    /// - otherwise atomically (a temporary file renamed into place), creating missing folders;
    /// - with raw control characters and bidirectional overrides left out (``UntrustedText``).
    ///
    /// - Parameter mustBeNew: refuse any existing file (`merge` never replaces an assessment).
    /// - Throws: ``FileError/cannotCreate(path:reason:)`` (exit 73) when the output is refused.
    public func writeOutput(_ text: String, to path: String, mustBeNew: Bool = false) throws {
        try writeOutputs([(text, path)], mustBeNew: mustBeNew)
    }

    /// Writes several outputs of one command (a report and its charts) as
    /// ``writeOutput(_:to:mustBeNew:)`` does, after checking every target first: when one is
    /// refused, none is written.
    public func writeOutputs(_ outputs: [(text: String, path: String)], mustBeNew: Bool = false) throws {
        var plans: [(bytes: [UInt8], path: String, kind: FileKind?)] = []
        for (text, path) in outputs {
            let info = fileSystem.info(at: path)
            switch info?.kind {
            case nil, .fifo, .characterDevice, .blockDevice, .socket:
                break
            case .directory:
                throw FileError.cannotCreate(path: path, reason: "it is a folder; give a file name")
            case .brokenLink:
                throw FileError.cannotCreate(path: path, reason: "it is a link to a missing file")
            case .regular:
                if let info { try checkReplaceable(path, info: info, mustBeNew: mustBeNew) }
            }
            if plans.contains(where: { $0.path == path }) {
                throw FileError.cannotCreate(path: path, reason: "two outputs of this command would go there")
            }
            plans.append((Array(UntrustedText.forFile(text).utf8), path, info?.kind))
        }
        for plan in plans {
            switch plan.kind {
            case nil:
                let folder = PathText.folder(of: plan.path)
                if !fileSystem.directoryExists(at: folder) { try fileSystem.createDirectory(at: folder) }
                try fileSystem.writeAtomically(plan.bytes, to: plan.path, backup: false)
            case .regular:
                try fileSystem.writeAtomically(plan.bytes, to: plan.path, backup: false)
            default:
                try fileSystem.writeInto(plan.bytes, specialFileAt: plan.path)
            }
        }
    }

    /// Refuses an existing regular file that an output must not replace.
    func checkReplaceable(_ path: String, info: FileInfo, mustBeNew: Bool) throws {
        let resolved = fileSystem.resolvingLinks(path)
        if let input = inputs.input(matching: info.identity, resolved: resolved) {
            let same = input == path ? "" : " (the same file as \(input))"
            throw FileError.cannotCreate(
                path: path,
                reason: "it is an input of this command\(same); nothing was written. Choose another --output")
        }
        if mustBeNew {
            throw FileError.cannotCreate(
                path: path, reason: "it exists; choose another --output so that nothing is overwritten")
        }
        if let kind = protectedKind(of: path) {
            throw FileError.cannotCreate(
                path: path,
                reason: "it holds \(kind); opmodel never writes an output over it. Choose another --output")
        }
    }

    /// What an existing file holds that no output may replace: an assessment or a
    /// questionnaire (by its `format`), or a store's lock or backup file; nil otherwise.
    func protectedKind(of path: String) -> String? {
        let name = PathText.name(of: path)
        if name.hasSuffix(".json.lock") { return "the lock of an assessment" }
        if name.hasSuffix(".json.bak") { return "the backup of an assessment" }
        guard let bytes = try? fileSystem.readFile(at: path, limit: FileLimits.document) else {
            return nil
        }
        if let json = try? JSONParser.parse(bytes) {
            switch json["format"]?.stringValue {
            case Assessment.format: return "an opmodel assessment"
            case Questionnaire.format: return "an opmodel questionnaire"
            default: return nil
            }
        }
        // Not JSON (a damaged file): where the store keeps assessments, keep it too.
        if name.hasSuffix(".json"), Period(String(name.dropLast(5))) != nil {
            return "what the store keeps as an assessment"
        }
        if PathText.name(of: PathText.folder(of: path)) == Self.questionnairesFolder, name.hasSuffix(".json") {
            return "what the store keeps as a questionnaire copy"
        }
        return nil
    }
}
