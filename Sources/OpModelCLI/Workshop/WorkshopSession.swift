import Foundation
import OpModelKit

/// The assessment being edited and where it is saved. Every change goes through ``save()``,
/// which the ``Workspace`` writes atomically, keeping `FILE.bak` (DESIGN §7); when a save fails,
/// the answers go to a private rescue copy and the error names both files.
final class WorkshopSession {
    var assessment: Assessment
    let path: String
    let workspace: Workspace
    let clock: any Clock
    /// The number of saves, for tests and the summary.
    private(set) var saveCount = 0

    init(assessment: Assessment, path: String, workspace: Workspace, clock: any Clock) {
        self.assessment = assessment
        self.path = path
        self.workspace = workspace
        self.clock = clock
    }

    /// Writes the assessment.
    func save() throws {
        assessment.updatedAt = Timestamps.iso8601(clock.now())
        try workspace.save(assessment, to: path)
        saveCount += 1
    }
}
