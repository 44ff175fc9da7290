/// The file operations opmodel needs, behind a seam so that tests can simulate a full disk, a
/// read-only folder or a crash between two steps.
///
/// These are primitives; the rules for which file may be written where (DESIGN §5.3, §7, §10.3)
/// are ``Workspace``'s.
public protocol FileSystem: Sendable {
    /// The contents of a regular file; refuses (without reading) a file larger than `limit`
    /// bytes, and refuses without blocking anything that is not a regular file (a FIFO, a device,
    /// a socket, a folder, or a link to one).
    func readFile(at path: String, limit: Int) throws -> [UInt8]
    /// Whether something other than a folder exists at `path` (following links).
    func fileExists(at path: String) -> Bool
    /// Whether a folder exists at `path`.
    func directoryExists(at path: String) -> Bool
    /// The names of the entries of a folder, sorted.
    func contentsOfDirectory(at path: String) throws -> [String]
    /// Creates a folder and its missing parents; new folders are readable by the owner only.
    func createDirectory(at path: String) throws
    /// Replaces the file at `path` with `bytes` so that a crash leaves either the old or the new
    /// content: write a temporary file in the same folder, flush it, keep the old file as
    /// `path.bak` when `backup` is set, and rename. New files are readable by the owner only.
    func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws
    /// Creates a file only if nothing exists at `path`; false if something does.
    func createExclusively(_ bytes: [UInt8], at path: String) throws -> Bool
    /// Removes a file; no error if it is already gone.
    func removeFile(at path: String) throws
    /// What is at `path`, or nil when nothing is (not even a broken link).
    func info(at path: String) -> FileInfo?
    /// The absolute path with every link and `.`/`..` resolved, or nil when it does not exist.
    func resolvingLinks(_ path: String) -> String?
    /// Writes `bytes` into an existing file that is not a regular file (a device such as
    /// `/dev/null`, a FIFO) by opening it, never by replacing it.
    func writeInto(_ bytes: [UInt8], specialFileAt path: String) throws
    /// Takes an exclusive lock on the file at `path` (created if missing) that the kernel
    /// releases when the process ends; nil when another holder has it.
    func tryLock(at path: String) throws -> (any FileLock)?
    /// Writes `bytes` to a new file, created exclusively with owner-only permissions in a
    /// private folder, and returns its path (the rescue copy of a save that failed).
    func writeRescueCopy(_ bytes: [UInt8], name: String) throws -> String
}

/// An exclusive lock on a file, held until ``release(removingFile:)`` or the end of the process.
public protocol FileLock: AnyObject, Sendable {
    /// The locked file's content.
    func contents() -> [UInt8]
    /// Replaces the locked file's content.
    func replaceContents(_ bytes: [UInt8]) throws
    /// Gives up the lock, removing the file first when `removingFile` is set.
    func release(removingFile: Bool)
}

/// What a path leads to, after links.
public enum FileKind: Sendable, Equatable {
    /// A regular file.
    case regular
    /// A folder.
    case directory
    /// A named pipe.
    case fifo
    /// A character device such as `/dev/null` or a terminal.
    case characterDevice
    /// A block device.
    case blockDevice
    /// A Unix socket.
    case socket
    /// A link whose target does not exist.
    case brokenLink

    /// `a FIFO`, `a device`, … for messages.
    public var description: String {
        switch self {
        case .regular: return "a regular file"
        case .directory: return "a folder"
        case .fifo: return "a FIFO (named pipe)"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .brokenLink: return "a link to a missing file"
        }
    }
}

/// Which file a path names: two paths name the same file when device and inode agree.
public struct FileIdentity: Hashable, Sendable {
    /// The device.
    public var device: UInt64
    /// The inode.
    public var inode: UInt64

    /// An identity.
    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

/// What ``FileSystem/info(at:)`` found.
public struct FileInfo: Sendable, Equatable {
    /// What the path leads to, after links.
    public var kind: FileKind
    /// Whether the path itself is a symbolic link.
    public var isSymbolicLink: Bool
    /// The file's identity, after links (nil for a broken link or a simulated file).
    public var identity: FileIdentity?

