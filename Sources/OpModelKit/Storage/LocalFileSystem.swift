import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Told about the temporary files of atomic writes, so that a process stopped by a signal can
/// remove the one it was writing (the command line's signal handler does).
public protocol TemporaryFileObserver: Sendable {
    /// A temporary file is about to be created at `path`.
    func willCreate(_ path: String)
    /// The temporary file at `path` was renamed into place or removed.
    func didFinish(_ path: String)
}

/// The real file system, through POSIX calls so that every step of a save is under control.
public struct LocalFileSystem: FileSystem {
    /// The private folder for rescue copies (such as `~/.local/state/opmodel/rescue`), tried first.
    public var rescueFolder: String?
    /// The system's temporary folder, where a private folder is made when ``rescueFolder`` cannot be used.
    public var temporaryFolder: String
    /// Told about temporary files, for cleanup after a signal.
    public var temporaryFileObserver: (any TemporaryFileObserver)?

    /// The real file system.
    public init(
        rescueFolder: String? = nil, temporaryFolder: String = "/tmp",
        temporaryFileObserver: (any TemporaryFileObserver)? = nil
    ) {
        self.rescueFolder = rescueFolder
        self.temporaryFolder = temporaryFolder
        self.temporaryFileObserver = temporaryFileObserver
    }

