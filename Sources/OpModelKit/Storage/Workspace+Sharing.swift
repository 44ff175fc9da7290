/// A store kept in git (README, "Sharing a store"): one file per team and quarter, so that two
/// facilitators never edit the same file, and a `.gitignore` for what a workshop keeps beside an
/// assessment that never belongs in the history.
extension Workspace {
    /// The name of the file that tells git what to leave out.
    public static let gitignoreName = ".gitignore"

    /// What opmodel writes in `.gitignore` when a workshop starts a new store inside a git work
    /// tree.
    public static let gitignoreText = """
        # Written by opmodel when the first workshop started this store: what a workshop keeps beside
        # an assessment that never belongs in the store's history.
        # The lock of a running workshop (it names the process and host that hold it).
        *.lock
        # The previous version of a file, kept by every save.
        *.bak
        # Temporary files of a save in progress (an interrupted save leaves them behind).
        .*.tmp-*
        .*.bak-*

        """

    /// Creates the folder of the assessment at `path` when missing. When `inStore` (the store's
    /// layout chose the path) and no workshop has started in the store yet (it has no
    /// questionnaire copies), and the store is inside a git work tree, also writes the store's
    /// `.gitignore` unless it has one. The `.gitignore` is a courtesy: failing to write it
    /// never stops a workshop.
    func createFolder(ofAssessmentAt path: String, inStore: Bool) throws {
        let isNewStore =
            inStore && root != nil
            && !fileSystem.directoryExists(at: PathText.join(storeRoot, Self.questionnairesFolder))
        let folder = PathText.folder(of: path)
        if !fileSystem.directoryExists(at: folder) { try fileSystem.createDirectory(at: folder) }
        if isNewStore { _ = try? writeGitignoreIfShared() }
    }

    /// Writes ``gitignoreText`` to the store's `.gitignore` when the store is inside a git work
    /// tree and has no `.gitignore`; never replaces one. Returns the path written, if any.
    @discardableResult
    public func writeGitignoreIfShared() throws -> String? {
        guard root != nil, isInsideGitWorkTree() else { return nil }
        let path = PathText.join(storeRoot, Self.gitignoreName)
        guard fileSystem.info(at: path) == nil else { return nil }
        return try fileSystem.createExclusively(Array(Self.gitignoreText.utf8), at: path) ? path : nil
    }

    /// Whether the store's folder, or a folder above it, holds `.git` (a folder, or the file of a
    /// linked work tree or a submodule).
    public func isInsideGitWorkTree() -> Bool {
        guard root != nil, var folder = fileSystem.resolvingLinks(storeRoot) else { return false }
        while true {
            if fileSystem.info(at: PathText.join(folder, ".git")) != nil { return true }
            let parent = PathText.folder(of: folder)
            if parent == folder || folder == "." { return false }
            folder = parent
        }
    }
}
