import CBytes
import Nomina
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Darwin)
private let systemWrite = Darwin.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#else
private let systemWrite = Glibc.write
#endif

/// Buffered writing to standard output or standard error (64 KiB chunks), so streaming
/// a large input does not pay a system call per line.
struct OutputStream {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    static var standardOutput: OutputStream { OutputStream(descriptor: 1) }
    static var standardError: OutputStream { OutputStream(descriptor: 2) }

    /// Whether a write failed (a full disk, a closed file); a closed pipe is not reported.
    private(set) var failed = false
    /// The `errno` of the first failed write.
    private(set) var failure: Int32 = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func write(bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes `bytes`: a large block goes straight to the descriptor (after what is
    /// buffered), without a copy into the buffer.
    mutating func write(block bytes: ArraySlice<UInt8>) {
        guard bytes.count >= 1 << 16 else { return write(bytes: bytes) }
        flush()
        guard !failed else { return }
        if !bytes.withUnsafeBytes({ Self.writeAll(descriptor, $0) }) { fail() }
    }

    mutating func flush() {
        if !failed && !buffer.withUnsafeBytes({ Self.writeAll(descriptor, $0) }) { fail() }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func fail() {
        failure = errno
        failed = true
    }

    /// Writes every byte; false when a write failed (a closed pipe is not a failure: what
    /// reads it is gone, and nothing more can be written).
    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return !(written < 0 && errno != EPIPE)
            }
            offset += written
        }
        return true
    }
}

/// A JSON object written field by field, in the order added (stable for scripts).
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ name: String, string value: String) {
        fields.append(JSONObject.quote(name) + ":" + JSONObject.quote(value))
    }

    mutating func add(_ name: String, strings values: [String]) {
        fields.append(JSONObject.quote(name) + ":[" + values.map(JSONObject.quote).joined(separator: ",") + "]")
    }

    mutating func add(_ name: String, raw value: String) {
        fields.append(JSONObject.quote(name) + ":" + value)
    }

    var text: String { "{" + fields.joined(separator: ",") + "}" }

    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped.
    static func quote(_ value: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// JSON written as UTF-8 bytes straight into an output buffer (annotate mode writes a
/// record's object this way, with no intermediate strings). Escapes as ``JSONObject/quote(_:)``.
enum JSONWriter {
    static func appendRaw(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// A literal's bytes, copied whole (no string made or walked).
    @inline(__always)
    static func appendLiteral(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// The decimal digits of `value`, written without making a string.
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 { out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value)); return }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: Int.min has 19 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            // Two digits a step, from a table (annotate mode writes a record number a line).
            while magnitude >= 10 {
                let pair = Int(magnitude % 100) &* 2
                magnitude /= 100
                buffer[22 - count] = Self.digitPairs[pair]
                buffer[23 - count] = Self.digitPairs[pair + 1]
                count += 2
            }
            if magnitude > 0 || count == 0 {
                buffer[23 - count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude)
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// `prefix`, the decimal digits of `value` (not negative) and `suffix`, in one append:
    /// annotate mode opens every line's object so (`{"record":12,"text":"`).
    static func appendInteger(_ value: Int, between prefix: StaticString, and suffix: StaticString, to out: inout [UInt8]) {
        guard value >= 0, prefix.utf8CodeUnitCount + suffix.utf8CodeUnitCount <= 40 else {
            appendLiteral(prefix, to: &out)
            appendInteger(value, to: &out)
            appendLiteral(suffix, to: &out)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer in
            var cursor = copy(prefix, to: buffer.baseAddress!)
            cursor = writeDecimal(value, to: cursor)
            cursor = copy(suffix, to: cursor)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: cursor - buffer.baseAddress!))
        }
    }

    /// A score as ``formatScore(_:)`` writes it (three decimals), without making a string.
    static func appendScore(_ value: Double, to out: inout [UInt8]) {
        let scaled = Int((value * 1000).rounded())
        appendInteger(scaled / 1000, to: &out)
        let fraction = abs(scaled) % 1000
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 100))
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction / 10 % 10))
        out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10))
    }

    /// "00", "01", … "99" as 200 bytes.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }

    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted($0, to: &out) }
    }

    static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(bytes, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped($0, to: &out) }
    }

    static func appendArray(_ values: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// The bytes of valid UTF-8 `bytes` as the inside of a JSON string literal: quotes,
    /// backslashes, control characters, DEL and U+2028/U+2029 escaped; runs of other bytes
    /// copied whole (`nomina_json_escape`, sixteen bytes at a time).
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            // Pieces of at most `escapedPiece` bytes, cut before a character's first byte
            // (U+2028 is never split): the room set aside is six times a piece, not six
            // times a huge line.
            var end = min(start + escapedPiece, bytes.count)
            if end < bytes.count { while end > start + 1 && bytes[end] & 0xC0 == 0x80 { end -= 1 } }
            let piece = end - start
            out.append(addingCapacity: escapedCapacity(piece)) { span in
                span.withUnsafeMutableBufferPointer { buffer, initialized in
                    initialized += nomina_json_escape(base + start, piece, buffer.baseAddress! + initialized)
                }
            }
            start = end
        }
    }

    /// The most bytes `appendEscaped` escapes with one reservation.
    static let escapedPiece = 1 << 16

    /// The room `nomina_json_escape` needs for `count` bytes (`NOMINA_JSON_ESCAPE_CAPACITY`).
    @inline(__always)
    static func escapedCapacity(_ count: Int) -> Int { 6 * count + 16 }

    /// Annotate mode's opening of a line's object, `{"record":N,"text":"` and the escaped
    /// `text` (at most `escapedPiece` bytes), then `closing`: one reservation and no
    /// intermediate copy, as most lines are no more than this.
    static func appendRecordText(_ number: Int, _ text: UnsafeBufferPointer<UInt8>, closing: StaticString,
                                 to out: inout [UInt8]) {
        precondition(number >= 0 && text.count <= escapedPiece)
        let opening: StaticString = "{\"record\":", middle: StaticString = ",\"text\":\""
        let room = opening.utf8CodeUnitCount + 20 + middle.utf8CodeUnitCount + escapedCapacity(text.count)
            + closing.utf8CodeUnitCount
        out.append(addingCapacity: room) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                var cursor = buffer.baseAddress! + initialized
                cursor = copy(opening, to: cursor)
                cursor = writeDecimal(number, to: cursor)
                cursor = copy(middle, to: cursor)
                cursor += nomina_json_escape(text.baseAddress, text.count, cursor)
                cursor = copy(closing, to: cursor)
                initialized = cursor - buffer.baseAddress!
            }
        }
    }

    @inline(__always)
    private static func copy(_ literal: StaticString, to cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let count = literal.utf8CodeUnitCount
        cursor.update(from: literal.utf8Start, count: count)
        return cursor + count
    }

    /// The decimal digits of `value` (not negative, at most 20 digits) at `cursor`.
    @inline(__always)
    private static func writeDecimal(_ value: Int, to cursor: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var digits = 1, rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        var magnitude = value, position = digits
        while position > 0 {
            position -= 1
            cursor[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        }
        return cursor + digits
    }

    /// A candidate as `resolve` and annotate mode both write it: id, name, kind, parent
    /// (a city's country; null for none), score, method, the name that matched, edits and
    /// members.
    static func appendCandidate(_ candidate: Candidate, parent: String?, to out: inout [UInt8]) {
        appendRaw("{\"id\":", to: &out)
        appendQuoted(candidate.id, to: &out)
        appendRaw(",\"name\":", to: &out)
        appendQuoted(candidate.name, to: &out)
        appendRaw(",\"kind\":", to: &out)
        appendQuoted(candidate.kind.rawValue, to: &out)
        appendRaw(",\"parent\":", to: &out)
        if let parent { appendQuoted(parent, to: &out) } else { appendRaw("null", to: &out) }
        appendRaw(",\"score\":" + formatScore(candidate.score) + ",\"method\":", to: &out)
        appendQuoted(candidate.method.rawValue, to: &out)
        appendRaw(",\"matched\":", to: &out)
        appendQuoted(candidate.matchedName, to: &out)
        appendRaw(",\"edits\":" + String(candidate.edits) + ",\"members\":", to: &out)
        appendArray(candidate.members, to: &out)
        out.append(UInt8(ascii: "}"))
    }
}

