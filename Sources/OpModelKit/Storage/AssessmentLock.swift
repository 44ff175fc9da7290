/// The lock beside an assessment (`FILE.lock`) that keeps a second writer out (DESIGN §7).
///
/// The lock is a kernel lock (`flock(2)`) on the lock file, held for the whole session: two
/// processes can never both hold it, and it dies with its process, whatever kills it. The file
/// also names its holder (process id, host, start time) for the message a second writer gets.
/// A file left by a process that no longer runs is taken over with a warning. A file naming a
/// process that still runs on this host (an older opmodel without kernel locks), or a process
/// on another host (a store on a shared folder), is respected.
public struct AssessmentLock: Sendable {
    /// Who holds a lock.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        /// The process id.
        public var pid: Int32
        /// The host name.
        public var host: String
        /// When the lock was taken (ISO-8601).
        public var since: String

        /// `process 1234 on host, since 2026-11-23T10:00:00Z`.
        public var description: String { "process \(pid) on \(host), since \(since)" }

        var json: JSONValue {
            .object(["pid": .number(Double(pid)), "host": .string(host), "since": .string(since)])
        }

        init(pid: Int32, host: String, since: String) {
            self.pid = pid
            self.host = host
            self.since = since
        }

        init?(json: JSONValue) {
            // A pid that is not a positive whole number (1e300, -1, 0.5) makes the lock unreadable,
            // not a trap, and never reaches kill(2), where 0 and negative numbers mean groups.
            guard let number = json["pid"]?.numberValue, let pid = Int32(exactly: number), pid > 0,
                let host = json["host"]?.stringValue
            else { return nil }
            self.init(
                pid: pid, host: MessageText.bounded(UntrustedText.forFile(host)),
                since: MessageText.bounded(UntrustedText.forFile(json["since"]?.stringValue ?? "an unknown time")))
        }

        init?(bytes: [UInt8]) {
            guard !bytes.isEmpty, let json = try? JSONParser.parse(bytes) else { return nil }
            self.init(json: json)
        }
    }

    /// The lock file's path.
    public let path: String
    /// This process as the holder.
    public let holder: Holder
    let fileLock: any FileLock

    /// Takes the lock of the assessment at `assessmentPath`.
    ///
    /// - Parameters:
    ///   - isRunning: whether a process id runs on this host.
    /// - Returns: the lock, and a warning when a stale lock was taken over.
    /// - Throws: ``FileError/locked(path:holder:)`` when another process holds it.
    public static func acquire(
        assessmentPath: String, pid: Int32, host: String, now: String, fileSystem: any FileSystem,
        isRunning: (Int32) -> Bool
    ) throws -> (lock: AssessmentLock, warning: String?) {
        let path = assessmentPath + ".lock"
        let holder = Holder(pid: pid, host: host, since: now)
        guard let fileLock = try fileSystem.tryLock(at: path) else {
            let other = (try? fileSystem.readFile(at: path, limit: 65_536)).flatMap(Holder.init(bytes:))
            throw FileError.locked(path: assessmentPath, holder: other?.description ?? "another opmodel session")
        }
        // The kernel lock is ours; the file says who held it last.
        let previous = fileLock.contents()
        let other = Holder(bytes: previous)
        if let other, other.pid != pid || other.host != host {
            if other.host != host || isRunning(other.pid) {
                fileLock.release(removingFile: false)
                throw FileError.locked(path: assessmentPath, holder: other.description)
            }
        }
        do {
            try fileLock.replaceContents(Array(JSONWriter.prettyText(holder.json).utf8))
        } catch {
            fileLock.release(removingFile: false)
            throw error
        }
        let lock = AssessmentLock(path: path, holder: holder, fileLock: fileLock)
        guard !previous.isEmpty, other.map({ $0.pid != pid || $0.host != host }) ?? true else {
            return (lock, nil)
        }
        let stale = other.map { "\($0)" } ?? "an unreadable lock"
        return (lock, "took over a stale lock on \(assessmentPath) (\(stale) no longer runs)")
    }

    /// Removes the lock file and gives up the lock.
    public func release() {
        fileLock.release(removingFile: true)
    }
}
