import Foundation
import OpModelKit

/// The assessment being edited and where it is saved. Every change goes through ``save()``,
/// which writes atomically and keeps `FILE.bak` (DESIGN §7).
final class WorkshopSession {
    var assessment: Assessment
    let path: String
    let fileSystem: any FileSystem
    let clock: any Clock
    /// The number of saves, for tests and the summary.
    private(set) var saveCount = 0

    init(assessment: Assessment, path: String, fileSystem: any FileSystem, clock: any Clock) {
        self.assessment = assessment
        self.path = path
        self.fileSystem = fileSystem
        self.clock = clock
    }

    /// Writes the assessment. When the file cannot be written, a rescue copy goes to the
    /// temporary folder so that no answer is lost, and the error names both files.
    func save() throws {
        assessment.updatedAt = Timestamps.iso8601(clock.now())
        let text = try DocumentWriter.text(of: assessment)
        do {
            try fileSystem.writeAtomically(text, to: path, backup: true)
            saveCount += 1
        } catch {
            let rescue = Self.rescuePath(for: assessment)
            if (try? fileSystem.writeAtomically(text, to: rescue, backup: false)) != nil {
                throw WorkshopSaveError(underlying: error, rescuePath: rescue)
            }
            throw WorkshopSaveError(underlying: error, rescuePath: nil)
        }
    }

    static func rescuePath(for assessment: Assessment) -> String {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(folder)/opmodel-rescue-\(Store.slug(for: assessment.team))-\(assessment.period).json"
    }
}

/// A save that failed; the answers are in the rescue copy when there is one.
struct WorkshopSaveError: Error {
    var underlying: any Error
    var rescuePath: String?

    var message: String {
        let reason = (underlying as? FileError)?.errorDescription ?? "\(underlying)"
        if let rescuePath {
            return "\(reason). Your answers are safe in \(rescuePath); fix the problem, copy that file back and resume."
        }
        return "\(reason). The answers of this session could not be saved anywhere."
    }

    var exitCode: ExitCode {
        if case .ioFailure = underlying as? FileError { return .ioError }
        return .cannotCreate
    }
}
