#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory, unmapped when the last view into it goes.
///
/// The file must not shrink while it is mapped: reading a page past its new end raises
/// SIGBUS (a compiled index is replaced by renaming a new file over it, which leaves the
/// mapped one intact; see docs/compiled-index.md).
final class MappedFile: @unchecked Sendable {  // read-only memory
    let base: UnsafeRawPointer
    let length: Int

    init(path: String) throws(SnapshotError) {
        // Non-blocking: opening a FIFO would otherwise wait for a writer. Only a regular
        // file goes further (mmap fails on the others, or reads what was never a file).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = Self.errorText()
            // A socket cannot be opened at all ("No such device or address"): say what it is.
            var status = stat()
            if stat(path, &status) == 0, let kind = Self.nonRegularKind(status.st_mode) {
                throw SnapshotError(path: path, reason: .notARegularFile(kind))
            }
            throw SnapshotError(path: path, reason: .io(error))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw SnapshotError(path: path, reason: .io(Self.errorText())) }
        if let kind = Self.nonRegularKind(status.st_mode) {
            throw SnapshotError(path: path, reason: .notARegularFile(kind))
        }
        let length = Int(status.st_size)
        guard length >= 64 else { throw SnapshotError(path: path, reason: length == 0 ? .corrupt("empty file") : .notAnIndex) }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SnapshotError(path: path, reason: .io("cannot map the file: " + Self.errorText()))
        }
        self.base = UnsafeRawPointer(mapped)
        self.length = length
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// What a file of `mode` is, if it is not a regular file.
    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): return nil
        case mode_t(S_IFDIR): return "directory"
        case mode_t(S_IFIFO): return "FIFO"
        case mode_t(S_IFCHR): return "character device"
        case mode_t(S_IFBLK): return "block device"
        case mode_t(S_IFSOCK): return "socket"
        default: return "special file"
        }
    }
}

/// The fixed part of a snapshot file's layout that reading and writing share.
enum SnapshotLayout {
    /// The checksum covers every byte from here on (after the signature, format version,
    /// total length and the checksum itself).
    static let checksumStart = 48
}
