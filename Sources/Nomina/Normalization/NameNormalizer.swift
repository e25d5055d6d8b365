/// Turns a name into its comparison form: a folded ASCII key, its tokens, the scripts
/// seen and a phonetic key.
///
/// ```swift
/// let normalizer = NameNormalizer.shared
/// normalizer.normalize("Nagorno-Karabakh").key    // "nagorno karabakh"
/// normalizer.normalize("纳戈尔诺-卡拉巴赫").key     // "na ge er nuo ka la ba he"
/// normalizer.normalize("Aserbaidschan").phonetic  // "aserbaian"
/// ```
///
/// The pipeline (clean-up, punctuation, homoglyphs, transliteration, ASCII folding,
/// particles) is described stage by stage in `docs/normalization.md`; ``explain(_:)``
/// shows each stage's output for one name.
///
/// **Speed.** Pure-ASCII input never touches ICU: it is one loop over UTF-8 bytes into
/// a stack buffer. Other input is split into raw tokens; each distinct raw token goes
/// through ICU once and its result is kept in a bounded, sharded cache keyed by the
/// token's bytes, so a warm lookup allocates nothing. Han is read through a
/// per-character table derived from ICU's Han-Latin, falling back to ICU for the few
/// characters whose reading depends on context.
///
/// **Threads.** A normaliser is immutable apart from its caches, which are thread-safe;
/// ICU transliterators are pooled so that none is ever used by two threads at once.
/// Share one normaliser across tasks.
public final class NameNormalizer: Sendable {
    /// The stages this normaliser runs.
    public let profile: NormalizationProfile
    let particleSet: Set<String>
    /// The 128 ASCII classes under this profile. A buffer owned by the normaliser (freed
    /// in deinit), not an Array: the hot loops read it from many threads, and an Array
    /// would be retained and released on every access through a shared reference count.
    nonisolated(unsafe) let asciiClasses: UnsafeBufferPointer<ScalarClass>
    let tokenCache: TokenCache
    let hanReadings: HanReadings
    let workspaces: ResourcePool<ICUWorkspace>

    /// A normaliser with the default profile, shared by the library.
    public static let shared = NameNormalizer()

    /// Creates a normaliser.
    ///
    /// - Parameters:
    ///   - profile: which stages run.
    ///   - cacheCapacity: the most distinct non-ASCII raw tokens whose ICU results are
    ///     kept (default 131,072, a few tens of MB at most).
    public init(profile: NormalizationProfile = .default, cacheCapacity: Int = 1 << 17) {
        self.profile = profile
        self.particleSet = Set(profile.particles)
        let classes = UnsafeMutableBufferPointer<ScalarClass>.allocate(capacity: 128)
        for (index, cls) in ScalarClass.ascii.enumerated() { classes[index] = Self.adjust(cls, profile: profile) }
        self.asciiClasses = UnsafeBufferPointer(classes)
        self.tokenCache = TokenCache(capacity: max(cacheCapacity, 64))
        let asciiFold = profile.asciiFold
        self.workspaces = ResourcePool(maximumIdle: 64) { ICUWorkspace(asciiFold: asciiFold) }
        self.hanReadings = HanReadings(capacity: max(cacheCapacity / 4, 64))
    }

    deinit { UnsafeMutableBufferPointer(mutating: asciiClasses).deallocate() }

    /// The class of a scalar under this profile's switches.
    static func adjust(_ cls: ScalarClass, profile: NormalizationProfile) -> ScalarClass {
        switch cls {
        case .removed: return profile.removeFormatCharacters ? .removed : .token
        case .hyphen, .apostrophe, .quote, .dot: return profile.foldPunctuation ? cls : .token
        case .boundary, .token: return cls
        }
    }

    @inline(__always)
    func classify(_ value: UInt32) -> ScalarClass {
        if value < 0x80 { return asciiClasses[Int(value)] }
        let cls = ScalarClass.of(value)
        if cls == .boundary, !profile.foldPunctuation,
           !(Unicode.Scalar(value)?.properties.isWhitespace ?? false) {
            return .token
        }
        return Self.adjust(cls, profile: profile)
    }

    @inline(__always)
    func classify(_ scalar: Unicode.Scalar) -> ScalarClass { classify(scalar.value) }

    /// Normalises one name. Never fails: every input, including an empty string, lone
    /// surrogates (already replaced by U+FFFD in a Swift `String`) and very long
    /// strings, gives a defined result.
    public func normalize(_ name: String) -> NormalizedName {
        let (key, phonetic, scripts) = run(name, phonetic: true)
        return NormalizedName(original: name, key: key, scriptSet: scripts, phonetic: phonetic)
    }

    /// Only the folded key of a name (skips the phonetic key).
    public func key(_ name: String) -> String { run(name, phonetic: false).key }

