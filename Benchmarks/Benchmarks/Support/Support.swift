// What the benchmark targets share: a seeded generator, real names from ICU's CLDR
// data, and a normaliser with open ICU transforms but empty caches.
@_spi(Internals) import Nomina

/// SplitMix64: reproducible pseudo-random numbers for generated inputs.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

public enum Corpus {
    /// The country names CLDR gives in `locale`, for all region codes ICU knows.
    public static func names(_ locale: String) -> [String] {
        LocaleData.regionCodes.compactMap { LocaleData.countryName($0, in: locale) }
    }

    public static let mixedLocales = ["en", "ru", "zh", "ar", "el", "ja", "ko", "hi", "hy", "ka", "he", "th", "de", "fr", "az", "uk"]
    public static let mixed = mixedLocales.flatMap(names)

    /// `count` names drawn in order from `names`, repeating. Each is a fresh copy, as
    /// the lines of a real corpus are: repeating one String object would make threads
    /// retain and release the same storage, which measures ARC traffic on the input
    /// (2 threads ran at 1.2× of one) rather than the normaliser (1.9×).
    public static func batch(_ names: [String], count: Int) -> [String] {
        (0..<count).map { String(decoding: Array(names[$0 % names.count].utf8), as: UTF8.self) }
    }
}

/// A normaliser whose ICU transforms are open but whose caches are empty.
public func coldNormalizer() -> NameNormalizer {
    let normalizer = NameNormalizer()
    for probe in ["Пример", "例子", "Ελλάδα", "Հայաստան", "საქართველო", "مثال", "דוגמה", "उदाहरण", "ตัวอย่าง", "예", "レイ", "れい", "Ərdoğan"] {
        _ = normalizer.normalize(probe)
    }
    return normalizer
}
