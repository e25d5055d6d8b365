/// The fields of one CSV or TSV record (RFC 4180 quoting: a field in double quotes may
/// hold the delimiter, line breaks and doubled quotes), as byte ranges of the record, so
/// that one field can be rewritten and every other byte kept as written.
package struct DelimitedFields: Sendable {
    package struct Malformed: Error {
        package let field: Int
        package let reason: String
    }

    package let delimiter: UInt8

    package init(delimiter: UInt8) { self.delimiter = delimiter }

    /// Raw byte ranges of the fields (quotes included). A trailing carriage return (CRLF
    /// line breaks) is not part of the last field.
    package func split(_ bytes: [UInt8]) throws(Malformed) -> [Range<Int>] {
        var end = bytes.count
        if end > 0 && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var fields: [Range<Int>] = []
        // A byte order mark (a file saved by Excel, or with Python's utf-8-sig) stands before
        // the first field, which may be quoted: it is not part of it.
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while true {
            let start = position
            if position < end && bytes[position] == UInt8(ascii: "\"") {
                position += 1
                while true {
                    guard position < end else { throw Malformed(field: fields.count + 1, reason: "a quoted field is not closed") }
                    if bytes[position] == UInt8(ascii: "\"") {
                        if position + 1 < end && bytes[position + 1] == UInt8(ascii: "\"") { position += 2; continue }
                        position += 1
                        break
                    }
                    position += 1
                }
                guard position == end || bytes[position] == delimiter else {
                    throw Malformed(field: fields.count + 1, reason: "text follows the closing quote of a field")
                }
            } else {
                while position < end && bytes[position] != delimiter { position += 1 }
            }
            fields.append(start..<position)
            if position >= end { return fields }
            position += 1  // the delimiter
        }
    }

    /// The value of a raw field: quotes removed, doubled quotes undone.
    package static func value(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        guard raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") else { return Array(raw) }
        var value: [UInt8] = []
        value.reserveCapacity(raw.count)
        var position = raw.startIndex + 1
        while position < raw.endIndex - 1 {
            value.append(raw[position])
            position += raw[position] == UInt8(ascii: "\"") ? 2 : 1
        }
        return value
    }

    /// Whether a value must be quoted: it starts with a quote, or holds the delimiter or a
    /// line break. (A quote inside an unquoted field is read as a character: only one at
    /// the field's start opens a quoted field.)
    package func needsQuotes(_ value: [UInt8]) -> Bool {
        value.first == UInt8(ascii: "\"")
            || value.contains { $0 == delimiter || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    /// A field as written: quoted when it was, or when it must be (it holds the delimiter or
    /// a line break, or starts with a quote).
    /// - Parameter original: the field's value before a rewrite, when it was unquoted: what
    ///   it held already does not call for quotes now (a lone carriage return, which the
    ///   reader took as part of the field, stays unquoted as it was).
    package func encode(_ value: [UInt8], quoted: Bool, original: [UInt8]? = nil) -> [UInt8] {
        guard quoted || needsQuotes(value) && !(original.map(needsQuotes) ?? false) else { return value }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in value {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
