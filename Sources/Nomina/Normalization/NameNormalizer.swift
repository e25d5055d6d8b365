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
/// **Speed.** Pure-ASCII input never touches ICU: it is one loop over UTF-8 bytes.
/// Other input is split into raw tokens; each distinct raw token goes through ICU once
/// and its result is kept in a bounded, sharded cache. Han is read through a
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
    let asciiClasses: [ScalarClass]
    let tokenCache: ShardedCache<String, TokenResult>
    let hanReadings: HanReadings
    let workspaces: ResourcePool<ICUWorkspace>

    /// A normaliser with the default profile, shared by the library.
    public static let shared = NameNormalizer()

    /// Creates a normaliser.
    ///
    /// - Parameters:
    ///   - profile: which stages run.
    ///   - cacheCapacity: the most distinct non-ASCII raw tokens whose ICU results are kept.
    public init(profile: NormalizationProfile = .default, cacheCapacity: Int = 1 << 17) {
        self.profile = profile
        self.particleSet = Set(profile.particles)
        self.asciiClasses = ScalarClass.ascii.enumerated().map { byte, cls in
            Self.adjust(cls, profile: profile, isLetterOrDigit: cls == .token)
        }
        self.tokenCache = ShardedCache(capacity: max(cacheCapacity, 64))
        let asciiFold = profile.asciiFold
        self.workspaces = ResourcePool(maximumIdle: 64) { ICUWorkspace(asciiFold: asciiFold) }
        self.hanReadings = HanReadings(capacity: max(cacheCapacity / 4, 64))
    }

    /// The class of a scalar under this profile's switches.
    static func adjust(_ cls: ScalarClass, profile: NormalizationProfile, isLetterOrDigit: Bool) -> ScalarClass {
        switch cls {
        case .removed: return profile.removeFormatCharacters ? .removed : .token
        case .hyphen, .apostrophe, .quote, .dot: return profile.foldPunctuation ? cls : .token
        case .boundary, .token: return cls
        }
    }

    @inline(__always)
    func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        if scalar.value < 0x80 { return asciiClasses[Int(scalar.value)] }
        let cls = ScalarClass.nonASCII(scalar)
        if cls == .boundary, !profile.foldPunctuation, !scalar.properties.isWhitespace { return .token }
        return Self.adjust(cls, profile: profile, isLetterOrDigit: false)
    }

    /// Normalises one name. Never fails: every input, including an empty string, lone
    /// surrogates (already replaced by U+FFFD in a Swift `String`) and very long
    /// strings, gives a defined result.
    public func normalize(_ name: String) -> NormalizedName {
        let (key, scripts) = foldedKey(name)
        return NormalizedName(original: name, key: key, scripts: scripts, phonetic: PhoneticKey.of(foldedKey: key))
    }

    /// Only the folded key of a name (skips the phonetic key).
    public func key(_ name: String) -> String { foldedKey(name).key }

    func foldedKey(_ name: String) -> (key: String, scripts: [Script]) {
        var name = name
        let ascii = name.withUTF8 { bytes -> (String, [Script])? in
            var isASCII = true
            for byte in bytes where byte >= 0x80 { isASCII = false; break }
            return isASCII ? asciiKey(bytes) : nil
        }
        var (key, scripts) = ascii ?? unicodeKey(name)
        if profile.removeParticles { key = removingParticles(from: key) }
        return (key, scripts)
    }

    // MARK: - ASCII

    /// The fast path: one loop over the bytes, no ICU, no allocation beyond the key.
    private func asciiKey(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, [Script]) {
        var builder = KeyBuilder(capacity: bytes.count)
        var hasLetter = false
        let lower = profile.caseFold
        asciiClasses.withUnsafeBufferPointer { classes in
            for byte in bytes {
                switch classes[Int(byte)] {
                case .token:
                    var b = byte
                    if b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") {
                        hasLetter = true
                        if lower { b |= 0x20 }
                    } else if b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") {
                        hasLetter = true
                    }
                    builder.appendTokenByte(b)
                case .removed:
                    continue
                case let boundary:
                    builder.boundary(boundary)
                }
            }
        }
        let key = builder.finish()
        return (String(decoding: key, as: UTF8.self), hasLetter ? Self.latinOnly : [])
    }

    static let latinOnly: [Script] = [.latin]

    // MARK: - Unicode

    private func unicodeKey(_ name: String) -> (String, [Script]) {
        var builder = KeyBuilder(capacity: name.utf8.count + 16)
        var scripts: [Script] = []
        var raw = String.UnicodeScalarView()
        var rawIsASCII = true

        func flush() {
            defer { raw = String.UnicodeScalarView(); rawIsASCII = true }
            guard !raw.isEmpty else { return }
            if rawIsASCII {
                var hasLetter = false
                for scalar in raw {
                    var byte = UInt8(truncatingIfNeeded: scalar.value)
                    if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                        hasLetter = true
                        if profile.caseFold { byte |= 0x20 }
                    } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                        hasLetter = true
                    }
                    builder.appendTokenByte(byte)
                }
                if hasLetter, !scripts.contains(.latin) { scripts.append(.latin) }
                return
            }
            let result = tokenResult(String(raw))
            for token in result.tokens { builder.appendToken(token) }
            for script in result.scripts where !scripts.contains(script) { scripts.append(script) }
        }

        for scalar in name.unicodeScalars {
            switch classify(scalar) {
            case .token:
                raw.append(scalar)
                if !scalar.isASCII { rawIsASCII = false }
            case .removed:
                continue
            case let boundary:
                flush()
                builder.boundary(boundary)
            }
        }
        flush()
        return (String(decoding: builder.finish(), as: UTF8.self), scripts)
    }

    /// The ICU result for one raw token, from the cache or computed now.
    func tokenResult(_ raw: String) -> TokenResult {
        if let cached = tokenCache.value(for: raw) { return cached }
        let result = processToken(raw, trace: nil)
        tokenCache.insert(result, for: raw)
        return result
    }

    /// Distinct raw tokens whose ICU results are cached now.
    public var cachedTokenCount: Int { tokenCache.count }
}

/// The cached outcome of the ICU stages for one raw token.
struct TokenResult: Sendable {
    let tokens: [String]
    let scripts: [Script]
}
