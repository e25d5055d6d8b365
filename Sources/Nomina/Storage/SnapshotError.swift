#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a compiled index could not be written or used.
public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong with the file.
    public enum Reason: Sendable, Equatable {
        /// The file could not be opened, read, mapped or written (errno's text).
        case io(String)
        /// The path names a directory, a FIFO, a device or a socket (what it is), not a file.
        case notARegularFile(String)
        /// The file does not start with the Nomina index signature.
        case notAnIndex
        /// Written in another layout version of the format.
        case formatVersion(found: Int, expected: Int)
        /// Written by another version of Nomina, whose derived names or word lists may differ.
        case nominaVersion(found: String, expected: String)
        /// Written with another ICU, whose transliterations (hence keys) may differ.
        case icuVersion(found: String, expected: String)
        /// Written with another normalisation profile than the one asked for.
        case profile(found: String, expected: String)
        /// Shorter or longer than its header says, a checksum that does not match, or a
        /// structure that does not fit.
        case corrupt(String)
    }

    /// The path of the compiled index being read or written, as given.
    public let path: String
    /// What went wrong.
    public let reason: Reason

    /// One sentence for people: the path, what is wrong and, where it helps, to compile the
    /// index again with `nomina compile`.
    public var description: String {
        let rebuild = "; rebuild it with `nomina compile`"
        switch reason {
        case .io(let message): return "\(path): \(message)"
        case .notARegularFile(let kind):
            return "\(path): not a regular file but a \(kind); a compiled index is a file written by `nomina compile`"
        case .notAnIndex: return "\(path): not a compiled Nomina index (no signature); make one with `nomina compile`"
        case .formatVersion(let found, let expected):
            // A newer format: this Nomina is the older one.
            return "\(path): index format version \(found), but this Nomina reads version \(expected)"
                + (found > expected ? "; it was made by a newer Nomina: use that one, or rebuild the index with this one's `nomina compile`"
                                    : rebuild)
        case .nominaVersion(let found, let expected):
            return "\(path): compiled by Nomina \(found), but this is Nomina \(expected)\(rebuild)"
        case .icuVersion(let found, let expected):
            return "\(path): compiled with ICU \(found), but Nomina now runs with ICU \(expected)\(rebuild)"
        case .profile(let found, let expected):
            return "\(path): compiled with normalisation profile \(found), but \(expected) was asked for; compile the index with that profile"
        case .corrupt(let detail): return "\(path): damaged index (\(detail))\(rebuild)"
        }
    }
}

/// How much of a compiled index is checked when it is opened.
///
/// Whatever the level, every offset, length and index that a lookup follows is checked
/// against the bounds of what it points into (once at open for the arrays that a linear
/// pass checks in a few milliseconds, at each read for the large hash tables), so that a
/// damaged file gives a ``SnapshotError`` or a "not found", never a crash or a hang.
@_spi(Testing)
public enum IndexChecks: Sendable, Equatable {
    /// The structural checks, and the checksums of every array's count and size (and of
    /// the plain numbers before it) and of the contents of every array of at most
    /// ``sectionLimit`` bytes, or of every array in a file of at most ``smallFile``
    /// bytes: the default, a few milliseconds however large the file.
    case standard
    /// The checksum of the whole file first (reads all of it), then the structural checks.
    case full
    /// The structural checks only, no checksum (for tests of what they catch alone).
    case structureOnly

    /// Arrays of at most this many bytes have their contents' checksum verified at open.
    public static let sectionLimit = 1 << 20
    /// Files of at most this many bytes have the contents of every array verified.
    public static let smallFile = 32 << 20
}
