/// The lock file beside an assessment (`FILE.lock`) that keeps a second writer out (DESIGN §7).
///
/// The lock holds the owner's process id, host and start time. A lock whose process no longer
/// runs on this host is stale and is taken over with a warning.
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
            self.init(pid: pid, host: host, since: json["since"]?.stringValue ?? "an unknown time")
        }
    }

    /// The lock file's path.
    public let path: String
    /// This process as the holder.
    public let holder: Holder
    let fileSystem: any FileSystem

    /// Takes the lock of the assessment at `assessmentPath`.
    ///
    /// - Parameters:
    ///   - isRunning: whether a process id runs on this host.
    /// - Returns: the lock, and a warning when a stale lock was taken over.
    /// - Throws: ``FileError/locked(path:holder:)`` when a live process holds it.
    public static func acquire(
        assessmentPath: String, pid: Int32, host: String, now: String, fileSystem: any FileSystem,
        isRunning: (Int32) -> Bool
    ) throws -> (lock: AssessmentLock, warning: String?) {
        let path = assessmentPath + ".lock"
        let holder = Holder(pid: pid, host: host, since: now)
        let lock = AssessmentLock(path: path, holder: holder, fileSystem: fileSystem)
        let text = Array(JSONWriter.prettyText(holder.json).utf8)
        if try fileSystem.createExclusively(text, at: path) {
            return (lock, nil)
        }
        let existing = (try? fileSystem.readFile(at: path, limit: 65_536)).flatMap { try? JSONParser.parse($0) }
        let other = existing.flatMap(Holder.init(json:))
        if let other, other.host == host, other.pid == pid {
            return (lock, nil)
        }
        if let other, other.host == host, isRunning(other.pid) {
            throw FileError.locked(path: assessmentPath, holder: other.description)
        }
        if let other, other.host != host {
            throw FileError.locked(path: assessmentPath, holder: other.description)
        }
        try fileSystem.writeAtomically(text, to: path, backup: false)
        let previous = other.map { "\($0)" } ?? "an unreadable lock"
        return (
            lock,
            "took over a stale lock on \(assessmentPath) (\(previous) no longer runs)"
        )
    }

    /// Removes the lock file if this process still holds it.
    public func release() {
        let existing = (try? fileSystem.readFile(at: path, limit: 65_536)).flatMap { try? JSONParser.parse($0) }
        if let other = existing.flatMap(Holder.init(json:)), other.pid != holder.pid || other.host != holder.host {
            return
        }
        try? fileSystem.removeFile(at: path)
    }
}
