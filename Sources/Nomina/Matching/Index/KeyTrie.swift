/// A trie of folded keys searched with a bounded optimal-string-alignment walk
/// (Levenshtein plus adjacent transpositions: "Tnuisia", "Geogria"): the fuzzy stage's
/// candidate index.
///
/// Why a trie and not a symmetric-deletion index: deletion variants of 2-edit keys
/// multiply memory by ~L²/2 (60–80 entries per key), while a trie shares prefixes and
/// needs one node per distinct prefix. The walk keeps one dynamic-programming row per
/// depth and abandons a branch as soon as every cell of its row exceeds the edit budget,
/// so it visits only the prefixes within the budget of some prefix of the query. (The row
/// minimum stays a lower bound with transpositions: a transposition reaches back two rows
/// at cost 1, never below what a substitution gives the row in between.)
///
/// Layout: nodes in one array in breadth-first order (children contiguous, sorted by
/// byte), 8 bytes a node (first child, child count, byte, whether a key ends there), and
/// the number of keys that end before every 64th node. Keys are numbered in node order
/// (their rank among the nodes where a key ends): the trie stores no key twice, and a
/// search gives each key found as its rank and its bytes (the path walked).
struct KeyTrie: Sendable {
    /// first child (bits 0–31; 0 for none: the root is nobody's child), child count (32–39),
    /// byte (40–47), key ends here (48), the most bytes a key of the subtree has after the
    /// node (49–55; 127 for 127 or more) and the fewest (56–62); bit 63 is 0.
    struct Node: BitwiseCopyable, Equatable {
        var bits: UInt64

        init(bits: UInt64) { self.bits = bits }

        init(firstChild: Int, childCount: Int, byte: UInt8, terminal: Bool) {
            bits = UInt64(UInt32(truncatingIfNeeded: firstChild)) | UInt64(UInt8(truncatingIfNeeded: childCount)) << 32
                | UInt64(byte) << 40 | (terminal ? 1 << 48 : 0)
        }

        @inline(__always) var firstChild: Int { Int(UInt32(truncatingIfNeeded: bits)) }
        @inline(__always) var childCount: Int { Int(UInt8(truncatingIfNeeded: bits >> 32)) }
        @inline(__always) var byte: UInt8 { UInt8(truncatingIfNeeded: bits >> 40) }
        @inline(__always) var terminal: Bool { bits & (1 << 48) != 0 }
        /// The most bytes a key of the subtree has after this node (0 when only the node's
        /// own key), `Int.max` when 127 or more.
        @inline(__always) var deepest: Int { storedDeepest == Self.lengthLimit ? Int.max : storedDeepest }
        /// The field `deepest` is read from (``lengthLimit`` for 127 or more).
        @inline(__always) var storedDeepest: Int { Int(truncatingIfNeeded: (bits >> 49) & 0x7F) }
        /// The fewest bytes a key of the subtree has after this node (127 for 127 or more).
        @inline(__always) var shallowest: Int { Int(truncatingIfNeeded: (bits >> 56) & 0x7F) }

        /// What the length fields hold at most.
        static let lengthLimit = 127

        /// The node with its subtree's key lengths after it (saturated at ``lengthLimit``).
        func withLengths(shallowest: Int, deepest: Int) -> Node {
            let low = UInt64(min(shallowest, Self.lengthLimit)), high = UInt64(min(deepest, Self.lengthLimit))
            return Node(bits: bits & ~(0x3FFF << 49) | high << 49 | low << 56)
        }
    }

    private let nodes: FlatArray<Node>
    /// Keys that end before node `64 * i`.
    private let ranks: FlatArray<UInt32>
    /// The number of distinct keys.
    let keyCount: Int

    /// Builds the trie of `keys` (ASCII bytes; duplicates must already be removed).
    init(keys: [[UInt8]]) { self = Self.build(keys: keys).trie }

