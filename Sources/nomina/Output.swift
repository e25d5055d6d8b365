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

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                if written < 0 && errno != EPIPE { failed = true }
                break  // closed pipe: nothing more can be written
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
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
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