/// A file that a command writes whole and renames into place (`compile`, `generate`): the
/// path checked first, and the replaced file's mode kept.
///
/// A device, FIFO, socket or folder at the path is refused (renaming over it would replace
/// it: `compile -o /dev/null` once turned /dev/null into a file); a symbolic link is
/// followed, so the file it points to is replaced and the link stays; a file replaced
/// keeps its permissions and, where allowed, its owner.
struct ReplacedFile {
    /// The file written: the path with its links followed.
    let target: String
    /// The mode and owner of the file it replaces, if there was one.
    private let replaced: stat?

    init(_ path: String, command: String) throws {
        guard !path.isEmpty else { throw CLIError("-o is empty; give the path of the file to write") }
        guard path != "-" else {
            throw CLIError("\(command) writes a file that is renamed into place, not standard output; give its path with -o")
        }
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw CLIError("\(path) exists and is not a regular file; give the path of a file to write")
            }
            replaced = info
        } else {
            replaced = nil
        }
        target = try OutputFile.resolvingLinks(path)
    }

    /// Gives the new file the replaced file's mode and owner.
    func keepMode() {
        guard let replaced else { return }
        _ = chown(target, replaced.st_uid, replaced.st_gid)
        _ = chmod(target, replaced.st_mode & 0o7777)
    }
}

extension OutputStream {
    /// Flushes, and throws when a write failed (a full disk): output lost must not exit 0.
    mutating func finish(_ what: String = "standard output") throws {
        flush()
        if failed { throw CLIError("cannot write \(what): \(String(cString: strerror(failure)))") }
    }
}
