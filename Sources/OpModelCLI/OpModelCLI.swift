import Foundation
import OpModelKit

#if canImport(Glibc)
    import Glibc
#endif

/// The command-line front end of opmodel.
public enum OpModelCLI {
    /// Runs the program with the process's arguments and environment, then exits.
    public static func main() -> Never {
        StandardTerminal.installSignalHandlers()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "opmodel").resolvingSymlinksInPath()
        let executableDirectory =
            Bundle.main.executableURL?.deletingLastPathComponent().path
            ?? executable.deletingLastPathComponent().path
        let currentDirectory = FileManager.default.currentDirectoryPath
        let invocation = Self.invocation(
            argumentZero: CommandLine.arguments.first ?? "opmodel", executablePath: executable.path,
            currentDirectory: currentDirectory)
        var hostBuffer = [CChar](repeating: 0, count: 256)
        gethostname(&hostBuffer, hostBuffer.count - 1)
        let variables = ProcessInfo.processInfo.environment
        let fileSystem = LocalFileSystem(
            rescueFolder: rescueFolder(variables),
            temporaryFolder: variables["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp",
            temporaryFileObserver: TemporaryFiles.shared)
        let environment = CommandEnvironment(
            terminal: StandardTerminal(), fileSystem: fileSystem, clock: SystemClock(),
            variables: variables, currentDirectory: currentDirectory,
            executableDirectory: executableDirectory, invocation: invocation, processID: getpid(),
            hostName: String(decoding: hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
            isProcessRunning: { pid in kill(pid, 0) == 0 || errno == EPERM })
        let code = run(arguments, environment: environment)
        exit(code.rawValue)
    }

    /// The private folder for rescue copies: `$XDG_STATE_HOME/opmodel/rescue`, else
    /// `~/.local/state/opmodel/rescue` (XDG Base Directory); nil without a home.
    static func rescueFolder(_ variables: [String: String]) -> String? {
        if let state = variables["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/opmodel/rescue" }
        if let home = variables["HOME"], home.hasPrefix("/") { return home + "/.local/state/opmodel/rescue" }
        return nil
    }

    /// How to start this program again from the current folder, for resume commands: `swift run
    /// opmodel` inside the package that built it, `opmodel` when found on the search path, else
    /// the executable's path.
    static func invocation(argumentZero: String, executablePath: String, currentDirectory: String) -> String {
        let packageBuild =
            currentDirectory.hasSuffix("/") ? currentDirectory + ".build/" : currentDirectory + "/.build/"
        if executablePath.hasPrefix(packageBuild) { return "swift run opmodel" }
        if !argumentZero.contains("/") { return argumentZero }
        return ShellQuoting.quote(executablePath)
    }

    /// Runs one command line and returns its exit code; never exits the process.
    public static func run(_ arguments: [String], environment: CommandEnvironment) -> ExitCode {
        CommandRunner(environment: environment).run(arguments)
    }
}
