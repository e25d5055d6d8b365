#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files that a signal must not leave behind (`normalize -o`'s unfinished output,
/// `compile`'s partial index).
///
/// On SIGINT, SIGTERM, SIGHUP, SIGQUIT and on the signals of a crash (SIGABRT,
/// SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE), the handler unlinks the registered paths and
/// raises the signal again with its default action, so the exit status still tells what
/// happened. SIGKILL cannot be caught: after `kill -9` the file named `.NAME.nomina-PID.tmp`
/// (or `NAME.partial-PID` for `compile`) stays beside the target.
///
/// The handler only calls `unlink`, `signal` and `raise` (async-signal-safe) and reads
/// paths that were copied to C strings before the handlers were installed.
enum TemporaryFiles {
    /// At most this many paths at once (the CLI registers one).
    private static let capacity = 4
    /// C strings, or nil; written only by the main thread, before and after a run.
    nonisolated(unsafe) private static var paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var installed = false
    private static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE]

    /// Removes `path` if the process is stopped by a signal before ``unregister(_:)``.
    static func register(_ path: String) {
        if !installed {
            paths.initialize(repeating: nil, count: capacity)
            for signal in signals { installHandler(signal) }
            installed = true
        }
        for slot in 0..<capacity where paths[slot] == nil {
            paths[slot] = strdup(path)
            return
        }
    }

    /// The file is finished (renamed into place) or removed: a signal leaves it alone now.
    static func unregister(_ path: String) {
        guard installed else { return }
        for slot in 0..<capacity {
            if let stored = paths[slot], String(cString: stored) == path {
                paths[slot] = nil
                free(stored)
            }
        }
    }

    private static func installHandler(_ signal: Int32) {
        // A signal that was ignored when the program started (`nohup` ignores SIGHUP) stays
        // ignored.
        var previous = sigaction()
        sigaction(signal, nil, &previous)
        #if canImport(Darwin)
        let ignored = unsafeBitCast(previous.__sigaction_u.__sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        #else
        let ignored = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        #endif
        if ignored { return }
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = handle
        #else
        action.__sigaction_handler.sa_handler = handle
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(truncatingIfNeeded: Int64(SA_RESETHAND))
        sigaction(signal, &action, nil)
        // A program started from a thread that blocks signals (a thread pool's) inherits that
        // mask: unblock the signal on this thread, so that it is delivered and handled.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// The signal handler: unlink, then die of the same signal.
    private static let handle: @convention(c) (Int32) -> Void = { signal in
        for slot in 0..<TemporaryFiles.capacity {
            if let path = TemporaryFiles.paths[slot] { unlink(path) }
        }
        // A mapped index that shrank: its sentence and status 1, as without -o.
        if signal == SIGBUS { MappedIndexGuard.reportIfInstalled() }
        // SA_RESETHAND restored the default action.
        raise(signal)
    }
}