    /// The trie of `keys` (distinct), and the rank each key has in it, in the order given.
    static func build(keys: [[UInt8]]) -> (trie: KeyTrie, ranks: [Int32]) {
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var nodes = [Node(firstChild: 0, childCount: 0, byte: 0, terminal: false)]
        var keyRanks = [Int32](repeating: -1, count: keys.count)
        var rank: Int32 = 0
        // Build breadth-first over ranges of the sorted keys sharing a prefix: nodes are
        // made, and keys ranked, in node order.
        var queue: [(depth: Int, range: Range<Int>)] = [(0, 0..<order.count)]
        var head = 0
        while head < queue.count {
            let node = head
            let (depth, range) = queue[head]
            head += 1
            var start = range.lowerBound
            // A key that ends at this depth is the first of its range (it sorts first).
            if start < range.upperBound, keys[order[start]].count == depth {
                nodes[node].bits |= 1 << 48
                keyRanks[order[start]] = rank
                rank += 1
                start += 1
            }
            var childCount = 0
            let firstChild = nodes.count
            var index = start
            while index < range.upperBound {
                let byte = keys[order[index]][depth]
                var end = index + 1
                while end < range.upperBound && keys[order[end]][depth] == byte { end += 1 }
                queue.append((depth + 1, index..<end))
                nodes.append(Node(firstChild: 0, childCount: 0, byte: byte, terminal: false))
                childCount += 1
                index = end
            }
            precondition(childCount <= 255, "KeyTrie: a node with more than 255 children")
            if childCount > 0 {
                nodes[node] = Node(firstChild: firstChild, childCount: childCount, byte: nodes[node].byte,
                                   terminal: nodes[node].terminal)
            }
        }
        precondition(nodes.count < Int(UInt32.max), "KeyTrie: too many nodes")
        // The lengths of the keys below each node, children before parents (breadth-first
        // order puts every child after its parent).
        for position in nodes.indices.reversed() {
            let (shallowest, deepest) = Self.subtreeLengths(of: nodes[position]) { nodes[$0] }
            nodes[position] = nodes[position].withLengths(shallowest: shallowest, deepest: deepest)
        }
        var ranks: [UInt32] = []
        var before: UInt32 = 0
        for (position, node) in nodes.enumerated() {
            if position % 64 == 0 { ranks.append(before) }
            if node.terminal { before += 1 }
        }
        return (KeyTrie(nodes: FlatArray(nodes), ranks: FlatArray(ranks), keyCount: keys.count), keyRanks)
    }

    /// The fewest and the most bytes after `node` of the keys of its subtree, from its
    /// children's lengths (saturated at ``Node/lengthLimit``).
    @inline(__always)
    static func subtreeLengths(of node: Node, _ child: (Int) -> Node) -> (shallowest: Int, deepest: Int) {
        var shallowest = node.terminal ? 0 : Node.lengthLimit, deepest = 0
        for position in node.firstChild..<(node.childCount == 0 ? node.firstChild : node.firstChild + node.childCount) {
            let below = child(position)
            shallowest = min(shallowest, min(below.shallowest + 1, Node.lengthLimit))
            deepest = max(deepest, min(below.storedDeepest + 1, Node.lengthLimit))
        }
        return (shallowest, deepest)
    }

    private init(nodes: FlatArray<Node>, ranks: FlatArray<UInt32>, keyCount: Int) {
        self.nodes = nodes
        self.ranks = ranks
        self.keyCount = keyCount
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("KEYTRIE")
        try writer.integer(keyCount)
        try writer.array(nodes)
        try writer.array(ranks)
    }

