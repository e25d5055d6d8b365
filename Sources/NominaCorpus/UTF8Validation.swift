/// Checks that bytes are well-formed UTF-8 (Unicode 15, table 3-7), without building a
/// string: eight ASCII bytes at a time, then the multi-byte forms one by one.
package enum UTF8Validation {
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var position = 0
        while position < count {
            // ASCII runs, a word at a time.
            while position + 8 <= count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                position += 8
            }
            guard position < count else { return true }
            let lead = base[position]
            if lead < 0x80 {
                position += 1
                continue
            }
            @inline(__always) func continuation(_ offset: Int) -> Bool {
                position + offset < count && base[position + offset] & 0xC0 == 0x80
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                position += 2
            case 0xE0...0xEF:
                guard position + 2 < count, continuation(1), continuation(2) else { return false }
                let second = base[position + 1]
                if lead == 0xE0 && second < 0xA0 { return false }  // overlong
                if lead == 0xED && second > 0x9F { return false }  // surrogates
                position += 3
            case 0xF0...0xF4:
                guard position + 3 < count, continuation(1), continuation(2), continuation(3) else { return false }
                let second = base[position + 1]
                if lead == 0xF0 && second < 0x90 { return false }  // overlong
                if lead == 0xF4 && second > 0x8F { return false }  // above U+10FFFF
                position += 4
            default:
                return false  // a continuation byte first, C0/C1 (overlong), F5…FF
            }
        }
        return true
    }

    package static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }
}
