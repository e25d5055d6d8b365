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
/// Layout: nodes in one array (children contiguous, sorted by byte), 12 bytes a node.
struct KeyTrie: Sendable {
    struct Node: BitwiseCopyable {
        var firstChild: Int32 = -1
        var childCount: UInt8 = 0
        var byte: UInt8 = 0
        /// Index of the key ending here, or -1.
        var key: Int32 = -1
    }

    private let nodes: FlatArray<Node>
    /// The distinct keys, in the order given to `init`.
    let keys: StringTable

    /// Builds the trie of `keys` (ASCII bytes; duplicates must already be removed).
    init(keys: [[UInt8]]) {
        self.keys = StringTable(keys)
        let order = keys.indices.sorted { keys[$0].lexicographicallyPrecedes(keys[$1]) }
        var nodes = [Node()]
        // Build breadth-first over ranges of the sorted keys sharing a prefix.
        var queue: [(node: Int, depth: Int, range: Range<Int>)] = [(0, 0, 0..<order.count)]
        var head = 0
        while head < queue.count {
            let (node, depth, range) = queue[head]
            head += 1
            var start = range.lowerBound
            // A key that ends at this depth is the first of its range (it sorts first).
            if start < range.upperBound, keys[order[start]].count == depth {
                nodes[node].key = Int32(order[start])
                start += 1
            }
            var children: [(UInt8, Range<Int>)] = []
            var index = start
            while index < range.upperBound {
                let byte = keys[order[index]][depth]
                var end = index + 1
                while end < range.upperBound && keys[order[end]][depth] == byte { end += 1 }
                children.append((byte, index..<end))
                index = end
            }
            if children.isEmpty { continue }
            nodes[node].firstChild = Int32(nodes.count)
            nodes[node].childCount = UInt8(children.count)
            for (byte, childRange) in children {
                var child = Node()
                child.byte = byte
                queue.append((nodes.count, depth + 1, childRange))
                nodes.append(child)
            }
        }
        self.nodes = FlatArray(nodes)
    }

    func write(to writer: inout SnapshotWriter) throws(SnapshotError) {
        try writer.tag("KEYTRIE")
        try writer.array(nodes)
        try writer.strings(keys)
    }

    /// The trie read from a compiled index, checked to be the tree ``init(keys:)`` builds,
    /// so that ``search(_:maxEdits:anchored:)`` may follow its nodes unchecked: nodes in
    /// breadth-first order, each node's children the next unclaimed run after its
    /// parent's (every child index inside the array and after its parent, every node but
    /// the root the child of exactly one), and every key index inside `keys`.
    init(reading reader: inout SnapshotReader) throws(SnapshotError) {
        try reader.tag("KEYTRIE")
        nodes = try reader.array()
        keys = try reader.strings()
        guard !nodes.isEmpty else { throw reader.corrupt("the key trie has no root") }
        guard let problem = Self.treeProblem(nodes, keyCount: keys.count) else { return }
        throw reader.corrupt("the key trie \(problem)")
    }

    /// What is wrong with `nodes` as the tree of `keyCount` keys, nil if nothing: one
    /// pass without branches (a few nanoseconds a node: millions of them are checked at
    /// every open), then a second to say what failed.
    static func treeProblem(_ nodes: FlatArray<Node>, keyCount: Int) -> String? {
        let keyBound = UInt32(clamping: keyCount + 1)
        var next = 1
        var bad: UInt8 = 0
        for node in nodes.buffer {
            // A key index of -1 (none) becomes 0, a valid one 1...keyCount.
            bad |= UInt32(bitPattern: node.key &+ 1) >= keyBound ? 1 : 0
            let first = node.childCount == 0 ? -1 : Int32(truncatingIfNeeded: next)
            bad |= node.firstChild != first ? 1 : 0
            next += Int(node.childCount)
        }
        guard bad != 0 || next != nodes.count else { return nil }
        next = 1
        for node in nodes.buffer {
            guard node.key >= -1, Int(node.key) < keyCount else { return "has a key index past its keys" }
            if node.childCount == 0 {
                guard node.firstChild == -1 else { return "has a leaf with children" }
            } else {
                guard Int(node.firstChild) == next else { return "has children out of place" }
                next += Int(node.childCount)
            }
        }
        return next > nodes.count ? "has children past its nodes" : "has nodes that belong to no parent"
    }