    /// Reads the whole regular file, refusing one larger than `limit` bytes before reading it,
    /// and anything that is not a regular file without waiting on it.
    public func readFile(at path: String, limit: Int) throws -> [UInt8] {
        // A device, FIFO or socket is refused before it is opened (opening some devices acts);
        // O_NONBLOCK: should one appear in its place, opening it must not wait for a writer.
        var status = stat()
        guard stat(path, &status) == 0 else { throw Self.readError(path: path, code: errno) }
        try Self.requireRegular(status, path: path)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard descriptor >= 0 else { throw Self.readError(path: path, code: errno) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { throw Self.readError(path: path, code: errno) }
        try Self.requireRegular(status, path: path)
        let size = Int(status.st_size)
        if size > limit {
            throw DataError.tooLarge(file: path, size: size, limit: limit)
        }
        // One byte more than the file's size: reading it all then ends on an empty read, with no
        // copy to grow the buffer (which would double the memory a large file takes).
        var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat; read on in chunks up to the limit.
                if bytes.count > limit { break }  // not `>= limit + 1`, which overflows for Int.max
                bytes.append(contentsOf: [UInt8](repeating: 0, count: max(4096, bytes.count / 2)))
            }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.ioFailure(path: path, reason: Self.describe(errno))
            }
            if count == 0 { break }
            filled += count
        }
        if filled > limit {
            throw DataError.tooLarge(file: path, size: filled, limit: limit)
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Whether a regular file (or a link to one) exists at `path`.
    public func fileExists(at path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFDIR
    }

    /// Whether a directory exists at `path`.
    public func directoryExists(at path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in the directory, sorted, without `.` and `..`.
    public func contentsOfDirectory(at path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw Self.readError(path: path, code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Creates the directory and its parents (owner-only permissions).
    public func createDirectory(at path: String) throws {
        if directoryExists(at: path) { return }
        let parent = PathText.folder(of: path)
        if parent != ".", parent != path, !directoryExists(at: parent) {
            try createDirectory(at: parent)
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
        }
    }

    /// Writes to a temporary file, syncs it and renames it over `path`, keeping the old file as
    /// `.bak` when `backup` is set. A link is followed: the file it leads to is replaced.
    public func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws {
        let target = try Self.linkTarget(of: path)
        let folder = PathText.folder(of: target)
        let name = PathText.name(of: target)
        let temporary = PathText.join(folder, ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        var mode: mode_t = 0o600
        var existing = stat()
        let exists = stat(target, &existing) == 0
        if exists {
            mode = existing.st_mode & 0o777
            if access(target, W_OK) != 0 {
                throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
            }
        }
        temporaryFileObserver?.willCreate(temporary)
        defer { temporaryFileObserver?.didFinish(temporary) }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else {
            throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
        }
        do {
            try Self.writeAll(bytes, to: descriptor, path: path)
            if fsync(descriptor) != 0 {
                throw FileError.ioFailure(path: path, reason: Self.describe(errno))
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        if backup && exists {
            try keepBackup(of: target, folder: folder, name: name, temporary: temporary)
        }
        if rename(temporary, target) != 0 {
            let code = errno
            unlink(temporary)
            throw FileError.cannotCreate(path: path, reason: Self.describe(code))
        }
        Self.syncDirectory(folder)
    }

    /// Keeps the file at `target` as `target.bak` (a hard link, else a copy), removing the
    /// unfinished `temporary` when that fails.
    private func keepBackup(of target: String, folder: String, name: String, temporary: String) throws {
        let backupPath = target + ".bak"
        let backupTemporary = PathText.join(folder, ".\(name).bak-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        temporaryFileObserver?.willCreate(backupTemporary)
        defer { temporaryFileObserver?.didFinish(backupTemporary) }
        if link(target, backupTemporary) == 0 {
            if rename(backupTemporary, backupPath) != 0 {
                unlink(backupTemporary)
            }
            return
        }
        // No hard links here: copy instead.
        do {
            let old = try readFile(at: target, limit: Int.max)
            try writeAtomically(old, to: backupPath, backup: false)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// The path a write to `path` replaces: `path` itself, or the file a link leads to.
    static func linkTarget(of path: String) throws -> String {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return path }
        guard let resolved = realpath(path, nil) else {
            throw FileError.cannotCreate(path: path, reason: "it is a link to a missing file")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Creates the file only if it does not exist; `false` when it does.
    public func createExclusively(_ bytes: [UInt8], at path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
        }
        defer { close(descriptor) }
        try Self.writeAll(bytes, to: descriptor, path: path)
        return true
    }

    /// Removes the file; a missing file is not an error.
    public func removeFile(at path: String) throws {
        if unlink(path) != 0, errno != ENOENT {
            throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
        }
    }

    /// What is at `path`, after links.
    public func info(at path: String) -> FileInfo? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        let isLink = (status.st_mode & S_IFMT) == S_IFLNK
        if isLink && stat(path, &status) != 0 {
            return FileInfo(kind: .brokenLink, isSymbolicLink: true, identity: nil)
        }
        return FileInfo(
            kind: Self.kind(of: status), isSymbolicLink: isLink,
            identity: FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)))
    }

    /// The canonical absolute path (`realpath(3)`).
    public func resolvingLinks(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens the existing special file (a device, a FIFO) and writes into it. Opening a FIFO
    /// waits for a reader, as a shell redirection does; a signal ends the wait.
    public func writeInto(_ bytes: [UInt8], specialFileAt path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            throw FileError.cannotCreate(path: path, reason: errno == EINTR ? "interrupted" : Self.describe(errno))
        }
        defer { close(descriptor) }
        try Self.writeAll(bytes, to: descriptor, path: path)
    }

    /// An exclusive `flock(2)` on the file at `path`, which dies with the process.
    public func tryLock(at path: String) throws -> (any FileLock)? {
        for _ in 0..<16 {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o600)
            guard descriptor >= 0 else {
                throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                close(descriptor)
                if code == EWOULDBLOCK || code == EAGAIN { return nil }
                throw FileError.cannotCreate(path: path, reason: Self.describe(code))
            }
            // The file locked must still be the one at `path`: a holder that released its lock
            // removes the file, and another process may have made a new one since we opened it.
            var opened = stat()
            var current = stat()
            if fstat(descriptor, &opened) == 0, lstat(path, &current) == 0, opened.st_dev == current.st_dev,
                opened.st_ino == current.st_ino
            {
                return KernelFileLock(descriptor: descriptor, path: path)
            }
            close(descriptor)
        }
        throw FileError.cannotCreate(path: path, reason: "the lock file keeps being replaced")
    }

    /// Writes a rescue copy into ``rescueFolder`` when it is private (a folder of ours that no
    /// one else may read), else into a new private folder in ``temporaryFolder``.
    public func writeRescueCopy(_ bytes: [UInt8], name: String) throws -> String {
        var folders: [String] = []
        if let rescueFolder, (try? createDirectory(at: rescueFolder)) != nil, Self.isPrivateFolder(rescueFolder) {
            folders.append(rescueFolder)
        }
        var template = Array(PathText.join(temporaryFolder, "opmodel-rescue-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
        var lastError: any Error = FileError.cannotCreate(
            path: PathText.join(temporaryFolder, "opmodel-rescue-…"), reason: Self.describe(errno))
        if let made { folders.append(made) }
        let safeName = Workspace.safeFileComponent(name)
        for folder in folders {
            for attempt in 0..<8 {
                let file = PathText.join(
                    folder,
                    attempt == 0
                        ? safeName
                        : PathText.droppingExtension(safeName, ".json") + "-\(UInt32.random(in: 0...UInt32.max)).json")
                let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
                if descriptor < 0 {
                    lastError = FileError.cannotCreate(path: file, reason: Self.describe(errno))
                    if errno == EEXIST { continue }
                    break
                }
                do {
                    try Self.writeAll(bytes, to: descriptor, path: file)
                    guard fsync(descriptor) == 0 else {
                        throw FileError.ioFailure(path: file, reason: Self.describe(errno))
                    }
                    close(descriptor)
                    return file
                } catch {
                    close(descriptor)
                    unlink(file)
                    lastError = error
                    break
                }
            }
        }
        if let made { rmdir(made) }
        throw lastError
    }

    /// Refuses anything but a regular file.
    static func requireRegular(_ status: stat, path: String) throws {
        let kind = kind(of: status)
        guard kind == .regular else {
            throw FileError.unreadable(path: path, reason: "it is \(kind.description), not a regular file")
        }
    }

    /// Whether `folder` is a real folder (not a link) owned by this user, closed to others.
    static func isPrivateFolder(_ folder: String) -> Bool {
        var status = stat()
        guard lstat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return false }
        return status.st_uid == getuid() && status.st_mode & 0o077 == 0
    }

    /// The kind of file a `stat` describes.
    static func kind(of status: stat) -> FileKind {
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return .brokenLink
        }
    }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.ioFailure(path: path, reason: describe(errno))
            }
            written += count
        }
    }

    static func syncDirectory(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func readError(path: String, code: Int32) -> FileError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(path: path)
        default: return .unreadable(path: path, reason: describe(code))
        }
    }

    /// A human reading of an errno value.
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOENT: return "the folder does not exist"
        case EISDIR: return "it is a folder"
        case ENOTDIR: return "a part of the path is not a folder"
        default:
            if let message = strerror(code) { return String(cString: message).lowercased() }
            return "error \(code)"
        }
    }
}

/// A `flock(2)` held on an open lock file.
final class KernelFileLock: FileLock, @unchecked Sendable {
    private let descriptor: Int32
    private let path: String
    private let state = Mutex(false)

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    func contents() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 65_536)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count > 0 ? Array(bytes[..<count]) : []
    }

    func replaceContents(_ bytes: [UInt8]) throws {
        guard ftruncate(descriptor, 0) == 0 else {
            throw FileError.cannotCreate(path: path, reason: LocalFileSystem.describe(errno))
        }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pwrite(descriptor, base + written, buffer.count - written, off_t(written))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError.ioFailure(path: path, reason: LocalFileSystem.describe(errno))
            }
            written += count
        }
    }

    func release(removingFile: Bool) {
        let alreadyReleased = state.withLock { released in
            defer { released = true }
            return released
        }
        guard !alreadyReleased else { return }
        // Removed while still locked, so that no one takes a lock on a file about to vanish.
        if removingFile { unlink(path) }
        close(descriptor)
    }

    deinit { release(removingFile: false) }
}