    private func run(_ name: String, phonetic wantsPhonetic: Bool) -> (key: String, phonetic: String, scripts: ScriptSet) {
        var name = name
        // A key is at most as long as an ASCII input; other input may grow (Han → pinyin,
        // NFKC expansions), so start at 4× and retry larger when a key does not fit.
        var capacity = name.utf8.count + 1
        var result: (String, String, ScriptSet)?
        while result == nil {
            result = name.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * capacity) { buffer in
                    let keyBuffer = UnsafeMutableBufferPointer(rebasing: buffer[0..<capacity])
                    var builder = KeyBuilder(keyBuffer)
                    var isASCII = true
                    for byte in bytes where byte >= 0x80 { isASCII = false; break }
                    let scripts = isASCII ? scanASCII(bytes, into: &builder) : scan(bytes, into: &builder)
                    builder.finish()
                    if builder.output.overflowed {
                        capacity = max(builder.output.needed + 1, capacity * 2)
                        return nil
                    }
                    var key = String(decoding: builder.output.bytes, as: UTF8.self)
                    if profile.removeParticles {
                        key = removingParticles(from: key)
                        return (key, wantsPhonetic ? PhoneticKey.of(foldedKey: key) : "", scripts)
                    }
                    guard wantsPhonetic else { return (key, "", scripts) }
                    let phoneticBuffer = UnsafeMutableBufferPointer(rebasing: buffer[capacity...])
                    let length = PhoneticKey.encode(builder.output.bytes, into: phoneticBuffer)
                    let phonetic = String(decoding: UnsafeBufferPointer(rebasing: phoneticBuffer[0..<length]), as: UTF8.self)
                    return (key, phonetic, scripts)
                }
            }
        }
        return result!
    }

    /// The fast path for pure-ASCII input: one loop over the bytes, no ICU.
    @inline(__always)
    private func scanASCII(_ bytes: UnsafeBufferPointer<UInt8>, into builder: inout KeyBuilder) -> ScriptSet {
        var hasLetter = false
        let lower: UInt8 = profile.caseFold ? 0x20 : 0
        do {
            let classes = asciiClasses
            for byte in bytes {
                let cls = classes[Int(byte)]
                if cls == .token {
                    if (byte | 0x20) &- UInt8(ascii: "a") < 26 {
                        hasLetter = true
                        builder.appendTokenByte(byte <= UInt8(ascii: "Z") ? byte | lower : byte)
                    } else {
                        builder.appendTokenByte(byte)
                    }
                } else if cls != .removed {
                    builder.boundary(cls)
                }
            }
        }
        return hasLetter ? .latin : .empty
    }

    /// Splits UTF-8 into raw tokens and boundaries, feeding the builder; returns the
    /// scripts seen. ASCII tokens are folded inline; others go through ``tokenResult``.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, into builder: inout KeyBuilder) -> ScriptSet {
        var scripts = ScriptSet()
        var hasLatin = false
        let lower = profile.caseFold
        var index = 0
        var tokenStart = -1
        var tokenIsASCII = true
        var tokenHasRemoved = false

        func flush(_ end: Int) {
            guard tokenStart >= 0 else { return }
            defer { tokenStart = -1; tokenIsASCII = true; tokenHasRemoved = false }
            let raw = UnsafeBufferPointer(rebasing: bytes[tokenStart..<end])
            if tokenIsASCII {
                for var byte in raw where asciiClasses[Int(byte)] == .token {
                    if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                        hasLatin = true
                        if lower { byte |= 0x20 }
                    } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                        hasLatin = true
                    }
                    builder.appendTokenByte(byte)
                }
                return
            }
            if tokenHasRemoved {
                // Drop format characters (ZWJ, soft hyphen, ...) before the cache lookup.
                var kept: [UInt8] = []
                var i = 0
                while i < raw.count {
                    let (value, length) = UTF8Decoding.decode(raw, at: i)
                    if classify(value) == .token { kept.append(contentsOf: raw[i..<(i + length)]) }
                    i += length
                }
                kept.withUnsafeBufferPointer { appendToken($0, into: &builder, scripts: &scripts) }
            } else {
                appendToken(raw, into: &builder, scripts: &scripts)
            }
        }

        while index < bytes.count {
            let byte = bytes[index]
            let value: UInt32
            let length: Int
            if byte < 0x80 {
                value = UInt32(byte)
                length = 1
            } else {
                (value, length) = UTF8Decoding.decode(bytes, at: index)
            }
            switch classify(value) {
            case .token:
                if tokenStart < 0 { tokenStart = index }
                if byte >= 0x80 { tokenIsASCII = false }
            case .removed:
                if tokenStart >= 0 { tokenHasRemoved = true; tokenIsASCII = false }
            case let boundary:
                flush(index)
                builder.boundary(boundary)
            }
            index += length
        }
        flush(bytes.count)
        if hasLatin && !scripts.contains(.latin) {
            // Latin seen in ASCII tokens comes first only if it came first in the input;
            // keep the simple rule "ASCII Latin, then the scripts of other tokens".
            var ordered = ScriptSet.latin
            ordered.formUnion(scripts)
            scripts = ordered
        }
        return scripts
    }

    /// Appends the tokens of one non-ASCII raw token (UTF-8), from the cache or computed
    /// now, and adds its scripts.
    @inline(__always)
    func appendToken(_ raw: UnsafeBufferPointer<UInt8>, into builder: inout KeyBuilder, scripts: inout ScriptSet) {
        let hash = UTF8Decoding.hash(raw)
        let hit = tokenCache.withEntry(hash: hash, raw: raw) { output, tokenScripts in
            Self.append(output, to: &builder)
            scripts.formUnion(tokenScripts)
        }
        if hit { return }
        let result = processToken(String(decoding: raw, as: UTF8.self), trace: nil)
        let output = Array(result.tokens.joined(separator: " ").utf8)
        tokenCache.insert(hash: hash, raw: raw, output: output, scripts: result.scripts)
        output.withUnsafeBufferPointer { Self.append($0, to: &builder) }
        scripts.formUnion(result.scripts)
    }

    /// Appends tokens joined by single spaces.
    @inline(__always)
    private static func append(_ output: UnsafeBufferPointer<UInt8>, to builder: inout KeyBuilder) {
        guard !output.isEmpty else { return }
        builder.startTokenList()
        for byte in output {
            if byte == UInt8(ascii: " ") { builder.boundary(.boundary) } else { builder.appendTokenByte(byte) }
        }
    }

    /// Distinct raw tokens whose ICU results are cached now.
    public var cachedTokenCount: Int { tokenCache.count }
}

/// The outcome of the ICU stages for one raw token.
struct TokenResult: Sendable {
    let tokens: [String]
    let scripts: ScriptSet
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

