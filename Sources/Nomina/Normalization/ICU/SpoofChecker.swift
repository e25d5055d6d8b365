import CICU

/// UTS #39 confusable detection through ICU's `uspoof`.
///
/// ```swift
/// let checker = try SpoofChecker()
/// try checker.skeleton("Аrmenia") == checker.skeleton("Armenia")   // true: Cyrillic А
/// ```
///
/// ICU documents a configured `USpoofChecker` as safe for concurrent checks, but Nomina
/// does not rely on it: this class is not `Sendable`; use ``SharedSpoofChecker`` (a pool)
/// from many threads.
package final class SpoofChecker {
    let handle: UnsafeMutableRawPointer

    /// Opens a checker with ICU's default checks and restriction level.
    package init() throws(ICUError) {
        var status: Int32 = 0
        guard let handle = nomina_uspoof_open(&status), !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "open spoof checker")
        }
        self.handle = handle
    }

    private init(handle: UnsafeMutableRawPointer) { self.handle = handle }

    deinit { nomina_uspoof_close(handle) }

    /// A copy for another thread.
    package func clone() throws(ICUError) -> SpoofChecker {
        var status: Int32 = 0
        guard let copy = nomina_uspoof_clone(handle, &status), !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "clone spoof checker")
        }
        return SpoofChecker(handle: copy)
    }

    /// The UTS #39 skeleton: two strings are confusable when their skeletons are equal.
    /// The skeleton is for comparison only; it is not meant to be shown.
    package func skeleton(_ text: String) throws(ICUError) -> String {
        let source = Array(text.utf16)
        return try source.withUnsafeBufferPointer { (src) throws(ICUError) -> String in
            try icuUTF16Result(operation: "compute confusable skeleton", initialCapacity: src.count * 2 + 8) {
                buffer, capacity, status in
                nomina_uspoof_get_skeleton(handle, src.baseAddress, Int32(src.count), buffer, capacity, &status)
            }
        }
    }

    /// The `USpoofChecks` bits that `text` fails under ICU's default checks (0: none).
    /// `0x10` is `USPOOF_RESTRICTION_LEVEL` (mixed scripts beyond the allowed level),
    /// `0x20` `USPOOF_INVISIBLE`, `0x80` `USPOOF_MIXED_NUMBERS`.
    package func check(_ text: String) throws(ICUError) -> Int32 {
        let source = Array(text.utf16)
        var status: Int32 = 0
        let result = source.withUnsafeBufferPointer {
            nomina_uspoof_check(handle, $0.baseAddress, Int32($0.count), &status)
        }
        if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: "spoof check") }
        return result
    }
}

/// A ``SpoofChecker`` usable from many threads: each call gets a checker of its own.
package final class SharedSpoofChecker: Sendable {
    private let pool: ResourcePool<SpoofChecker>

    /// Opens the first checker now so that a missing ICU data file fails here.
    package init() throws(ICUError) {
        let prototype = UncheckedBox(try SpoofChecker())
        let lock = ResourceLock()
        pool = ResourcePool { try lock.withLock { try prototype.value.clone() } }
    }

    /// See ``SpoofChecker/skeleton(_:)``.
    package func skeleton(_ text: String) throws -> String { try pool.withResource { try $0.skeleton(text) } }

    /// See ``SpoofChecker/check(_:)``.
    package func check(_ text: String) throws -> Int32 { try pool.withResource { try $0.check(text) } }
}
