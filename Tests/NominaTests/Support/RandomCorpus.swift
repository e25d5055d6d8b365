import NominaTestSupport

/// Random strings drawn from many scripts, with punctuation, marks, format characters,
/// controls, emoji and unassigned code points mixed in.
enum RandomCorpus {
    /// Code point ranges to draw from, with rough weights.
    static let ranges: [(ClosedRange<UInt32>, Int)] = [
        (0x20...0x7E, 30),       // ASCII
        (0xA0...0x24F, 8),       // Latin-1, Latin Extended
        (0x250...0x2FF, 3),      // IPA, modifier letters (ʻ ʿ ʾ)
        (0x300...0x36F, 3),      // combining marks
        (0x370...0x3FF, 5),      // Greek
        (0x400...0x4FF, 8),      // Cyrillic
        (0x530...0x58F, 3),      // Armenian
        (0x590...0x5FF, 3),      // Hebrew
        (0x600...0x6FF, 5),      // Arabic
        (0x900...0x97F, 3),      // Devanagari
        (0x980...0x9FF, 2),      // Bengali
        (0xB80...0xBFF, 2),      // Tamil
        (0xE00...0xE7F, 3),      // Thai
        (0x10A0...0x10FF, 3),    // Georgian
        (0x1200...0x137F, 2),    // Ethiopic
        (0x2000...0x206F, 4),    // general punctuation, ZWJ, bidi controls
        (0x2100...0x218F, 2),    // letterlike, number forms (Ⅻ)
        (0x2D30...0x2D7F, 1),    // Tifinagh
        (0x3040...0x30FF, 4),    // Hiragana, Katakana
        (0x3200...0x33FF, 2),    // enclosed CJK, compatibility (㈱ ㍿)
        (0x4E00...0x9FFF, 10),   // Han
        (0xAC00...0xD7A3, 4),    // Hangul
        (0xFB00...0xFDFF, 2),    // presentation forms (ﬁ, ﷺ)
        (0xFE00...0xFEFF, 2),    // variation selectors, BOM
        (0xFF00...0xFFEF, 3),    // fullwidth forms
        (0x1F300...0x1F6FF, 2),  // emoji
        (0xE0000...0xE007F, 1),  // tags
        (0x10FFF0...0x10FFFF, 1),  // private use, noncharacters
    ]

    static func string(length: Int, using rng: inout SplitMix64) -> String {
        let total = ranges.reduce(0) { $0 + $1.1 }
        var view = String.UnicodeScalarView()
        for _ in 0..<length {
            var pick = Int.random(in: 0..<total, using: &rng)
            var range = ranges[0].0
            for (candidate, weight) in ranges {
                if pick < weight { range = candidate; break }
                pick -= weight
            }
            let value = UInt32.random(in: range, using: &rng)
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    static func strings(count: Int, maxLength: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in string(length: Int.random(in: 0...maxLength, using: &rng), using: &rng) }
    }
}
