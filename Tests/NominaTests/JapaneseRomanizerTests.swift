import Foundation
import Testing
@testable import Nomina

/// Romanising Japanese names for the romaji stage: kana by rule, kanji from the listed table.
@Suite("Japanese romanisation")
struct JapaneseRomanizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Readings that must be among the results (empty: no result at all).
        let readings: [String]
        var testDescription: String { name }
        init(_ name: String, _ readings: [String]) {
            self.name = name
            self.readings = readings
        }
    }

    static let cases: [Case] = [
        // Kana: Hepburn, and small kana read as full ones.
        .init("アンティグア・バーブーダ", ["antiguabaabuuda", "anteiguabaabuuda"]),
        .init("セーシェル", ["seesheru", "seeshieru"]),
        .init("ヴァチカン", ["vachikan", "vuachikan"]),
        .init("ウィーン", ["wiin", "uiin"]),
        .init("キャンベラ", ["kyanbera", "kiyanbera"]),
        .init("チャド", ["chado", "chiyado"]),
        .init("ジョージア", ["joojia"]),
        .init("ジブチ", ["jibuchi"]),
        .init("ホッチキス", ["hotchikisu"]),
        .init("ガッバーナ", ["gabbaana"]),
        .init("ふらんす", ["furansu"]),
        // Kanji from the table; other readings one at a time, and all second readings at once.
        .init("南アフリカ", ["minamiafurika", "nanafurika"]),
        .init("コンゴ民主共和国(キンシャサ)", ["kongominshukyouwakokukinshasa"]),
        .init("米領ヴァージン諸島", ["beiryouvaajinshotou", "komeryouvaajinshotou", "beiryouvaajinshoshima",
                                   "komeryouvaajinshoshima"]),
        .init("日本", ["nihon", "nippon"]),
        .init("ノーフォーク島", ["noofookutou", "noofookushima", "noofookujima"]),
        // A kanji the table does not list, or a letter of another script: no reading.
        .init("東京", []), .init("Japan", []), .init("ドイツ連邦共和国X", []), .init("", []),
    ]

    @Test(arguments: cases)
    func readings(_ test: Case) {
        let results = JapaneseRomanizer.bundled.romanizations(of: test.name)
        if test.readings.isEmpty {
            #expect(results.isEmpty, "\(results)")
        } else {
            for reading in test.readings { #expect(results.contains(reading), "\(reading) not in \(results)") }
        }
        // Lowercase a–z only, and bounded.
        #expect(results.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } })
        #expect(results.count <= JapaneseRomanizer.maximumReadings)
    }

    /// Every curated Japanese place name of the bundled gazetteer can be read: the table
    /// lists all of their kanji. (People's names are read irregularly and have English
    /// names listed; they are left out.)
    @Test func tableCoversTheBundledJapaneseNames() throws {
        let gazetteer = try Gazetteer.bundled()
        var unread: [String] = []
        for entity in gazetteer.entities where entity.tier == .curated && entity.kind != .person {
            for alias in entity.aliases where alias.language == "ja" {
                if JapaneseRomanizer.bundled.romanizations(of: alias.name).isEmpty { unread.append(alias.name) }
            }
        }
        #expect(unread.isEmpty, "\(unread)")
    }

    /// Hostile names: long runs of kanji with several readings, marks alone, odd scalars.
    @Test func hostileNamesAreBounded() {
        // Up to the longest name read, every reading bounded; beyond it, none.
        let longest = String(repeating: "米島南北", count: JapaneseRomanizer.maximumNameScalars / 4)
        let results = JapaneseRomanizer.bundled.romanizations(of: longest)
        #expect(results.count <= JapaneseRomanizer.maximumReadings)
        #expect(!results.isEmpty)
        #expect(JapaneseRomanizer.bundled.romanizations(of: longest + "米").isEmpty)
        for text in ["ー", "ッ", "ッッッ", "ャ", "ー米", "\u{0}ア", "ア\u{301}"] {
            let readings = JapaneseRomanizer.bundled.romanizations(of: text)
            #expect(readings.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }, "\(text)")
        }
    }

    /// The skeleton folds the conventions onto one another and is idempotent.
    @Test(arguments: [("Kūēto", "kuueito"), ("Rempō", "renpou"), ("Vājin", "baajin"), ("Shotō", "shotou")])
    func skeletonFoldsConventions(_ pair: (String, String)) throws {
        let normalizer = NameNormalizer.shared
        let a = try #require(ResolverIndex.romajiSkeleton(normalizer.normalize(pair.0).key))
        let b = try #require(ResolverIndex.romajiSkeleton(pair.1))
        #expect(a == b)
        #expect(ResolverIndex.romajiSkeleton(a) == a)
    }

    @Test("words that read as Japanese syllables", arguments: [
        ("kongo", true), ("kyouwakoku", true), ("shotou", true), ("chousen", true), ("nippon", true), ("hotchikisu", true),
        ("tsu", true), ("kwa", true), ("n", true), ("kit", false), ("seen", true), ("ran", true), ("achoo", true),
        ("xyz", false), ("cat", false), ("ca", false), ("the", false), ("lbs", false), ("", true),
    ])
    func romajiWords(_ test: (String, Bool)) {
        #expect(Resolver.isRomajiWord(Array(test.0.utf8)) == test.1)
    }
}
