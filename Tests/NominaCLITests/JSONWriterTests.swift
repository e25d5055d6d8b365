import CBytes
import Foundation
import Testing
import NominaTestSupport
import Nomina
@testable import nomina

/// The byte writers annotate mode uses, against naive references.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test("integers are written as String(value) writes them")
    func integers() {
        var rng = SplitMix64(seed: 0x1A7E)
        var values = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 65_536, -1, -9, -10, -100, Int.max, Int.min, Int.max - 1]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...18, using: &rng)
            let magnitude = Int.random(in: 0..<Int(pow(10.0, Double(digits))), using: &rng)
            values.append(Bool.random(using: &rng) ? magnitude : -magnitude)
        }
        for value in values {
            var out: [UInt8] = [0x2A]
            JSONWriter.appendInteger(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == "*" + String(value), "\(value)")
            // Between two literals, in one append (negative numbers the long way).
            var framed: [UInt8] = [0x2A]
            JSONWriter.appendInteger(value, between: "{\"record\":", and: ",\"text\":\"", to: &framed)
            #expect(String(decoding: framed, as: UTF8.self) == "*{\"record\":\(value),\"text\":\"", "\(value)")
        }
    }

    @Test("the vectorised escaper writes what a byte-by-byte escaper writes, within its room")
    func escaperAtEveryOffset() {
        var rng = SplitMix64(seed: 0x9E7A)
        let special: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF]
        for round in 0..<20_000 {
            // Plain bytes with now and then a few that need a look, at every offset of a
            // 16-byte step; now and then U+2028 or U+2029 (or a lookalike) whole or cut off
            // at the end; and now and then any byte at all.
            let count = Int.random(in: 0...90, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0x23...0x5B, using: &rng) }
            for _ in 0..<(round % 4) where count > 0 {
                bytes[Int.random(in: 0..<count, using: &rng)] = special.randomElement(using: &rng)!
            }
            if count >= 3 && round % 5 == 0 {
                let at = Int.random(in: 0...(count - 1), using: &rng)
                let sequence: [UInt8] = [0xE2, 0x80, [0xA8, 0xA9, 0xA7, 0xAA].randomElement(using: &rng)!]
                for offset in 0..<3 where at + offset < count { bytes[at + offset] = sequence[offset] }
            }
            if round % 7 == 0 { bytes = bytes.map { _ in UInt8.random(in: 0...255, using: &rng) } }
            let room = 6 * count + 16
            let sentinel: UInt8 = 0xA5
            var out = [UInt8](repeating: sentinel, count: room + 32)
            let written = bytes.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { nomina_json_escape(input.baseAddress, count, $0.baseAddress!) }
            }
            #expect(Array(out[..<written]) == Self.referenceBytes(bytes), "\(bytes)")
            #expect(out[room...].allSatisfy { $0 == sentinel }, "wrote past its room: \(bytes)")
        }
    }

    /// The escaping of `appendEscaped`, a byte at a time (U+2028 and U+2029 by their three
    /// bytes, as the writer sees them).
    static func referenceBytes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x22: out += Array("\\\"".utf8)
            case 0x5C: out += Array("\\\\".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20, 0x7F: out += Array(String(format: "\\u%04x", byte).utf8)
            case 0xE2 where position + 2 < bytes.count && bytes[position + 1] == 0x80
                && (bytes[position + 2] == 0xA8 || bytes[position + 2] == 0xA9):
                out += Array((bytes[position + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                position += 2
            default: out.append(byte)
            }
            position += 1
        }
        return out
    }

    @Test("long texts are escaped in pieces that never cut a character", arguments: [0, 1, 2, 3])
    func longText(offset: Int) {
        // U+2028 (three bytes) straddling each place a piece may end, among plain letters
        // and multi-byte letters; the whole as the reference escapes it.
        let piece = JSONWriter.escapedPiece
        var text = String(repeating: "a", count: piece - offset) + "\u{2028}" + String(repeating: "é", count: piece / 3)
            + "\u{2029}\"" + String(repeating: "b\u{1}", count: piece)
        text += "\u{2028}"
        var out: [UInt8] = [0x2A]
        JSONWriter.appendEscaped(text, to: &out)
        #expect(out == [0x2A] + Array(Self.reference(text).utf8))
    }

    @Test("a line's object opens in one piece as the field-by-field writer opens it")
    func recordText() {
        var rng = SplitMix64(seed: 0x7EC0)
        let alphabet: [Unicode.Scalar] = ["a", " ", "\"", "\\", "\n", "\u{1}", "\u{7F}", "é", "\u{2028}", "中"]
        for index in 0..<2_000 {
            let number = [0, 1, 9, 10, 99, Int.max, Int.random(in: 0...Int.max, using: &rng)][index % 7]
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...60, using: &rng) { scalars.append(alphabet.randomElement(using: &rng)!) }
            let text = String(scalars)
            var fast: [UInt8] = [0x2A]
            Array(text.utf8).withUnsafeBufferPointer {
                JSONWriter.appendRecordText(number, $0, closing: "\",\"mentions\":[]}\n", to: &fast)
            }
            let expected = "*{\"record\":\(number),\"text\":\"" + Self.reference(text) + "\",\"mentions\":[]}\n"
            #expect(String(decoding: fast, as: UTF8.self) == expected, "case \(index)")
        }
    }

    @Test("scores are written as formatScore writes them")
    func scores() {
        var rng = SplitMix64(seed: 0x5C0E)
        var values: [Double] = [0, 1, 0.5, 0.9995, 0.0005, 0.97, 0.777, 0.8125, 1.0005, 2.5, -0.5, -1.25, 0.1 + 0.2]
        for _ in 0..<20_000 { values.append(Double.random(in: -3...3, using: &rng)) }
        for thousandths in 0...1_000 { values.append(Double(thousandths) / 1000) }
        for value in values {
            var out: [UInt8] = []
            JSONWriter.appendScore(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == formatScore(value), "\(value)")
        }
    }

    /// RFC 8259 escaping as `appendEscaped` documents it, one scalar at a time.
    static func reference(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test("strings are escaped as a scalar-by-scalar reference escapes them")
    func escaping() {
        var rng = SplitMix64(seed: 0xE5C)
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "\u{2028}",
                                          "\u{2029}", "\u{2027}", "—", "€", "中", "😀"]
        for index in 0..<5_000 {
            let length = Int.random(in: 0...40, using: &rng)
            var text = String.UnicodeScalarView()
            for _ in 0..<length { text.append(alphabet.randomElement(using: &rng)!) }
            let string = String(text)
            var out: [UInt8] = []
            JSONWriter.appendEscaped(string, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == Self.reference(string), "case \(index): \(string.debugDescription)")
        }
    }
}
