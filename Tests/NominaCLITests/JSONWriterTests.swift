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

    @Test("the vectorised scan stops where a byte-by-byte scan stops")
    func plainPrefix() {
        var rng = SplitMix64(seed: 0x9E7A)
        let special: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF]
        for round in 0..<20_000 {
            // Plain bytes with now and then one that needs a look, at every offset of a
            // 16-byte step; and now and then any byte at all.
            let count = Int.random(in: 0...70, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0x23...0x5B, using: &rng) }
            if count > 0 && round % 3 != 0 { bytes[Int.random(in: 0..<count, using: &rng)] = special.randomElement(using: &rng)! }
            if round % 7 == 0 { bytes = bytes.map { _ in UInt8.random(in: 0...255, using: &rng) } }
            let start = count == 0 ? 0 : Int.random(in: 0...count, using: &rng)
            let found = bytes.withUnsafeBufferPointer { buffer in
                count == 0 ? 0 : nomina_json_plain_prefix(buffer.baseAddress! + start, count - start)
            }
            let expectedFromStart = count == 0 ? 0
                : (bytes[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 } ?? count) - start
            #expect(found == expectedFromStart, "\(bytes) from \(start)")
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
