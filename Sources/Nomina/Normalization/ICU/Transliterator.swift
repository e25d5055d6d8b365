import CICU

/// An ICU transliterator (`UTransliterator`), opened from an ID or from custom rules.
///
/// ```swift
/// let t = try Transliterator(id: "Any-Latin; Latin-ASCII")
/// try t.transliterate("Азербайджан")   // "Azerbajdzan"
/// ```
///
/// A transliterator is **not** thread-safe: ICU forbids using one `UTransliterator`
/// from two threads at once, so this class is deliberately not `Sendable`. To use one
/// transform from many threads, use ``TransliteratorPool``, which hands each caller a
/// clone of its own.
///
/// Opening costs about 300 µs (ICU parses and caches the rules); ``clone()`` is cheaper.
@_spi(Internals) public final class Transliterator {
    let handle: UnsafeMutableRawPointer
    /// The ID the transliterator was opened with (for custom rules, the name given to them).
    public let id: String

    /// Opens a transliterator from an ICU ID or compound ID, e.g. `"Any-Latin; Latin-ASCII"`.
    ///
    /// - Parameters:
    ///   - id: a transliterator ID, or several separated by `;`, optionally with a
    ///     leading `[set]` filter.
    ///   - reverse: open the inverse transform.
    /// - Throws: ``ICUError`` (`U_INVALID_ID` for an unknown ID).
    public init(id: String, reverse: Bool = false) throws(ICUError) {
        self.handle = try Self.open(id: id, rules: nil, reverse: reverse)
        self.id = id
    }

    /// Opens a transliterator from custom ICU transform rules.
    ///
    /// - Parameters:
    ///   - rules: rules in ICU's transform rule syntax, e.g. `"ə > a; ı > i;"`.
    ///   - name: the ID to give the rules.
    /// - Throws: ``ICUError`` with ``ICUError/line`` and ``ICUError/offset`` set when
    ///   the rules do not parse.
    public init(rules: String, name: String = "Nomina-Custom", reverse: Bool = false) throws(ICUError) {
        self.handle = try Self.open(id: name, rules: rules, reverse: reverse)
        self.id = name
    }

    private init(handle: UnsafeMutableRawPointer, id: String) {
        self.handle = handle
        self.id = id
    }

    deinit { nomina_utrans_close(handle) }

    private static func open(id: String, rules: String?, reverse: Bool) throws(ICUError) -> UnsafeMutableRawPointer {
        let id16 = Array(id.utf16)
        var status: Int32 = 0
        var line: Int32 = -1
        var offset: Int32 = -1
        var before = [UInt16](repeating: 0, count: 16)
        var after = [UInt16](repeating: 0, count: 16)
        let handle: UnsafeMutableRawPointer? = id16.withUnsafeBufferPointer { idBuffer in
            before.withUnsafeMutableBufferPointer { beforeBuffer in
                after.withUnsafeMutableBufferPointer { afterBuffer in
                    if let rules {
                        let rules16 = Array(rules.utf16)
                        return rules16.withUnsafeBufferPointer { rulesBuffer in
                            nomina_utrans_open(idBuffer.baseAddress, Int32(idBuffer.count), reverse ? 1 : 0,
                                               rulesBuffer.baseAddress, Int32(rulesBuffer.count),
                                               &line, &offset, beforeBuffer.baseAddress, afterBuffer.baseAddress,
                                               &status)
                        }
                    }
                    return nomina_utrans_open(idBuffer.baseAddress, Int32(idBuffer.count), reverse ? 1 : 0,
                                              nil, 0, &line, &offset, beforeBuffer.baseAddress,
                                              afterBuffer.baseAddress, &status)
                }
            }
        }
        guard let handle, !ICUStatus.isFailure(status) else {
            if let handle { nomina_utrans_close(handle) }
            func text(_ units: [UInt16]) -> String {
                String(decoding: units.prefix { $0 != 0 }, as: UTF16.self)
            }
            let isRules = rules != nil
            // ICU reports the offset into the whole rules text (line 0); turn it into a
            // 1-based line and column so the message points into the rules as written.
            var lineNumber: Int?
            var column: Int?
            if let rules, offset >= 0 {
                let prefix = Array(rules.utf16).prefix(Int(offset))
                let newlines = prefix.lazy.filter { $0 == 0x0A }.count
                let lineStart = (prefix.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
                lineNumber = newlines + 1
                column = Int(offset) - lineStart + 1
            }
            throw ICUError(
                code: status,
                operation: isRules ? "parse transliteration rules \"\(id)\"" : "open transliterator \"\(id)\"",
                line: lineNumber,
                column: column,
                offset: offset >= 0 && isRules ? Int(offset) : nil,
                context: isRules ? (text(before), text(after)) : nil)
        }
        return handle
    }

    /// A new transliterator with the same rules, for use on another thread.
    public func clone() throws(ICUError) -> Transliterator {
        var status: Int32 = 0
        guard let copy = nomina_utrans_clone(handle, &status), !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "clone transliterator \"\(id)\"")
        }
        return Transliterator(handle: copy, id: id)
    }

    /// Transliterates a string.
    public func transliterate(_ text: String) throws(ICUError) -> String {
        var units = Array(text.utf16)
        try transliterate(&units)
        return String(decoding: units, as: UTF16.self)
    }

    /// Transliterates UTF-16 code units in place.
    public func transliterate(_ units: inout [UInt16]) throws(ICUError) {
        // Transliteration rarely lengthens text by more than 4× (Han → pinyin is the
        // worst common case); grow and retry when ICU asks for more.
        var capacity = max(16, units.count * 4)
        while true {
            var status: Int32 = 0
            var newLength = Int32(units.count)
            let result = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, count in
                units.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress { buffer.baseAddress!.initialize(from: base, count: source.count) }
                }
                nomina_utrans_trans_uchars(handle, buffer.baseAddress, &newLength, Int32(capacity), &status)
                count = ICUStatus.isFailure(status) ? 0 : Int(newLength)
            }
            if status == ICUStatus.bufferOverflow {
                capacity = max(capacity * 2, Int(newLength) + 16)
                continue
            }
            if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: "transliterate with \"\(id)\"") }
            units = result
            return
        }
    }

    /// The transform's rules in ICU's rule syntax (for compound IDs, a `::ID;` list).
    public func rules(escapingUnprintable: Bool = false) throws(ICUError) -> String {
        try icuUTF16Result(operation: "read rules of \"\(id)\"", initialCapacity: 1024) { buffer, capacity, status in
            nomina_utrans_to_rules(handle, escapingUnprintable ? 1 : 0, buffer, capacity, &status)
        }
    }

    /// Every transliterator ID that the linked ICU knows, e.g. `"Russian-Latin/BGN"`.
    public static func availableIDs() throws(ICUError) -> [String] {
        var status: Int32 = 0
        guard let enumeration = nomina_utrans_open_ids(&status), !ICUStatus.isFailure(status) else {
            throw ICUError(code: status, operation: "list transliterator IDs")
        }
        defer { nomina_uenum_close(enumeration) }
        var ids: [String] = []
        while true {
            var status: Int32 = 0
            guard let next = nomina_uenum_next(enumeration, &status) else {
                if ICUStatus.isFailure(status) { throw ICUError(code: status, operation: "list transliterator IDs") }
                return ids
            }
            ids.append(String(cString: next))
        }
    }
}
