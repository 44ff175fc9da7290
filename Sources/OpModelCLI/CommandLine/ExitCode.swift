/// The process exit codes (sysexits, DESIGN §6).
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// A failure that is not one of the others.
    case failure = 1
    /// The command line was wrong (EX_USAGE).
    case usage = 64
    /// An input file's content was wrong (EX_DATAERR).
    case dataError = 65
    /// An input file does not exist (EX_NOINPUT).
    case noInput = 66
    /// An output could not be created (EX_CANTCREAT).
    case cannotCreate = 73
    /// Reading or writing failed (EX_IOERR).
    case ioError = 74
    /// Interrupted by Ctrl-C (or SIGTERM, SIGHUP, Ctrl-\).
    case interrupted = 130
    /// Standard output was a pipe its reader closed (`| head`): the status a shell gives a
    /// program ended by SIGPIPE, without a message.
    case closedPipe = 141
}
