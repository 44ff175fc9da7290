/// The file operations opmodel needs, behind a seam so that tests can simulate a full disk, a
/// read-only folder or a crash between two steps.
public protocol FileSystem: Sendable {
    /// The file's contents; refuses (without reading) a file larger than `limit` bytes.
    func readFile(at path: String, limit: Int) throws -> [UInt8]
    /// Whether a file (not a folder) exists at `path`.
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
}

/// Size limits for input files, checked before a file is read.
public enum FileLimits {
    /// The largest questionnaire, assessment, lens or template read: 16 MiB.
    public static let document = 16 * 1_048_576
    /// The largest CSV of survey responses read: 64 MiB.
    public static let csv = 64 * 1_048_576
}
