/// Finds one string field of a JSON object in a JSONL line, checking that the whole line
/// is valid JSON (RFC 8259), so that it can be rewritten in place: every other byte of the
/// line stays as written (key order, spacing, number formats).
package struct JSONField: Sendable {
    package struct Malformed: Error {
        package let offset: Int
        package let reason: String
    }

    package enum Found {
        /// The string literal's byte range (quotes included) and its decoded value.
        case string(Range<Int>, String)
        /// The path leads to a value that is not a string.
        case notString
        /// The path leads nowhere.
        case missing
    }

    package let path: [String]

    package init(path: String) { self.path = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    /// Validates `bytes` as one JSON value and finds the field.
    package func locate(_ bytes: [UInt8]) throws(Malformed) -> Found {
        var parser = Parser(bytes: bytes, path: path)
        // A byte order mark before the value (first line of a file saved by some editors)
        // is not part of it (RFC 8259 lets a parser ignore it); it stays in the output.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { parser.position = 3 }
        parser.skipSpace()
        // A blank line holds no value, hence no field: passed through, not malformed.
        if parser.position == bytes.count { return .missing }
        try parser.value(depth: 0, onPath: true)
        parser.skipSpace()
        if parser.position != bytes.count { throw Malformed(offset: parser.position, reason: "unexpected text after the JSON value") }
        return parser.found
    }

    /// Where each scalar of the string literal `bytes[literal]` (quotes included; valid, as
    /// `locate` found it) starts in `bytes`, in the order `locate` decodes them, and where
    /// the closing quote is: `count + 1` offsets for a value of `count` scalars. An escape
    /// is one scalar ("\u00e9"), a surrogate pair too; a lone surrogate is one (U+FFFD),
    /// and an escape after a lone high surrogate is read on its own.
    package static func scalarStarts(_ bytes: [UInt8], literal: Range<Int>) -> [Int] {
        var starts: [Int] = []
        starts.reserveCapacity(literal.count)
        var position = literal.lowerBound + 1
        let end = literal.upperBound - 1
        func isHex4(at offset: Int) -> Bool {
            offset + 4 <= end && bytes[offset..<(offset + 4)].allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0)
            }
        }
        func hex4(at offset: Int) -> UInt32 {
            bytes[offset..<(offset + 4)].reduce(0) { value, byte in
                let digit = byte <= 0x39 ? UInt32(byte - 0x30) : UInt32((byte | 0x20) - 0x61 + 10)
                return value << 4 | digit
            }
        }
        while position < end {
            starts.append(position)
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                guard position + 1 < end else { break }
                if bytes[position + 1] == UInt8(ascii: "u"), isHex4(at: position + 2) {
                    let unit = hex4(at: position + 2)
                    position += 6
                    // A high surrogate and an escape after it: one scalar if it is the low
                    // half, else two (U+FFFD, then the second escape on its own).
                    if (0xD800..<0xDC00).contains(unit), position + 1 < end, bytes[position] == UInt8(ascii: "\\"),
                       bytes[position + 1] == UInt8(ascii: "u"), isHex4(at: position + 2),
                       (0xDC00..<0xE000).contains(hex4(at: position + 2)) {
                        position += 6  // the low half: one scalar with the high one
                    }
                } else {
                    position += 2
                }
            } else {
                position += byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            }
        }
        starts.append(min(position, end))
        return starts
    }

    private struct Parser {
        let bytes: [UInt8]
        let path: [String]
        var position = 0
        var found = Found.missing

        init(bytes: [UInt8], path: [String]) {
            self.bytes = bytes
            self.path = path
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        func fail(_ reason: String) -> Malformed { Malformed(offset: position, reason: reason) }

        mutating func value(depth: Int, onPath: Bool) throws(Malformed) {
            guard depth < 512 else { throw fail("nested too deeply") }
            guard position < bytes.count else { throw fail("a value is missing") }
            let target = onPath && depth == path.count
            switch bytes[position] {
            case UInt8(ascii: "{"):
                if target { found = .notString }
                try object(depth: depth, onPath: onPath && depth < path.count)
            case UInt8(ascii: "["):
                if target { found = .notString }
                position += 1
                skipSpace()
                if position < bytes.count && bytes[position] == UInt8(ascii: "]") { position += 1; return }
                while true {
                    skipSpace()
                    try value(depth: depth + 1, onPath: false)
                    skipSpace()
                    guard position < bytes.count else { throw fail("an array is not closed") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                    throw fail("expected , or ] in an array")
                }
            case UInt8(ascii: "\""):
                let start = position
                let decoded = try string(decode: target)
                if target { found = .string(start..<position, decoded) }
            case UInt8(ascii: "t"): try literal("true"); if target { found = .notString }
            case UInt8(ascii: "f"): try literal("false"); if target { found = .notString }
            case UInt8(ascii: "n"): try literal("null"); if target { found = .notString }
            default:
                try number()
                if target { found = .notString }
            }
        }

        mutating func object(depth: Int, onPath: Bool) throws(Malformed) {
            position += 1
            skipSpace()
            if position < bytes.count && bytes[position] == UInt8(ascii: "}") { position += 1; return }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
                let key = try string(decode: onPath)
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected : after a key") }
                position += 1
                skipSpace()
                try value(depth: depth + 1, onPath: onPath && key == path[depth])
                skipSpace()
                guard position < bytes.count else { throw fail("an object is not closed") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                throw fail("expected , or } in an object")
            }
        }

        mutating func literal(_ word: String) throws(Malformed) {
            for expected in word.utf8 {
                guard position < bytes.count, bytes[position] == expected else { throw fail("unexpected character") }
                position += 1
            }
        }

        mutating func number() throws(Malformed) {
            let start = position
            if position < bytes.count && bytes[position] == UInt8(ascii: "-") { position += 1 }
            func digits() -> Int {
                let from = position
                while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
                return position - from
            }
            let whole = position
            guard digits() > 0 else { throw fail("unexpected character") }
            if bytes[whole] == UInt8(ascii: "0") && position - whole > 1 { throw fail("a number has a leading zero") }
            if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw fail("a number has no digits after its point") }
            }
            if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
                position += 1
                if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
                guard digits() > 0 else { throw fail("a number has no digits in its exponent") }
            }
            _ = start
        }

        /// A string literal at `position` (a quote); its value when `decode`.
        mutating func string(decode: Bool) throws(Malformed) -> String {
            position += 1
            // The value's UTF-8, made into a String once at the end: appending runs and
            // escapes to a String's scalar view one by one copied it each time (quadratic in
            // the escapes: 800,000 "\u0041" took 12 s).
            var value: [UInt8] = []
            var runStart = position
            func flushRun(_ end: Int) {
                if decode && end > runStart { value.append(contentsOf: bytes[runStart..<end]) }
            }
            func append(_ scalar: Unicode.Scalar) {
                guard decode else { return }
                UTF8.encode(scalar) { value.append($0) }
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    flushRun(position)
                    position += 1
                    return decode ? String(decoding: value, as: UTF8.self) : ""
                }
                if byte < 0x20 { throw fail("a control character in a string must be escaped") }
                if byte == UInt8(ascii: "\\") {
                    flushRun(position)
                    position += 1
                    guard position < bytes.count else { break }
                    let escaped = bytes[position]
                    position += 1
                    switch escaped {
                    case UInt8(ascii: "\""): append("\"")
                    case UInt8(ascii: "\\"): append("\\")
                    case UInt8(ascii: "/"): append("/")
                    case UInt8(ascii: "b"): append("\u{8}")
                    case UInt8(ascii: "f"): append("\u{C}")
                    case UInt8(ascii: "n"): append("\n")
                    case UInt8(ascii: "r"): append("\r")
                    case UInt8(ascii: "t"): append("\t")
                    case UInt8(ascii: "u"):
                        var unit = try hex4()
                        if (0xD800..<0xDC00).contains(unit), position + 1 < bytes.count,
                           bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                            position += 2
                            let low = try hex4()
                            if (0xDC00..<0xE000).contains(low) {
                                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                // Not the low half: the high one stands alone (U+FFFD), and
                                // the second escape is read again on its own (it may begin a
                                // pair: "\ud83d\ud83d\ude00" is U+FFFD then 😀).
                                position -= 6
                            }
                        }
                        append(Unicode.Scalar(unit) ?? "\u{FFFD}")  // lone surrogates → U+FFFD
                    default: throw fail("an unknown escape in a string")
                    }
                    runStart = position
                    continue
                }
                position += 1
            }
            throw fail("a string is not closed")
        }

        mutating func hex4() throws(Malformed) -> UInt32 {
            guard position + 4 <= bytes.count else { throw fail("a \\u escape needs 4 hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                // Digits are compared as they are: folding case first (| 0x20) made the
                // control characters 0x10–0x19 read as the digits 0–9 (found by FuzzRecords).
                let byte = bytes[position]
                let letter = byte | 0x20
                let digit: UInt32
                if byte >= 0x30 && byte <= 0x39 { digit = UInt32(byte - 0x30) }
                else if letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "f") { digit = UInt32(letter - UInt8(ascii: "a") + 10) }
                else { throw fail("a \\u escape needs 4 hex digits") }
                value = value << 4 | digit
                position += 1
            }
            return value
        }
    }
}