    /// The trie read from a compiled index, checked to be the tree ``build(keys:)`` makes,
    /// so that ``search(_:maxEdits:anchored:)`` may follow its nodes unchecked: nodes in
    /// breadth-first order, each node's children the next unclaimed run after its
    /// parent's (every child index inside the array and after its parent, every node but
    /// the root the child of exactly one), and the key counts before every 64th node those
    /// of the nodes, so that every rank is below the number of keys.
    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("KEYTRIE")
        keyCount = try reader.integer()
        nodes = try reader.array()
        ranks = try reader.array()
        guard !nodes.isEmpty else { throw reader.corrupt("the key trie has no root") }
        guard let problem = Self.treeProblem(nodes, ranks: ranks, keyCount: keyCount) else { return }
        throw reader.corrupt("the key trie \(problem)")
    }

    /// What is wrong with `nodes` as the tree of `keyCount` keys with `ranks`, nil if
    /// nothing: one pass without branches (a few nanoseconds a node: millions of them are
    /// checked at every open), then a second to say what failed.
    static func treeProblem(_ nodes: FlatArray<Node>, ranks: FlatArray<UInt32>, keyCount: Int) -> String? {
        guard ranks.count == (nodes.count + 63) / 64 else { return "has key counts that do not match its nodes" }
        var next = 1
        var bad: UInt64 = 0
        var keys = 0
        for (position, node) in nodes.buffer.enumerated() {
            // A leaf's first child is 0; any other node's is the next unclaimed.
            let first = node.childCount == 0 ? 0 : next
            bad |= UInt64(truncatingIfNeeded: node.firstChild ^ first) | node.bits >> 63
            if position & 63 == 0 { bad |= UInt64(ranks[position >> 6] ^ UInt32(truncatingIfNeeded: keys)) }
            next += node.childCount
            keys += node.terminal ? 1 : 0
        }
        guard bad != 0 || next != nodes.count || keys != keyCount else { return lengthProblem(nodes) }
        next = 1
        keys = 0
        for (position, node) in nodes.buffer.enumerated() {
            guard node.bits >> 63 == 0 else { return "has a node with unknown bits" }
            if position & 63 == 0 && Int(ranks[position >> 6]) != keys { return "has key counts that do not match its nodes" }
            keys += node.terminal ? 1 : 0
            if node.childCount == 0 {
                guard node.firstChild == 0 else { return "has a leaf with children" }
            } else {
                guard node.firstChild == next else { return "has children out of place" }
                next += node.childCount
            }
        }
        if keys != keyCount { return "has \(keys) keys where \(keyCount) were expected" }
        return next > nodes.count ? "has children past its nodes" : "has nodes that belong to no parent"
    }

    /// What is wrong with the key lengths that the nodes of a well-formed tree hold, nil if
    /// nothing: each node's must follow from its children's (the walk prunes by them, so a
    /// wrong one would hide keys), checked children first.
    static func lengthProblem(_ nodes: FlatArray<Node>) -> String? {
        let buffer = nodes.buffer
        for position in buffer.indices.reversed() {
            let node = buffer[position]
            let (shallowest, deepest) = subtreeLengths(of: node) { buffer[$0] }
            if node.withLengths(shallowest: shallowest, deepest: deepest).bits != node.bits {
                return "has a node whose key lengths do not match its subtree"
            }
        }
        return nil
    }

    /// Bytes used by the trie.
    var nodeMemory: Int { nodes.byteCount + ranks.byteCount }
    var nodeCount: Int { nodes.count }

    /// The rank of the key that ends at `node` (which must be terminal).
    @inline(__always)
    private func rank(of node: Int) -> Int {
        var rank = Int(ranks[node >> 6])
        var position = node & ~63
        while position < node {
            if nodes[position].terminal { rank += 1 }
            position += 1
        }
        return rank
    }

    /// The rank of `key`, nil if it is not a key of the trie.
    func rank(of key: some Collection<UInt8>) -> Int? {
        var node = 0
        for byte in key {
            let current = nodes[node]
            guard let child = (current.firstChild..<current.firstChild + current.childCount)
                .first(where: { nodes[$0].byte == byte }) else { return nil }
            node = child
        }
        return nodes[node].terminal ? rank(of: node) : nil
    }

    /// The child of `node` along `byte`, if any.
    @inline(__always)
    private func child(_ node: Int, _ byte: UInt8) -> Int? {
        let current = nodes[node]
        // Children are sorted by byte: a binary search.
        var low = current.firstChild, high = low + current.childCount
        while low < high {
            let middle = (low + high) >> 1
            let found = nodes[middle].byte
            if found == byte { return middle }
            if found < byte { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Every key exactly one OSA edit from `query` (an insertion, a deletion, a
    /// substitution or a transposition of two adjacent bytes) that starts with the query's
    /// first byte: ``search(_:maxEdits:anchored:found:)`` with a budget of one, anchored,
    /// less the query itself, each key once, in no particular order. Each edit is tried at
    /// each position of the query where the bytes before it are a path of the trie, and
    /// the rest of the query is followed exactly: a few nodes per position, where the
    /// banded walk visits every node within one edit of some prefix of the query (tens of
    /// microseconds in the GeoNames trie).
    ///
    /// With `filter` (the keys' ``EditFilter``), insertions and substitutions at a node of
    /// more than eight children are tried only where the filter says a key may follow.
    func searchOneEdit(_ query: [UInt8], filter: EditFilter? = nil,
                       found: (_ key: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) {
        let m = query.count
        guard m > 0 else { return }
        // The nodes of the query's prefixes, as far as the trie has them.
        var spine = [0]
        while spine.count <= m, let next = child(spine[spine.count - 1], query[spine.count - 1]) { spine.append(next) }
        let path = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: m + 2)
        defer { path.deallocate() }
        var reported: [Int] = []
        query.withUnsafeBufferPointer { q in
            // From `node` at `depth`, the query from `next` on, exactly.
            func follow(_ node: Int, _ depth: Int, _ next: Int) {
                var node = node, depth = depth, next = next
                while next < m {
                    guard let step = child(node, q[next]) else { return }
                    path[depth] = q[next]
                    node = step
                    depth += 1
                    next += 1
                }
                guard nodes[node].terminal else { return }
                let key = rank(of: node)
                guard !reported.contains(key) else { return }
                reported.append(key)
                found(key, UnsafeBufferPointer(rebasing: path[..<depth]))
            }
            // An edit at position 0 that keeps the first byte is the same edit at position 1.
            for position in 1..<spine.count {
                let node = spine[position]
                path[position - 1] = q[position - 1]
                if position < m { follow(node, position, position + 1) }  // deletion
                let first = nodes[node].firstChild, end = first + nodes[node].childCount
                var insert = true, substitute = position < m
                if let filter, end - first > 8 {
                    insert = filter.mayContain(EditFilter.hash(q, skipping: -1, tag: position))
                    substitute = substitute && filter.mayContain(EditFilter.hash(q, skipping: position, tag: position))
                }
                if insert || substitute {
                    for branch in first..<end {
                        let byte = nodes[branch].byte
                        path[position] = byte
                        if insert { follow(branch, position + 1, position) }
                        if substitute && byte != q[position] { follow(branch, position + 1, position + 1) }
                    }
                }
                if position + 1 < m && q[position] != q[position + 1],  // transposition
                   let swapped = child(node, q[position + 1]), let back = child(swapped, q[position]) {
                    path[position] = q[position + 1]
                    path[position + 1] = q[position]
                    follow(back, position + 2, position + 2)
                }
            }
        }
    }

    /// Every key within `maxEdits` OSA edits of `query`: its rank and distance, in byte
    /// order of the keys (see ``search(_:maxEdits:anchored:found:)``).
    func search(_ query: [UInt8], maxEdits: Int, anchored: Bool = false) -> [(key: Int, edits: Int, length: Int)] {
        var results: [(key: Int, edits: Int, length: Int)] = []
        search(query, maxEdits: maxEdits, anchored: anchored) { key, edits, bytes in results.append((key, edits, bytes.count)) }
        return results
    }

    /// Every key within `maxEdits` OSA edits of `query`, with its distance. With
    /// `anchored`, only keys that start with the query's first byte: typos seldom hit the
    /// first letter, and the anchor cuts the walk to one subtree of the root (measured on
    /// the bundled set: 89 µs → see docs/benchmarks.md for the figure after).
    ///
    /// Only the diagonal band `|i − j| ≤ maxEdits` of each row is computed (cells outside
    /// it exceed the budget: Ukkonen's band), so a node costs 2k + 1 cells, not |query| + 1,
    /// and only the band is stored: 2k + 3 cells a row (the band and one cell either side),
    /// so memory is linear in the query's length (a full table of a 60,000-byte query
    /// asked for 28 GB).
    ///
    /// `found` is called for each key with its rank, its distance and its bytes (valid
    /// during the call), in byte order of the keys.
    func search(_ query: [UInt8], maxEdits: Int, anchored: Bool = false,
                found: (_ key: Int, _ edits: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) {
        if (1...Self.longestBitParallelQuery).contains(query.count) {
            searchBitParallel(query, maxEdits: maxEdits, anchored: anchored, found: found)
        } else {
            searchBanded(query, maxEdits: maxEdits, anchored: anchored, found: found)
        }
    }

    /// The longest query ``searchBitParallel(_:maxEdits:anchored:found:)`` takes: its
    /// column, one bit a byte, fits a 64-bit word with a bit to carry into.
    static let longestBitParallelQuery = 63

    /// ``search(_:maxEdits:anchored:found:)`` with each node's column of the table kept as
    /// bit vectors of its differences (Myers' algorithm for the edit distance, with Hyyrö's
    /// extension for transpositions): a node costs a dozen word operations whatever the
    /// query's length, where the band took a few per cell and branches. The same keys, the
    /// same distances, in the same order: a branch is abandoned when every cell of the
    /// column within `maxEdits` of the diagonal exceeds the budget (cells outside it always
    /// do), as the banded walk abandons it.
    func searchBitParallel(_ query: [UInt8], maxEdits: Int, anchored: Bool,
                           found: (_ key: Int, _ edits: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) {
        let m = query.count
        precondition(m >= 1 && m <= Self.longestBitParallelQuery)
        let depthLimit = m + maxEdits + 1
        guard maxEdits >= 0 else { return }
        let mask: UInt64 = (1 << UInt64(m)) - 1
        let last: UInt64 = 1 << UInt64(m - 1)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 256) { matches in
            // Which positions of the query hold each byte.
            matches.initialize(repeating: 0)
            for (position, byte) in query.enumerated() { matches[Int(byte)] |= 1 << UInt64(position) }
            // Per depth (the path's length): the column's vertical differences (+1 in
            // `plus`, −1 in `minus`), the cell in the last row, the diagonal-zero vector and
            // the byte's matches (which the transposition of the next byte reads).
            let capacity = depthLimit + 1
            let words = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 4 * capacity)
            let scores = UnsafeMutableBufferPointer<Int>.allocate(capacity: capacity)
            defer { words.deallocate(); scores.deallocate() }
            let plus = words.baseAddress!, minus = plus + capacity, zeros = minus + capacity, matched = zeros + capacity
            // The empty path: cell i is i.
            plus[0] = mask; minus[0] = 0; zeros[0] = 0; matched[0] = 0; scores[0] = m
            walk(anchor: anchored ? query[0] : nil, depthLimit: depthLimit) { node, current, depth, path, mayDescend in
                let pm = matches[Int(current.byte)]
                let vp = plus[depth], vn = minus[depth]
                let transposed = ((~zeros[depth] & pm) << 1) & matched[depth]
                let d0 = ((((pm & vp) &+ vp) ^ vp) | pm | vn | transposed) & mask
                let hp = (vn | ~(d0 | vp)) & mask
                let hn = vp & d0
                let score = scores[depth] + (hp & last != 0 ? 1 : 0) - (hn & last != 0 ? 1 : 0)
                let x = (hp << 1) | 1
                let nextMinus = x & d0 & mask
                let nextPlus = ((hn << 1) | ~(x | d0)) & mask
                let length = depth + 1
                if current.terminal, score <= maxEdits {
                    found(rank(of: node), score, UnsafeBufferPointer(start: path, count: length))
                }
                guard mayDescend else { return false }
                // The least distance a key below can have: for each cell within the band
                // (cell `low` from the differences below it, then one difference at a time),
                // the cell plus the difference between what is left of the query after it and
                // what the subtree's keys have left (each edit changes a length by one at
                // most). Cells outside the band exceed the budget on their own.
                let low = max(0, length - maxEdits), high = min(m, length + maxEdits)
                guard low <= high else { return false }
                let shallowest = current.shallowest, deepest = current.deepest
                let below: UInt64 = low >= 64 ? ~0 : (1 << UInt64(low)) - 1
                var cell = length + (nextPlus & below).nonzeroBitCount - (nextMinus & below).nonzeroBitCount
                var row = low
                var least = Int.max
                while true {
                    let left = m - row
                    let gap = left < shallowest ? shallowest - left : left > deepest ? left - deepest : 0
                    least = min(least, cell + gap)
                    guard row < high, least > maxEdits else { break }
                    let bit: UInt64 = 1 << UInt64(row)
                    cell += (nextPlus & bit != 0 ? 1 : 0) - (nextMinus & bit != 0 ? 1 : 0)
                    row += 1
                }
                guard least <= maxEdits else { return false }
                plus[length] = nextPlus; minus[length] = nextMinus; zeros[length] = d0; matched[length] = pm; scores[length] = score
                return true
            }
        }
    }

    /// ``search(_:maxEdits:anchored:found:)`` by the diagonal band of the table, a cell at a
    /// time: for an empty query and queries longer than ``longestBitParallelQuery``.
    func searchBanded(_ query: [UInt8], maxEdits: Int, anchored: Bool = false,
                      found: (_ key: Int, _ edits: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) {
        let m = query.count
        let depthLimit = m + maxEdits + 1
        let infinity = Int32(maxEdits + 1)
        let budget = Int32(maxEdits)
        // Cell (d, j) — the distance between the path's first d bytes and query[..<j], for
        // d − k − 1 ≤ j ≤ d + k + 1 — is rows[d * width + j − d + k + 1].
        let width = 2 * maxEdits + 3
        let rows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: width * (depthLimit + 1))
        rows.initialize(repeating: infinity)
        defer { rows.deallocate() }
        @inline(__always) func cell(_ d: Int, _ j: Int) -> Int { d * width + j - d + maxEdits + 1 }
        for j in 0...min(m, maxEdits) { rows[cell(0, j)] = Int32(j) }
        query.withUnsafeBufferPointer { q in
            walk(anchor: anchored && m > 0 ? q[0] : nil, depthLimit: depthLimit) { node, current, depth, path, mayDescend in
                let byte = current.byte
                let low = max(1, depth + 1 - maxEdits), high = min(m, depth + 1 + maxEdits)
                let above = rows.baseAddress! + cell(depth, 0)
                let row = rows.baseAddress! + cell(depth + 1, 0)
                // The cell left of the band (column low − 1) is outside it, unless it is column 0.
                var left = low - 1 == 0 ? Int32(depth + 1) : infinity
                row[low - 1] = left
                var rowMinimum = left
                if low <= high {
                    let twoAbove = depth >= 1 ? rows.baseAddress! + cell(depth - 1, 0) : above
                    let previousByte = depth >= 1 ? path[depth - 1] : 0
                    for j in low...high {
                        let queryByte = q[j - 1]
                        let up = j <= depth + maxEdits ? above[j] : infinity
                        var value = min(up, left) + 1
                        let diagonal = above[j - 1] + (queryByte == byte ? 0 : 1)
                        if diagonal < value { value = diagonal }
                        if depth >= 1 && j >= 2 && queryByte == previousByte && q[j - 2] == byte {
                            value = min(value, twoAbove[j - 2] + 1)
                        }
                        if value > infinity { value = infinity }
                        row[j] = value
                        left = value
                        if value < rowMinimum { rowMinimum = value }
                    }
                }
                // Keep the cell right of the band at "infinity" for the next row.
                if high + 1 <= m { row[high + 1] = infinity }
                if current.terminal, depth + 1 >= m - maxEdits, m <= high || m == 0 {
                    let distance = row[m]
                    if distance <= budget {
                        found(rank(of: node), Int(distance), UnsafeBufferPointer(start: path, count: depth + 1))
                    }
                }
                return mayDescend && rowMinimum <= budget
            }
        }
    }

    /// The depth-first walk both searches take, in byte order of the keys: each node
    /// reached is visited with its depth (its path's length less one) and the path's bytes
    /// (written up to `depth`), and whether it has children within `depthLimit`; the walk
    /// goes into them when `visit` returns true. With `anchor`, only the root's child along
    /// that byte. Its frames: at each depth, the next sibling to visit and the end of the
    /// run of siblings (children are contiguous and sorted by byte).
    @inline(__always)
    private func walk(anchor: UInt8?, depthLimit: Int,
                      _ visit: (_ node: Int, _ current: Node, _ depth: Int, _ path: UnsafePointer<UInt8>, _ mayDescend: Bool) -> Bool) {
        let nodes = nodes.buffer
        guard nodes[0].childCount > 0, depthLimit >= 2 else { return }
        let frames = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * (depthLimit + 1))
        let path = UnsafeMutablePointer<UInt8>.allocate(capacity: depthLimit + 1)
        defer { frames.deallocate(); path.deallocate() }
        let cursors = frames.baseAddress!, ends = cursors + depthLimit + 1
        cursors[0] = nodes[0].firstChild
        ends[0] = cursors[0] + nodes[0].childCount
        if let anchor {
            guard let child = child(0, anchor) else { return }
            (cursors[0], ends[0]) = (child, child + 1)
        }
        var depth = 0
        while depth >= 0 {
            let node = cursors[depth]
            guard node < ends[depth] else {
                depth -= 1
                continue
            }
            cursors[depth] = node + 1
            let current = nodes[node]
            path[depth] = current.byte
            let mayDescend = current.childCount > 0 && depth + 2 <= depthLimit - 1
            guard visit(node, current, depth, path, mayDescend), mayDescend else { continue }
            depth += 1
            cursors[depth] = current.firstChild
            ends[depth] = current.firstChild + current.childCount
        }
    }
}