    /// A description.
    public init(kind: FileKind, isSymbolicLink: Bool, identity: FileIdentity?) {
        self.kind = kind
        self.isSymbolicLink = isSymbolicLink
        self.identity = identity
    }
}

extension FileSystem {
    /// The file's contents as UTF-8 text (invalid bytes replaced), refusing files over `limit`.
    public func readText(at path: String, limit: Int) throws -> String {
        String(decoding: try readFile(at: path, limit: limit), as: UTF8.self)
    }

    /// Replaces the file at `path` with `text`; see ``writeAtomically(_:to:backup:)``.
    public func writeAtomically(_ text: String, to path: String, backup: Bool) throws {
        try writeAtomically(Array(text.utf8), to: path, backup: backup)
    }

    /// A simulated file system's view: regular files and folders, without identities.
    public func info(at path: String) -> FileInfo? {
        if directoryExists(at: path) { return FileInfo(kind: .directory, isSymbolicLink: false, identity: nil) }
        if fileExists(at: path) { return FileInfo(kind: .regular, isSymbolicLink: false, identity: nil) }
        return nil
    }

    /// A simulated file system has no links: the path as it is.
    public func resolvingLinks(_ path: String) -> String? {
        fileExists(at: path) || directoryExists(at: path) ? path : nil
    }

    /// A simulated file system has no special files: a plain write.
    public func writeInto(_ bytes: [UInt8], specialFileAt path: String) throws {
        try writeAtomically(bytes, to: path, backup: false)
    }

    /// A simulated lock, which nothing enforces: the file is created when missing, and a file
    /// left by an earlier holder counts as a lock its holder no longer holds.
    public func tryLock(at path: String) throws -> (any FileLock)? {
        if try createExclusively([], at: path) {
            return SimulatedFileLock(path: path, fileSystem: self, initial: [])
        }
        return SimulatedFileLock(path: path, fileSystem: self, initial: (try? readFile(at: path, limit: 65_536)) ?? [])
    }

    /// A simulated rescue copy in `/rescue`.
    public func writeRescueCopy(_ bytes: [UInt8], name: String) throws -> String {
        let path = "/rescue/" + name
        try writeAtomically(bytes, to: path, backup: false)
        return path
    }
}

/// The lock of a simulated file system: the file's content, and nothing the kernel enforces.
final class SimulatedFileLock: FileLock, @unchecked Sendable {
    let path: String
    let fileSystem: any FileSystem
    private var current: [UInt8]

    init(path: String, fileSystem: any FileSystem, initial: [UInt8]) {
        self.path = path
        self.fileSystem = fileSystem
        self.current = initial
    }

    func contents() -> [UInt8] { current }

    func replaceContents(_ bytes: [UInt8]) throws {
        try fileSystem.writeAtomically(bytes, to: path, backup: false)
        current = bytes
    }

    func release(removingFile: Bool) {
        if removingFile { try? fileSystem.removeFile(at: path) }
    }
}

/// Size limits for input files, checked before a file is read.
public enum FileLimits {
    /// The largest questionnaire, assessment, lens or template read: 16 MiB.
    public static let document = 16 * 1_048_576
    /// The largest CSV of survey responses read: 64 MiB.
    public static let csv = 64 * 1_048_576
}

/// Path arithmetic on strings, in one place: the folder and the name of a path, and joining.
public enum PathText {
    /// The folder part of `path`: `"a/b"` for `"a/b/c"`, `"/"` for `"/c"`, `"."` for `"c"`.
    public static func folder(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last component of `path`: `"c"` for `"a/b/c"`.
    public static func name(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// `folder/name`, without doubling a slash and without a leading `./`.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty || folder == "." { return name }
        if folder.hasSuffix("/") { return folder + name }
        return folder + "/" + name
    }

    /// The components of `path` between slashes (empty ones dropped).
    public static func components(of path: String) -> [String] {
        path.split(separator: "/").map(String.init)
    }

    /// `path` without trailing slashes (but `/` stays `/`).
    public static func trimmingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1 && result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }

    /// `path` without its extension: `"a/b"` for `"a/b.json"`.
    public static func droppingExtension(_ path: String, _ suffix: String) -> String {
        path.hasSuffix(suffix) ? String(path.dropLast(suffix.count)) : path
    }
}
