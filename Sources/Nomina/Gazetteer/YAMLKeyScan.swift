/// Finds mapping keys that are not text (a list, a mapping or an alias used as a key, or
/// any explicit `? ` key) before the YAML library reads the file.
///
/// The dictionary format only has text keys. The YAML library accepts the others, and its
/// check for duplicate keys compares such keys by walking them completely, again at every
/// level: 2 KB of nested explicit keys took 33 seconds, and an alias key standing for a
/// tree of 10⁸ nodes (a few hundred bytes of text) took 8 seconds per 10⁸, growing
/// tenfold with each line. This scan is linear in the file and errs towards reporting:
/// every non-text key the library would build is found (a property test compares the
/// two), and the text it may wrongly report is YAML that no dictionary would contain
/// (for example a line of a multi-line plain value that begins with `? `).
package enum YAMLKeyScan {
    package enum Finding: Equatable, Sendable {
        /// `? key`: the YAML form for keys that cannot be written plainly.
        case explicitKey
        /// `*name: value`: an alias, which may stand for a list or a mapping, as a key.
        case aliasKey
        /// `[a, b]: value` or `{a: b}: value`.
        case collectionKey

        var message: String {
            switch self {
            case .explicitKey:
                return "an explicit key ('? ') is not part of the dictionary format; write every key as text followed by ':'"
            case .aliasKey:
                return "a YAML alias ('*name' of an '&name') is not part of the dictionary format; write repeated entries out, and every key as text followed by ':'"
            case .collectionKey:
                return "a list or mapping cannot be a key in a dictionary; write every key as text followed by ':'"
            }
        }
    }

    /// The first non-text key in `text`, with its file line and column (1-based; lines end
    /// at a line feed, a carriage return or both, columns count Unicode scalars).
    package static func firstComplexKey(in text: String) -> (finding: Finding, line: Int, column: Int)? {
        var copy = text
        return copy.withUTF8 { bytes -> (Finding, Int, Int)? in
            var scanner = Scanner(bytes: bytes)
            guard let (finding, offset) = scanner.run() ?? firstAlias(bytes) else { return nil }
            let (line, column) = location(of: offset, in: bytes)
            return (finding, line, column)
        }
    }

    /// A backstop that does not depend on modelling libyaml: the first alias (`*name` after
    /// a blank, a line start or a flow indicator) of a name some `&name` anchors, wherever
    /// it stands. The scan above finds alias keys; an attacker review found texts where its
    /// model of the YAML library went astray (a byte order mark inside the file, "---"
    /// before other spaces, "?" in flow collections, "&q:") and an alias key of a tree of
    /// 10⁸ nodes got through. Dictionaries have no use for aliases, so any alias of a
    /// defined anchor is refused. An indicator counts where YAML lets a node's properties
    /// start: at the start of a line or the file, after a blank, or after "[", "{", "," or ":"
    /// ("AT&T", "\"&x\"" and "n*m" are text). (An anchor and an alias written after blanks
    /// in quoted text or a comment are refused too.)
    static func firstAlias(_ bytes: UnsafeBufferPointer<UInt8>) -> (Finding, Int)? {
        func startsNode(_ index: Int) -> Bool {
            guard index > 0 else { return true }
            // A byte order mark, which libyaml skips on any line.
            if index >= 3 && bytes[index - 3] == 0xEF && bytes[index - 2] == 0xBB && bytes[index - 1] == 0xBF { return true }
            switch bytes[index - 1] {
            // (":" for a flow value after a quoted key, '{"k":*a}'.)
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"): return true
            default: return false
            }
        }
        func isName(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x2D || byte >= 0x80
        }
        func names(after indicator: UInt8) -> [(name: ArraySlice<UInt8>, at: Int)] {
            var found: [(ArraySlice<UInt8>, Int)] = []
            var index = 0
            while index < bytes.count {
                if bytes[index] == indicator, index + 1 < bytes.count, isName(bytes[index + 1]), startsNode(index) {
                    var end = index + 1
                    while end < bytes.count && isName(bytes[end]) { end += 1 }
                    found.append((ArraySlice(bytes[(index + 1)..<end]), index))
                    index = end
                } else {
                    index += 1
                }
            }
            return found
        }
        let anchors = Set(names(after: UInt8(ascii: "&")).map { Array($0.name) })
        guard !anchors.isEmpty else { return nil }
        return names(after: UInt8(ascii: "*")).first { anchors.contains(Array($0.name)) }.map { (.aliasKey, $0.at) }
    }

    /// The file line and column of a byte offset, counted as `YAMLLineMap` counts them.
    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var index = 0
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    /// Follows libyaml's scanner far enough to know where tokens start: quoted and block
    /// scalars, comments, flow collections, and the stack of block indentations (which
    /// decides where a block scalar's text or a multi-line plain value ends).
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Where each open flow collection began (the finding points at it), and whether it
        /// is a mapping (`{`). Empty in block context.
        var flows: [(index: Int, mapping: Bool)] = []
        /// In a flow mapping, a ':' has been seen since the last `{` or `,`: the next node is
        /// a value, not a key.
        var flowValue = false
        /// The columns of the open block collections, as libyaml's `indents` (its current
        /// indentation is the last, -1 when none is open).
        var indents: [Int] = []
        /// The next token begins a node (so `-`, `?`, `|`, quotes and `*` are indicators).
        var atNode = true
        var atLineStart = true
        var lineStart = 0
        /// The column where the current node began (its anchor or tag if it has one).
        var nodeColumn: Int?
        /// A plain value ended the last line in block context: the next line continues it
        /// when it is indented past the current block indentation.
        var plainOpen = false
        /// A block scalar (`|` or `>`) being skipped: lines indented at least `content`
        /// (once known: the first line with text, when past `parent`) are its text.
        var blockScalar: (parent: Int, content: Int?)?
        /// The column of `columnIndex` on its line (columns count characters).
        var columnIndex = 0
        var columnValue = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

        var inFlow: Bool { !flows.isEmpty }
        var indentation: Int { indents.last ?? -1 }
        /// At a key of a flow mapping (`{[a]}` is `{[a]: null}`).
        var flowKeyPosition: Bool { flows.last?.mapping == true && !flowValue }

        /// The column of `index` on the current line, counted forward from the last one
        /// asked for (linear over a line however often it is asked).
        /// 1 on a line that starts with a byte order mark, which libyaml counts as a column.
        var bomOffset = 0

        mutating func column() -> Int {
            columnBase() + bomOffset
        }

        mutating func columnBase() -> Int {
            if columnIndex < lineStart || columnIndex > index {
                columnIndex = lineStart
                columnValue = 0
            }
            while columnIndex < index {
                if bytes[columnIndex] & 0xC0 != 0x80 { columnValue += 1 }
                columnIndex += 1
            }
            return columnValue
        }

        /// The length of the line break at `at` (LF, CR, CRLF, NEL, LS, PS), or 0.
        func breakLength(_ at: Int) -> Int {
            guard let first = byte(at) else { return 0 }
            switch first {
            case 0x0A: return 1
            case 0x0D: return byte(at + 1) == 0x0A ? 2 : 1
            case 0xC2: return byte(at + 1) == 0x85 ? 2 : 0
            case 0xE2: return byte(at + 1) == 0x80 && (byte(at + 2) == 0xA8 || byte(at + 2) == 0xA9) ? 3 : 0
            default: return 0
            }
        }

        /// A space, a tab, a line break or the end of the text.
        func isBlank(_ at: Int) -> Bool {
            guard let value = byte(at) else { return true }
            return value == 0x20 || value == 0x09 || breakLength(at) > 0
        }

        static func isFlowIndicator(_ value: UInt8?) -> Bool {
            value == UInt8(ascii: ",") || value == UInt8(ascii: "[") || value == UInt8(ascii: "]")
                || value == UInt8(ascii: "{") || value == UInt8(ascii: "}")
        }

        /// Whether the next character on this line, after spaces and tabs, is ':' (a key's
        /// value indicator). Conservative: any ':' counts.
        func colonFollows(_ from: Int) -> Bool {
            var at = from
            while let value = byte(at), value == 0x20 || value == 0x09 { at += 1 }
            return byte(at) == UInt8(ascii: ":")
        }

        mutating func skipToLineEnd() {
            while index < bytes.count && breakLength(index) == 0 { index += 1 }
        }

        /// Opens a block collection at `column` when it is deeper than the current one.
        mutating func roll(_ column: Int) {
            if column > indentation { indents.append(column) }
        }

        mutating func run() -> (Finding, Int)? {
            while index < bytes.count {
                if atLineStart {
                    atLineStart = false
                    startLine()
                    continue
                }
                let length = breakLength(index)
                if length > 0 {
                    index += length
                    atLineStart = true
                    continue
                }
                let value = bytes[index]
                if value == 0x20 || value == 0x09 {
                    index += 1
                    continue
                }
                // At the start of a token (plain values consume their own '#'), as libyaml.
                if value == UInt8(ascii: "#") {
                    skipToLineEnd()
                    continue
                }
                if let finding = atNode ? node(value) : afterNode(value) { return finding }
            }
            return nil
        }

        /// A new line: text of a block scalar, more of a plain value, a document marker or a
        /// directive, or tokens (after closing the block collections it is not inside).
        mutating func startLine() {
            // libyaml skips a byte order mark at the start of any line, as a column.
            let bom = index + 2 < bytes.count && bytes[index] == 0xEF && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF
            if bom { index += 3 }
            bomOffset = bom ? 1 : 0
            lineStart = index
            var spaces = 0
            while byte(index + spaces) == 0x20 { spaces += 1 }
            // Columns of indentation (the mark counts as one).
            let indent = spaces + (bom ? 1 : 0)
            var end = index + spaces
            while let value = byte(end), value == 0x20 || value == 0x09 { end += 1 }
            let empty = end >= bytes.count || breakLength(end) > 0
            if let scalar = blockScalar {
                if empty {
                    index = end
                    return
                }
                let content = scalar.content ?? (indent > scalar.parent ? indent : nil)
                if let content, indent >= content {
                    blockScalar = (scalar.parent, content)
                    skipToLineEnd()
                    return
                }
                blockScalar = nil
            }
            if empty {
                index = end
                return
            }
            let marker = indent == 0 && Self.isDocumentMarker(bytes, at: index)
            if plainOpen {
                plainOpen = false
                // libyaml counts the tabs of the leading white space as columns here.
                let continues = !marker && end - index + (bom ? 1 : 0) > indentation && bytes[end] != UInt8(ascii: "#")
                if continues {
                    index = end
                    skipPlain(continuing: true)
                    return
                }
            }
            index += spaces
            guard !inFlow else { return }
            atNode = true
            nodeColumn = nil
            // The block collections more indented than this line are closed.
            while let last = indents.last, last > indent { indents.removeLast() }
            if marker {
                indents.removeAll()
                index += 3
            } else if indent == 0 && byte(index) == UInt8(ascii: "%") {
                skipToLineEnd()
            }
        }

        static func isDocumentMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
            guard index + 3 <= bytes.count else { return false }
            let first = bytes[index]
            guard (first == UInt8(ascii: "-") || first == UInt8(ascii: ".")) && bytes[index + 1] == first && bytes[index + 2] == first else {
                return false
            }
            return index + 3 == bytes.count || [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index + 3])
        }

        /// A token where a node may begin.
        mutating func node(_ value: UInt8) -> (Finding, Int)? {
            switch value {
            case UInt8(ascii: "-") where !inFlow && isBlank(index + 1):
                roll(column())
                nodeColumn = nil
                index += 1
            case UInt8(ascii: "?") where isBlank(index + 1) || inFlow:
                // In a flow collection "?" is a key indicator even before a non-blank ("{?x}").
                return (.explicitKey, index)
            case UInt8(ascii: ":") where isBlank(index + 1) || inFlow:
                // A value with an empty key.
                if !inFlow { roll(column()) }
                flowValue = true
                index += 1
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if flowKeyPosition { return (.collectionKey, index) }
                if nodeColumn == nil && !inFlow { nodeColumn = column() }
                openFlow()
            case _ where (value == UInt8(ascii: "]") || value == UInt8(ascii: "}")) && inFlow:
                return closeFlow()
            case UInt8(ascii: ",") where inFlow:
                flowValue = false
                index += 1
            case UInt8(ascii: "*"):
                if flowKeyPosition { return (.aliasKey, index) }
                let start = index
                if nodeColumn == nil { nodeColumn = column() }
                index += 1
                while let next = byte(index), Self.isAnchorCharacter(next) { index += 1 }
                if colonFollows(index) { return (.aliasKey, start) }
                atNode = false
            case UInt8(ascii: "&"):
                // An anchor: its name ends where libyaml ends it ("&q: b" is anchor q, then ':').
                if nodeColumn == nil { nodeColumn = column() }
                index += 1
                while let next = byte(index), Self.isAnchorCharacter(next) { index += 1 }
            case UInt8(ascii: "!"):
                // A tag: the node itself follows.
                if nodeColumn == nil { nodeColumn = column() }
                index += 1
                while index < bytes.count && !isBlank(index) && !(inFlow && Self.isFlowIndicator(bytes[index])) {
                    index += 1
                }
            case _ where (value == UInt8(ascii: "|") || value == UInt8(ascii: ">")) && !inFlow:
                // libyaml: text indented past the current block indentation (and at least
                // one column), or by the explicit indentation given after it.
                let parent = max(indentation, 0)
                index += 1
                var explicit: Int?
                while let next = byte(index), next == UInt8(ascii: "+") || next == UInt8(ascii: "-")
                        || (next >= UInt8(ascii: "1") && next <= UInt8(ascii: "9")) {
                    if next != UInt8(ascii: "+") && next != UInt8(ascii: "-") { explicit = Int(next - UInt8(ascii: "0")) }
                    index += 1
                }
                blockScalar = (parent, explicit.map { parent + $0 })
                skipToLineEnd()
                atNode = false
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                if nodeColumn == nil { nodeColumn = column() }
                skipQuoted(value)
                atNode = false
            default:
                if nodeColumn == nil { nodeColumn = column() }
                skipPlain()
                atNode = false
            }
            return nil
        }

        /// A token after a node: a value indicator, a separator, or more of a plain value.
        mutating func afterNode(_ value: UInt8) -> (Finding, Int)? {
            switch value {
            case UInt8(ascii: ":") where isBlank(index + 1) || inFlow:
                // The node was a key: in block context its column opens a mapping.
                if !inFlow, let nodeColumn { roll(nodeColumn) }
                nodeColumn = nil
                flowValue = true
                atNode = true
                index += 1
            case UInt8(ascii: ",") where inFlow:
                flowValue = false
                atNode = true
                index += 1
            case _ where (value == UInt8(ascii: "]") || value == UInt8(ascii: "}")) && inFlow:
                return closeFlow()
            case _ where (value == UInt8(ascii: "[") || value == UInt8(ascii: "{")) && inFlow:
                openFlow()
            default:
                skipPlain()
            }
            return nil
        }

        mutating func openFlow() {
            flows.append((index, bytes[index] == UInt8(ascii: "{")))
            flowValue = false
            index += 1
            atNode = true
        }

        /// Closes a flow collection; a ':' after it makes it a key.
        mutating func closeFlow() -> (Finding, Int)? {
            let start = flows.removeLast().index
            index += 1
            atNode = false
            return colonFollows(index) ? (.collectionKey, start) : nil
        }

        /// Anchor and alias names as libyaml reads them.
        static func isAnchorCharacter(_ value: UInt8) -> Bool {
            (value >= UInt8(ascii: "0") && value <= UInt8(ascii: "9")) || (value >= UInt8(ascii: "a") && value <= UInt8(ascii: "z"))
                || (value >= UInt8(ascii: "A") && value <= UInt8(ascii: "Z")) || value == UInt8(ascii: "_") || value == UInt8(ascii: "-")
        }

        /// Skips a quoted value, across lines; a doubled quote (single-quoted) or a backslash
        /// escape (double-quoted) does not end it.
        mutating func skipQuoted(_ quote: UInt8) {
            index += 1
            while index < bytes.count {
                let value = bytes[index]
                if quote == UInt8(ascii: "\"") && value == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if value == quote {
                    if quote == UInt8(ascii: "'") && byte(index + 1) == quote {
                        index += 2
                        continue
                    }
                    index += 1
                    return
                }
                index += 1
            }
            index = bytes.count
        }

        /// Skips a plain value to the end of the line, a value indicator, a comment, or (in
        /// a flow collection) a flow indicator. Moves at least one byte unless `continuing`
        /// (a continuation line may start with ': '). A value that reaches the end of a line
        /// in block context may go on on the next.
        mutating func skipPlain(continuing: Bool = false) {
            if !continuing { index += 1 }
            while index < bytes.count {
                let value = bytes[index]
                if breakLength(index) > 0 {
                    plainOpen = !inFlow
                    return
                }
                if value == UInt8(ascii: ":") && (isBlank(index + 1) || (inFlow && Self.isFlowIndicator(byte(index + 1)))) { return }
                if value == UInt8(ascii: "#") && (bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09) { return }
                if inFlow && Self.isFlowIndicator(value) { return }
                index += 1
            }
        }
    }
}
