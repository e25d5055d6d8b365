import Foundation
import Testing
@testable import Nomina

@Suite("Mention extraction")
struct ExtractionTests {
    static let extractor = MentionExtractor(resolver: ResolverTests.resolver)

    struct Found: Sendable, CustomTestStringConvertible {
        let text: String
        /// (surface, id or "?" for ambiguous, members)
        let mentions: [(surface: String, id: String, members: [String])]
        var testDescription: String { text }
    }

    static let cases: [Found] = [
        .init(text: "Fighting resumed in Naka on Tuesday.", mentions: [("Naka", "nagorno-karabakh", [])]),
        .init(text: "Shelling was reported across Naqqa overnight.", mentions: [("Naqqa", "nagorno-karabakh", [])]),
        .init(text: "The Nagorno-Karabakh region is disputed.", mentions: [("Nagorno-Karabakh", "nagorno-karabakh", [])]),
        .init(text: "Refugees left the Naka region.", mentions: [("Naka", "nagorno-karabakh", [])]),
        .init(text: "Talks between the Aya-Yaah parties stalled.", mentions: [("Aya-Yaah", "azerbaijan-armenia", ["AZE", "ARM"])]),
        .init(text: "Lavrov met both foreign ministers.", mentions: [("Lavrov", "sergey-lavrov", [])]),
        .init(text: "纳卡地区局势紧张。", mentions: [("纳卡", "nagorno-karabakh", [])]),
        // Written as one name of the curated pair: one mention, both countries its members.
        .init(text: "Азербайджан и Армения подписали заявление.", mentions: [("Азербайджан и Армения", "azerbaijan-armenia", ["AZE", "ARM"])]),
        .init(text: "Азербайджан, а также Армения.", mentions: [("Азербайджан", "AZE", []), ("Армения", "ARM", [])]),
        .init(text: "Flights from Tirana to Romania were cancelled.", mentions: [("Romania", "ROU", [])]),
        .init(text: "Under the ceasefire agreement, troops withdrew.", mentions: []),
        .init(text: "Chad Smith said the band would tour.", mentions: []),
        .init(text: "South Sudan and Sudan signed a deal.", mentions: [("South Sudan", "SSD", []), ("Sudan", "SDN", [])]),
        .init(text: "Troops crossed into Congo.", mentions: [("Congo", "?", [])]),
        .init(text: "The U.S.A. and Russia-Ukraine talks.", mentions: [("U.S.A", "USA", []), ("Russia-Ukraine", "russia-ukraine", ["RUS", "UKR"])]),
        .init(text: "République d'Azerbaïdjan", mentions: [("République d'Azerbaïdjan", "AZE", [])]),
        .init(text: "May brought rain; Man waited.", mentions: []),
        .init(text: "", mentions: []),
    ]

    @Test("mentions, with exact offsets", arguments: cases)
    func mentions(_ example: Found) {
        let found = Self.extractor.mentions(in: example.text)
        #expect(found.map(\.surface) == example.mentions.map(\.surface))
        for (mention, expected) in zip(found, example.mentions) {
            if expected.id == "?" {
                #expect(mention.outcome == .ambiguous)
            } else {
                #expect(mention.entity?.id == expected.id, "\(mention.surface)")
                #expect(mention.entity?.members ?? [] == expected.members)
            }
            // Offsets are code points, as Python indexes a str.
            let scalars = Array(example.text.unicodeScalars)
            var surface = String.UnicodeScalarView()
            surface.append(contentsOf: scalars[mention.start..<mention.end])
            #expect(String(surface) == mention.surface)
            #expect(Array(example.text.utf8)[mention.utf8Range].elementsEqual(mention.surface.utf8))
        }
    }
}
