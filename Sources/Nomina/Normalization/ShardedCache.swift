import Synchronization

/// A bounded, thread-safe cache for the normaliser's per-token ICU results.
///
/// - Sharding: keys are spread over `shardCount` shards, each behind its own mutex, so
///   threads rarely wait for each other (measured in `Normalization/batch/mixed` with
///   1 and 2 tasks; see docs/benchmarks.md).
/// - Bound: each shard holds two generations of at most `capacity / shardCount / 2`
///   entries. A hit in the old generation is promoted; when the young generation is
///   full the old one is dropped. This approximates LRU at O(1) per operation and keeps
///   memory bounded whatever the input.
final class ShardedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Shard {
        var young: [Key: Value] = [:]
        var old: [Key: Value] = [:]
    }

    /// Mutex is not copyable, so each lives in a box of its own in the array. The
    /// padding keeps two shards' mutexes off one cache line, so that threads working
    /// on different shards do not invalidate each other's line (false sharing).
    private final class LockedShard: Sendable {
        let mutex = Mutex(Shard())
        let padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    private let shards: [LockedShard]
    private let generationLimit: Int
    /// The maximum number of entries.
    let capacity: Int

    init(capacity: Int, shardCount: Int = 16) {
        precondition(capacity > 0 && shardCount > 0, "cache capacity and shard count must be positive")
        self.capacity = capacity
        self.generationLimit = max(1, capacity / shardCount / 2)
        self.shards = (0..<shardCount).map { _ in LockedShard() }
    }

    @inline(__always)
    private func shardIndex(_ key: Key) -> Int {
        // Use the high bits: the dictionary inside the shard uses the low ones.
        Int(UInt(bitPattern: key.hashValue) >> 40) % shards.count
    }

    func value(for key: Key) -> Value? {
        shards[shardIndex(key)].mutex.withLock { shard -> Value? in
            if let value = shard.young[key] { return value }
            guard let value = shard.old.removeValue(forKey: key) else { return nil }
            Self.insert(key, value, into: &shard, limit: generationLimit)
            return value
        }
    }

    func insert(_ value: Value, for key: Key) {
        shards[shardIndex(key)].mutex.withLock { shard in
            Self.insert(key, value, into: &shard, limit: generationLimit)
        }
    }

    private static func insert(_ key: Key, _ value: Value, into shard: inout Shard, limit: Int) {
        if shard.young.count >= limit {
            shard.old = shard.young
            shard.young = Dictionary(minimumCapacity: limit)
        }
        shard.young[key] = value
    }

    /// Entries held now (at most ``capacity``).
    var count: Int { shards.reduce(0) { total, shard in total + shard.mutex.withLock { $0.young.count + $0.old.count } } }

    func removeAll() {
        for shard in shards { shard.mutex.withLock { $0 = Shard() } }
    }
}
