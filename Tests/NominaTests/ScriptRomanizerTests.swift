import Foundation
import Testing
import NominaTestSupport
@testable import Nomina

/// Nomina's romanisation of the scripts ICU has no transform for (Tibetan, Khmer, Lao,
/// Sinhala, Cherokee), through the normaliser's key as the resolver sees it.
@Suite("Romanisation of Tibetan, Khmer, Lao, Sinhala and Cherokee")
struct ScriptRomanizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let key: String
        var testDescription: String { text }
        init(_ text: String, _ key: String) {
            self.text = text
            self.key = key
        }
    }

    static let cases: [Case] = [
        // Lao: vowels written before their consonant are read after it; ຫ before a sonorant
        // and tone marks are silent; ອ carries a vowel; ຍ and ວ close a vowel.
        .init("ການາດາ", "kanada"), .init("ແຄນາດາ", "khaenada"), .init("ອາຟການິສຖານ", "afkanisthan"),
        .init("ລາວ", "lao"), .init("ກຸຍບາ", "kuyba"), .init("ເຄແມນ", "khemaen"), .init("ສະຫະລັດອາເມລິກາ", "sahaladamelika"),
        // Khmer: subscript consonants; ហ with a subscript writes f, g and z; អ carries "a".
        .init("កាណាដា", "kanada"), .init("អាហ្វហ្កានីស្ថាន", "afganisthan"), .init("អង់កូឡា", "angkula"),
        .init("សង់", "sang"),
        // Tibetan: a token per syllable (tsheg and shad are boundaries); the stack with a
        // vowel sign reads it, else the first reads "a"; ཨ is a vowel's carrier; a tsheg
        // after a word of another script reads as nothing.
        .init("ཀེ་ན་ཌ", "ke na da"), .init("ཨཕ་ག་ནི་སྟཱན།", "aph ga ni stan"), .init("ཨཕ་གྷ་ནི་སཏཱན", "aph gha ni stan"),
        .init("ཨསྟྲེ་ལི་ཡ།", "astre li ya"), .init("Nepal་", "nepal"), .init("༢༠༡༩་", "2019"),
        // Sinhala: an abugida with an inherent "a" that the al-lakuna silences.
        .init("කැනඩාව", "kaenadava"), .init("ශ්‍රී ලංකාව", "shri lamkava"),
        // Cherokee: one syllable per letter; lowercase letters read as capitals.
        .init("ᎨᎾᏓ", "genada"), .init("\u{AB78}\u{AB8E}\u{ABA3}", "genada"),
    ]

    @Test("names romanise to these keys", arguments: cases)
    func keys(_ example: Case) {
        #expect(NameNormalizer.shared.key(example.text) == example.key)
    }

    @Test("names in these scripts are found in running text", arguments: [
        ("ປະເທດ ແຄນາດາ ແລະ ລາວ", ["CAN", "LAO"]), ("កាណាដា", ["CAN"]), ("ᎨᎾᏓ", ["CAN"]), ("ශ්‍රී ලංකාව", ["LKA"]),
    ])
    func runningText(_ text: String, _ ids: [String]) {
        let found = ExtractionTests.extractor.mentions(in: text).compactMap { $0.entity?.id }
        #expect(found == ids, "\(text): \(found)")
    }

    @Test("the profile without transliteration leaves these scripts alone")
    func notTransliterated() {
        var profile = NormalizationProfile.default
        profile.transliterate = false
        let key = NameNormalizer(profile: profile).key("ການາດາ")
        #expect(key != "kanada" && !key.isEmpty)
    }

    /// Property: any run of letters and signs of these blocks gives a key of lowercase ASCII
    /// letters, digits and spaces (no code-point escape: every assigned letter has a reading
    /// or is dropped as a sign), and the key is a fixed point (its key is itself).
    @Test("property: keys of random text in these scripts are ASCII and stable")
    func randomText() {
        let blocks: [ClosedRange<UInt32>] = [0x0F40...0x0F6C, 0x0F71...0x0F84, 0x0F90...0x0FBC, 0x0F0B...0x0F0D,
                                             0x1780...0x17D3, 0x0E81...0x0EB9, 0x0EC0...0x0ECD,
                                             0x0D9A...0x0DC6, 0x0DCA...0x0DDF, 0x13A0...0x13F5, 0xAB70...0xABBF]
        var random = SplitMix64(seed: 0x524F_4D41)
        let normalizer = NameNormalizer.shared
        for _ in 0..<2_000 {
            let block = blocks.randomElement(using: &random)!
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                if let scalar = Unicode.Scalar(UInt32.random(in: block, using: &random)) { scalars.append(scalar) }
            }
            let text = String(scalars)
            let key = normalizer.key(text)
            let assigned = text.unicodeScalars.allSatisfy { $0.properties.generalCategory != .unassigned }
            #expect(key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x20 }
                    || !assigned, "\(text.unicodeScalars.map { String($0.value, radix: 16) }) → \(key)")
            #expect(normalizer.key(key) == key, "\(text) → \(key)")
        }
    }
}