    /// Bytes used by the trie's nodes.
    var nodeMemory: Int { nodes.count * MemoryLayout<Node>.stride }
    var nodeCount: Int { nodes.count }

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
    func search(_ query: [UInt8], maxEdits: Int, anchored: Bool = false) -> [(key: Int, edits: Int)] {
        var results: [(key: Int, edits: Int)] = []
        let m = query.count
        let depthLimit = m + maxEdits + 1
        let infinity = maxEdits + 1
        // Cell (d, j) — the distance between the path's first d bytes and query[..<j], for
        // d − k − 1 ≤ j ≤ d + k + 1 — is rows[d * width + j − d + k + 1].
        let width = 2 * maxEdits + 3
        let rows = UnsafeMutableBufferPointer<Int>.allocate(capacity: width * (depthLimit + 1))
        rows.initialize(repeating: infinity)
        let path = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: depthLimit + 1)
        defer { rows.deallocate(); path.deallocate() }
        @inline(__always) func cell(_ d: Int, _ j: Int) -> Int { d * width + j - d + maxEdits + 1 }
        for j in 0...min(m, maxEdits) { rows[cell(0, j)] = j }
        query.withUnsafeBufferPointer { q in
            do { let nodes = nodes.buffer
                // Iterative depth-first walk: (node, depth) pairs on an explicit stack.
                var stack: [(node: Int32, depth: Int32)] = []
                func pushChildren(of node: Int, depth: Int) {
                    let first = Int(nodes[node].firstChild)
                    guard first >= 0, depth + 1 <= depthLimit - 1 else { return }
                    for child in stride(from: first + Int(nodes[node].childCount) - 1, through: first, by: -1) {
                        if anchored && depth == 0 && m > 0 && nodes[child].byte != q[0] { continue }
                        stack.append((Int32(child), Int32(depth)))
                    }
                }
                pushChildren(of: 0, depth: 0)
                while let (nodeIndex, parentDepth) = stack.popLast() {
                    let node = Int(nodeIndex), depth = Int(parentDepth)
                    let byte = nodes[node].byte
                    path[depth] = byte
                    let low = max(1, depth + 1 - maxEdits), high = min(m, depth + 1 + maxEdits)
                    // The cell left of the band (column low − 1) is outside it, unless it is column 0.
                    rows[cell(depth + 1, low - 1)] = low - 1 == 0 ? depth + 1 : infinity
                    var rowMinimum = low - 1 == 0 ? depth + 1 : infinity
                    if low <= high {
                        for j in low...high {
                            let cost = q[j - 1] == byte ? 0 : 1
                            let up = j <= depth + maxEdits ? rows[cell(depth, j)] : infinity
                            var value = min(up + 1, rows[cell(depth + 1, j - 1)] + 1, rows[cell(depth, j - 1)] + cost)
                            if depth >= 1 && j >= 2 && q[j - 1] == path[depth - 1] && q[j - 2] == byte {
                                value = min(value, rows[cell(depth - 1, j - 2)] + 1)
                            }
                            value = min(value, infinity)
                            rows[cell(depth + 1, j)] = value
                            if value < rowMinimum { rowMinimum = value }
                        }
                    }
                    // Keep the cell right of the band at "infinity" for the next row.
                    if high + 1 <= m { rows[cell(depth + 1, high + 1)] = infinity }
                    if nodes[node].key >= 0, depth + 1 >= m - maxEdits, m <= high || m == 0 {
                        let distance = rows[cell(depth + 1, m)]
                        if distance <= maxEdits { results.append((Int(nodes[node].key), distance)) }
                    }
                    if rowMinimum <= maxEdits { pushChildren(of: node, depth: depth + 1) }
                }
            }
        }
        return results
    }
}
