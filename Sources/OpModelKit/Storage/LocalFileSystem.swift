#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real file system, through POSIX calls so that every step of a save is under control.
public struct LocalFileSystem: FileSystem {
    /// The real file system.
    public init() {}

    /// Reads the whole file, refusing one larger than `limit` bytes before reading it.
    public func readFile(at path: String, limit: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.readError(path: path, code: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.readError(path: path, code: errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw FileError.unreadable(path: path, reason: "it is a folder, not a file")
        }
        let size = Int(status.st_size)
        if size > limit {
            throw DataError.tooLarge(file: path, size: size, limit: limit)
        }
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
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
        let parent = Self.parent(of: path)
        if !parent.isEmpty, parent != path, !directoryExists(at: parent) {
            try createDirectory(at: parent)
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
        }
    }

    /// Writes to a temporary file, syncs it and renames it over `path`, keeping the old file as `.bak` when `backup` is set.
    public func writeAtomically(_ bytes: [UInt8], to path: String, backup: Bool) throws {
        let folder = Self.parent(of: path)
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())"
        var mode: mode_t = 0o600
        var existing = stat()
        let exists = stat(path, &existing) == 0
        if exists {
            mode = existing.st_mode & 0o777
            if access(path, W_OK) != 0 {
                throw FileError.cannotCreate(path: path, reason: Self.describe(errno))
            }
        }
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
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
            let backupPath = path + ".bak"
            let backupTemporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).bak-\(getpid())"
            unlink(backupTemporary)
            if link(path, backupTemporary) == 0 {
                if rename(backupTemporary, backupPath) != 0 {
                    unlink(backupTemporary)
                }
            } else {
                // No hard links here: copy instead.
                do {
                    let old = try readFile(at: path, limit: Int.max)
                    try writeAtomically(old, to: backupPath, backup: false)
                } catch {
                    unlink(temporary)
                    throw error
                }
            }
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw FileError.cannotCreate(path: path, reason: Self.describe(code))
        }
        Self.syncDirectory(folder.isEmpty ? "." : folder)
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

    /// The folder part of `path`, empty for a bare file name.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    static func readError(path: String, code: Int32) -> FileError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(path: path)
        default: return .unreadable(path: path, reason: describe(code))
        }
    }

    /// A human reading of an errno value.
    static func describe(_ code: Int32) -> String {
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
