import CICU
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error reported by ICU, carrying ICU's own error name.
///
/// Every ICU call made by Nomina maps its `UErrorCode` to this one type. A failed
/// transliteration rule parse also carries the line and offset of the problem and the
/// text around it.
public struct ICUError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw `UErrorCode` (greater than zero for errors).
    public let code: Int32
    /// ICU's name for the code, for example `U_INVALID_FORMAT_ERROR`.
    public let name: String
    /// What Nomina was doing, for example `open transliterator "Foo-Bar"`.
    public let operation: String
    /// For rule parse errors: the 1-based line of the rules text with the problem.
    public let line: Int?
    /// For rule parse errors: the 1-based column (in UTF-16 code units) within ``line``.
    public let column: Int?
    /// For rule parse errors: the 0-based offset of the problem in the whole rules text,
    /// in UTF-16 code units, as ICU reports it.
    public let offset: Int?
    /// For rule parse errors: the rule text just before and after the problem.
    public let context: (before: String, after: String)?

    init(code: Int32, operation: String, line: Int? = nil, column: Int? = nil, offset: Int? = nil,
         context: (before: String, after: String)? = nil) {
        self.code = code
        self.name = nomina_u_error_name(code).map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? "U_UNKNOWN_ERROR"
        self.operation = operation
        self.line = line
        self.column = column
        self.offset = offset
        self.context = context
    }

    /// One sentence: the ICU error's name and code, the operation, and where in a rule
    /// text it happened.
    public var description: String {
        var text = "ICU error \(name) (\(code)) in \(operation)"
        if let line { text += " at line \(line)" }
        if let column { text += ", column \(column)" }
        if line == nil, let offset { text += " at offset \(offset)" }
        if let context, !(context.before.isEmpty && context.after.isEmpty) {
            text += " near \"\(context.before)⟪here⟫\(context.after)\""
        }
        return text
    }

    public static func == (lhs: ICUError, rhs: ICUError) -> Bool {
        lhs.code == rhs.code && lhs.operation == rhs.operation && lhs.line == rhs.line
            && lhs.column == rhs.column && lhs.offset == rhs.offset && lhs.context?.before == rhs.context?.before
            && lhs.context?.after == rhs.context?.after
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(operation)
        hasher.combine(line)
        hasher.combine(offset)
    }
}

/// ICU status codes that Nomina checks by value.
enum ICUStatus {
    static let bufferOverflow: Int32 = 15  // U_BUFFER_OVERFLOW_ERROR
    @inline(__always) static func isFailure(_ status: Int32) -> Bool { status > 0 }
}

/// The versions of the ICU library Nomina is linked against.
public enum ICUInfo {
    /// ICU's version, for example "72.1". Recorded in generated data for provenance.
    public static let version: String = readVersion(nomina_icu_version)
    /// The Unicode version of ICU's data, for example "15.0".
    public static let unicodeVersion: String = readVersion(nomina_unicode_version)

    private static func readVersion(_ read: (UnsafeMutablePointer<CChar>, Int32) -> Void) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        buffer.withUnsafeMutableBufferPointer { read($0.baseAddress!, Int32($0.count)) }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Calls an ICU function that writes UTF-16 into a caller's buffer, growing the buffer
/// once when ICU reports `U_BUFFER_OVERFLOW_ERROR`, and returns the result as a String.
@inline(__always)
func icuUTF16Result(
    operation: @autoclosure () -> String,
    initialCapacity: Int,
    _ call: (UnsafeMutablePointer<UInt16>, Int32, inout Int32) -> Int32
) throws(ICUError) -> String {
    var capacity = max(initialCapacity, 16)
    while true {
        var status: Int32 = 0
        var produced: Int32 = 0
        let result = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, count in
            produced = call(buffer.baseAddress!, Int32(capacity), &status)
            count = status > 0 ? 0 : Int(min(produced, Int32(capacity)))
        }
        if status == ICUStatus.bufferOverflow, Int(produced) > capacity {
            capacity = Int(produced) + 1
            continue
        }
        if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: operation()) }
        return String(decoding: result, as: UTF16.self)
    }
}
