#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a POSIX mutex: every read and write of it happens in `withLock`.
///
/// Used instead of the standard library's `Mutex`, whose futex-based lock ThreadSanitizer
/// cannot see: under it, every access made while holding the lock was reported as a race
/// (307 reports in the parallel tests), which would hide a real one. ThreadSanitizer
/// intercepts `pthread_mutex_lock`, so with this lock the sanitizer run is clean and
/// meaningful (docs/reliability.md). Uncontended, both cost one atomic operation to lock
/// and one to unlock.
///
/// The value lives in memory of its own (not a stored property), so its accesses carry no
/// dynamic exclusivity checks: the lock is what makes them exclusive.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let value: UnsafeMutablePointer<Value>

    init(_ initial: Value) {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        value = .allocate(capacity: 1)
        value.initialize(to: initial)
    }

    deinit {
        value.deinitialize(count: 1)
        value.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
