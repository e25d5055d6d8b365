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
    private struct Node {
        var firstChild: Int32 = -1
        var childCount: UInt8 = 0
        var byte: UInt8 = 0
        /// Index of the key ending here, or -1.
        var key: Int32 = -1
    }

    private let nodes: [Node]
    /// The distinct keys, in the order given to `init`.
    let keys: [[UInt8]]

    /// Builds the trie of `keys` (ASCII bytes; duplicates must already be removed).
    init(keys: [[UInt8]]) {
        self.keys = keys
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
        self.nodes = nodes
    }

    /// Bytes used by the trie's nodes.
    var nodeMemory: Int { nodes.count * MemoryLayout<Node>.stride }
    var nodeCount: Int { nodes.count }

    /// Every key within `maxEdits` OSA edits of `query`, with its distance.
    func search(_ query: [UInt8], maxEdits: Int) -> [(key: Int, edits: Int)] {
        var results: [(key: Int, edits: Int)] = []
        let width = query.count + 1
        let depth = query.count + maxEdits + 2
        // rows[d] is the DP row after the first d bytes of the current path; path[d] its bytes.
        var rows = [Int](repeating: 0, count: width * depth)
        var path = [UInt8](repeating: 0, count: depth)
        for j in 0..<width { rows[j] = j }
        walk(node: 0, depth: 0, query: query, maxEdits: maxEdits, rows: &rows, path: &path, width: width, results: &results)
        return results
    }

    private func walk(node: Int, depth: Int, query: [UInt8], maxEdits: Int, rows: inout [Int], path: inout [UInt8],
                      width: Int, results: inout [(key: Int, edits: Int)]) {
        let first = Int(nodes[node].firstChild)
        guard first >= 0, depth + 1 <= query.count + maxEdits else { return }
        for childIndex in first..<(first + Int(nodes[node].childCount)) {
            let byte = nodes[childIndex].byte
            path[depth] = byte
            let previous = depth * width
            let current = (depth + 1) * width
            rows[current] = depth + 1
            var rowMinimum = rows[current]
            for j in 1..<width {
                let cost = query[j - 1] == byte ? 0 : 1
                var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                if depth >= 1 && j >= 2 && query[j - 1] == path[depth - 1] && query[j - 2] == byte {
                    value = min(value, rows[(depth - 1) * width + j - 2] + 1)
                }
                rows[current + j] = value
                if value < rowMinimum { rowMinimum = value }
            }
            if nodes[childIndex].key >= 0, rows[current + width - 1] <= maxEdits {
                results.append((Int(nodes[childIndex].key), rows[current + width - 1]))
            }
            if rowMinimum <= maxEdits {
                walk(node: childIndex, depth: depth + 1, query: query, maxEdits: maxEdits, rows: &rows, path: &path,
                     width: width, results: &results)
            }
        }
    }
}
