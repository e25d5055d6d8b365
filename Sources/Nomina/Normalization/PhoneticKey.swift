/// A phonetic key over folded ASCII tokens that unites the spelling variants produced
/// by romanisation and machine translation, and keeps distinct names apart.
///
/// Rules, applied left to right within each token (each with the pair it unites):
///
/// | rule | unites |
/// |---|---|
/// | `dzh`, `dsch`, `zh`, `j` → `i` (with `y` → `i`) | Azerbaydzhan · Aserbaidschan · Azerbaijan |
/// | `tsch` → `ch`, `sch` → `sh` | Tschad · Chad |
/// | `kh` → `h` | Kharkiv · Harkiv |
/// | `ph` → `f` | Philippines · Filipinas |
/// | `ck`, `q`, `c` (not before e, i, y) → `k` | Naqqa · Naka; Congo · Kongo |
/// | `c` before e, i, y → `s` | Valencia · Valensia |
/// | `ks`, `x` → `x` | Aksai · Axai |
/// | `w` → `v` | Warszawa · Varshava |
/// | `y`, `j`, `i` → `i` | Yemen · Jemen · Iemen |
/// | `z` → `s` | Brazil · Brasil; Zambia · Sambia |
/// | `ou` → `u` | Ouzbékistan · Uzbekistan |
/// | `h` after a vowel at the end of a token is dropped (also the h of `kh`) | Yaah · Yaa; Karabakh · Karabah |
/// | doubled letters collapse (after the rules above) | Naqqa · Nakka · Naka |
///
/// Tokens stay separated by single spaces. The key of an empty key is empty. The
/// collisions this creates among the country names of the test suite are listed and
/// bounded in `PhoneticKeyTests`.
package enum PhoneticKey {
    /// The phonetic key of a folded key (lowercase ASCII, tokens separated by spaces).
    /// Other bytes are copied unchanged.
    package static func of(foldedKey key: String) -> String {
        var key = key
        return key.withUTF8 { bytes in
            if bytes.isEmpty { return "" }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                encode(bytes, into: output)
            }
        }
    }

    /// Writes the key of `input` into `output` (at least `input.count` bytes) and
    /// returns its length. The key is never longer than its input: every rule maps n
    /// input bytes to at most n output bytes.
    static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let n = input.count
        var o = 0
        var tokenStart = 0
        var i = 0
        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? input[k] : 0 }
        @inline(__always) func emit(_ byte: UInt8) {
            // Collapse doubled letters within a token.
            if o > tokenStart, output[o - 1] == byte { return }
            output[o] = byte
            o += 1
        }
        @inline(__always) func endToken() {
            // Drop a final h after a vowel: "yaah" → "ia".
            if o - tokenStart >= 2, output[o - 1] == UInt8(ascii: "h"), isVowel(output[o - 2]) {
                o -= 1
            }
        }
        while i < n {
            let c = input[i]
            if c == UInt8(ascii: " ") {
                endToken()
                output[o] = c
                o += 1
                tokenStart = o
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "d") where at(i + 1) == UInt8(ascii: "z") && at(i + 2) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "i")); i += 3
            case UInt8(ascii: "d") where at(i + 1) == UInt8(ascii: "s") && at(i + 2) == UInt8(ascii: "c")
                && at(i + 3) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "i")); i += 4
            case UInt8(ascii: "t") where at(i + 1) == UInt8(ascii: "s") && at(i + 2) == UInt8(ascii: "c")
                && at(i + 3) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "c")); emit(UInt8(ascii: "h")); i += 4
            case UInt8(ascii: "s") where at(i + 1) == UInt8(ascii: "c") && at(i + 2) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "s")); emit(UInt8(ascii: "h")); i += 3
            case UInt8(ascii: "z") where at(i + 1) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "i")); i += 2
            case UInt8(ascii: "k") where at(i + 1) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "h")); i += 2
            case UInt8(ascii: "k") where at(i + 1) == UInt8(ascii: "s"):
                emit(UInt8(ascii: "x")); i += 2
            case UInt8(ascii: "p") where at(i + 1) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "f")); i += 2
            case UInt8(ascii: "c") where at(i + 1) == UInt8(ascii: "k"):
                emit(UInt8(ascii: "k")); i += 2
            case UInt8(ascii: "c") where at(i + 1) == UInt8(ascii: "h"):
                emit(UInt8(ascii: "c")); emit(UInt8(ascii: "h")); i += 2
            case UInt8(ascii: "c"):
                let next = at(i + 1)
                emit(next == UInt8(ascii: "e") || next == UInt8(ascii: "i") || next == UInt8(ascii: "y")
                     ? UInt8(ascii: "s") : UInt8(ascii: "k"))
                i += 1
            case UInt8(ascii: "o") where at(i + 1) == UInt8(ascii: "u"):
                emit(UInt8(ascii: "u")); i += 2
            case UInt8(ascii: "q"): emit(UInt8(ascii: "k")); i += 1
            case UInt8(ascii: "w"): emit(UInt8(ascii: "v")); i += 1
            case UInt8(ascii: "y"), UInt8(ascii: "j"): emit(UInt8(ascii: "i")); i += 1
            case UInt8(ascii: "z"): emit(UInt8(ascii: "s")); i += 1
            default: emit(c); i += 1
            }
        }
        endToken()
        return o
    }

    @inline(__always)
    static func isVowel(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"): true
        default: false
        }
    }
}
