public import Foundation
public import OpModelKit

/// The current time, behind a seam so that tests get fixed timestamps.
public protocol Clock: Sendable {
    /// Now.
    func now() -> Date
}

/// The system clock.
public struct SystemClock: Clock {
    /// The system clock.
    public init() {}
    /// Now.
    public func now() -> Date { Date() }
}

/// Everything a command may touch outside its arguments: the terminal, the files, the clock,
/// the environment variables. The executable fills it from the process; tests build their own.
public struct CommandEnvironment {
    /// The terminal.
    public var terminal: any Terminal
    /// The file system.
    public var fileSystem: any FileSystem
    /// The clock.
    public var clock: any Clock
    /// Environment variables.
    public var variables: [String: String]
    /// The working folder.
    public var currentDirectory: String
    /// The folder of the executable, for finding installed questionnaires and templates.
    public var executableDirectory: String?
    /// How the person started the program, for the resume command (`opmodel` or `swift run opmodel`).
    public var invocation: String
    /// This process's id, for the lock file.
    public var processID: Int32
    /// This host's name, for the lock file.
    public var hostName: String
    /// Whether a process id is running on this host.
    public var isProcessRunning: @Sendable (Int32) -> Bool
    /// Makes a new assessment id.
    public var makeIdentifier: @Sendable () -> String

    /// An environment.
    public init(
        terminal: any Terminal, fileSystem: any FileSystem, clock: any Clock, variables: [String: String],
        currentDirectory: String, executableDirectory: String?, invocation: String = "opmodel", processID: Int32 = 0,
        hostName: String = "localhost", isProcessRunning: @escaping @Sendable (Int32) -> Bool = { _ in false },
        makeIdentifier: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.terminal = terminal
        self.fileSystem = fileSystem
        self.clock = clock
        self.variables = variables
        self.currentDirectory = currentDirectory
        self.executableDirectory = executableDirectory
        self.invocation = invocation
        self.processID = processID
        self.hostName = hostName
        self.isProcessRunning = isProcessRunning
        self.makeIdentifier = makeIdentifier
    }

    /// The locator for questionnaires and templates in the standard search order.
    var locator: ResourceLocator {
        ResourceLocator(
            searchFolders: ResourceLocator.standardSearchFolders(
                home: variables["OPMODEL_HOME"], executableDirectory: executableDirectory,
                currentDirectory: currentDirectory),
            fileSystem: fileSystem)
    }

    /// The store's folder: `--store`, else `$OPMODEL_STORE`, else `./assessments`.
    func storeRoot(option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let variable = variables["OPMODEL_STORE"], !variable.isEmpty { return variable }
        return "assessments"
    }

    /// The current time as ISO-8601 in UTC, to the second.
    func timestamp() -> String {
        Timestamps.iso8601(clock.now())
    }
}

/// ISO-8601 timestamps and quarters from dates, in UTC.
enum Timestamps {
    static func iso8601(_ date: Date) -> String {
        let parts = components(date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(parts.year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }

    static func period(of date: Date) -> Period {
        let parts = components(date)
        return Period.containing(year: parts.year, month: parts.month)
    }

    static func components(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        // Civil-from-days (Howard Hinnant's algorithm), independent of locale and time zone data.
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var remainder = seconds % 86_400
        if remainder < 0 {
            remainder += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, remainder / 3600, remainder % 3600 / 60, remainder % 60)
    }
}
