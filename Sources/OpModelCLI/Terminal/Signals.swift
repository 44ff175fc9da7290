import OpModelKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Set by the signal handler when Ctrl-C (SIGINT), SIGTERM, SIGHUP or Ctrl-\ (SIGQUIT) arrives.
let interruptionReceived = Atomic<Bool>(false)

/// What a stop signal does (DESIGN §7, §10.3).
///
/// A batch command (`report`, `portfolio`, …) stops at once: the signal handler removes the
/// temporary file of a write in progress (so that no partial output is left) and ends the
/// process with 130. The workshop (`assess`) only notes the signal: the prompt returns, the
/// session saves what was answered, prints the resume command, releases its lock, and exits 130.
enum SignalPolicy: Int {
    /// Note the signal; the session stops at its next prompt.
    case finishSession = 0
    /// Remove the temporary file in progress and exit 130 from the handler.
    case exitNow = 1

    static let current = Atomic<Int>(SignalPolicy.finishSession.rawValue)

    static func set(_ policy: SignalPolicy) {
        current.store(policy.rawValue, ordering: .sequentiallyConsistent)
    }

    /// The signals that stop opmodel. SIGQUIT (Ctrl-\) is among them so that no crash reporter
    /// holds the session, and its lock, while it waits for a key.
    static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Installs the handlers, unblocks the stop signals (a parent may have blocked them), and
    /// ignores SIGPIPE (a closed pipe becomes a write error, handled by the terminal).
    static func install() {
        TemporaryFiles.prepare()
        for signalNumber in stopSignals {
            var action = sigaction()
            #if canImport(Glibc)
                action.__sigaction_handler.sa_handler = { _ in SignalPolicy.handle() }
            #else
                action.__sigaction_u.__sa_handler = { _ in SignalPolicy.handle() }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0  // no SA_RESTART: a waiting read returns, so the prompt can stop
            sigaction(signalNumber, &action, nil)
        }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signalNumber in stopSignals { sigaddset(&unblocked, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// The handler: only async-signal-safe work (atomics, `unlink`, `_exit`).
    static func handle() {
        interruptionReceived.store(true, ordering: .sequentiallyConsistent)
        if current.load(ordering: .sequentiallyConsistent) == SignalPolicy.exitNow.rawValue {
            TemporaryFiles.removeAllFromSignalHandler()
            _exit(ExitCode.interrupted.rawValue)
        }
    }
}

/// The temporary files of atomic writes in progress, kept where a signal handler can reach
/// them: fixed buffers allocated before any signal can arrive, and atomic bit masks that say
/// which hold a path.
final class TemporaryFiles: TemporaryFileObserver, Sendable {
    static let slots = 8
    static let capacity = 4096
    /// `slots` buffers of `capacity` bytes, each a NUL-terminated path.
    nonisolated(unsafe) static let buffers = UnsafeMutablePointer<CChar>.allocate(capacity: slots * capacity)
    /// Slots taken by a writer.
    static let claimed = Atomic<Int>(0)
    /// Slots whose buffer holds a complete path the handler may remove.
    static let ready = Atomic<Int>(0)

    /// Which slot holds which path.
    private let slotOfPath = Mutex<[String: Int]>([:])

    /// The observer the file system is given.
    static let shared = TemporaryFiles()

    /// Touches the globals so that none is first initialised inside a signal handler.
    static func prepare() {
        _ = buffers
        _ = claimed.load(ordering: .relaxed)
        _ = ready.load(ordering: .relaxed)
        _ = shared
    }

    func willCreate(_ path: String) {
        let bytes = Array(path.utf8)
        guard bytes.count < Self.capacity else { return }
        for slot in 0..<Self.slots {
            let bit = 1 << slot
            let (old, _) = Self.claimed.bitwiseOr(bit, ordering: .sequentiallyConsistent)
            guard old & bit == 0 else { continue }
            let buffer = Self.buffers + slot * Self.capacity
            for (offset, byte) in bytes.enumerated() { buffer[offset] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
            Self.ready.bitwiseOr(bit, ordering: .sequentiallyConsistent)
            slotOfPath.withLock { $0[path] = slot }
            return
        }
    }

    func didFinish(_ path: String) {
        guard let slot = slotOfPath.withLock({ $0.removeValue(forKey: path) }) else { return }
        let bit = 1 << slot
        Self.ready.bitwiseAnd(~bit, ordering: .sequentiallyConsistent)
        Self.claimed.bitwiseAnd(~bit, ordering: .sequentiallyConsistent)
    }

    /// Removes every temporary file in progress; async-signal-safe.
    static func removeAllFromSignalHandler() {
        let mask = ready.load(ordering: .sequentiallyConsistent)
        for slot in 0..<slots where mask & (1 << slot) != 0 {
            unlink(buffers + slot * capacity)
        }
    }
}
