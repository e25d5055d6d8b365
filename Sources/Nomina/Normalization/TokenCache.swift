
/// The normaliser's bounded, thread-safe cache of per-token ICU results.
///
/// Design, measured with `Normalization/batch-*` (docs/benchmarks.md):
/// - **No shared reference counts on hits.** An entry is plain memory (the raw token's
///   bytes, then the output tokens joined by spaces) owned by the cache, and a hit copies
///   the output into the caller's buffer *while holding the shard's lock*. A hit retains
///   nothing, so two threads reading the same entry never bounce a reference count's
///   cache line between cores, as they did when entries were shared Swift objects.
/// - **Sharding.** 16 shards, each behind its own mutex, padded to its own cache line.
/// - **Bound.** Each shard holds two generations of at most `capacity / 32` entries. A
///   hit in the old generation is promoted; when the young generation is full, the old
///   one is freed. Approximate LRU at O(1) per operation, memory bounded for any input.
///
/// Invariant: entry memory is read only under its shard's lock, and freed only under
/// the same lock (when its generation is dropped) or in `deinit`.
final class TokenCache: @unchecked Sendable {
    /// Sendable by the invariant above: its memory is only touched under a shard lock.
    struct Entry: @unchecked Sendable {
        /// `rawCount` bytes of the raw token, then `outputCount` bytes of output.
        let memory: UnsafeMutablePointer<UInt8>
        let rawCount: Int32
        let outputCount: Int32
        let scripts: ScriptSet

        func free() { memory.deallocate() }
    }

    private struct Shard {
        var young: [UInt64: Entry] = [:]
        var old: [UInt64: Entry] = [:]
    }

    private final class LockedShard: Sendable {
        let mutex = Locked(Shard())
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

    deinit {
        for shard in shards {
            shard.mutex.withLock { shard in
                for entry in shard.young.values { entry.free() }
                for entry in shard.old.values { entry.free() }
            }
        }
    }

    @inline(__always)
    private func shard(_ hash: UInt64) -> LockedShard {
        shards[Int(truncatingIfNeeded: hash >> 56) % shards.count]
    }

    /// Looks `raw` up; on a hit, calls `body` with the output bytes and scripts while
    /// the entry is locked, and returns true.
    @inline(__always)
    func withEntry(hash: UInt64, raw: UnsafeBufferPointer<UInt8>,
                   _ body: (UnsafeBufferPointer<UInt8>, ScriptSet) -> Void) -> Bool {
        let limit = generationLimit
        return shard(hash).mutex.withLock { shard -> Bool in
            var found = shard.young[hash]
            if found == nil, let old = shard.old.removeValue(forKey: hash) {
                found = old
                Self.insert(hash, old, into: &shard, limit: limit)
            }
            guard let entry = found, Self.matches(entry, raw) else { return false }
            body(UnsafeBufferPointer(start: entry.memory + Int(entry.rawCount), count: Int(entry.outputCount)),
                 entry.scripts)
            return true
        }
    }

    /// Stores the output for `raw` (tokens joined by single spaces).
    func insert(hash: UInt64, raw: UnsafeBufferPointer<UInt8>, output: [UInt8], scripts: ScriptSet) {
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, raw.count + output.count))
        if let base = raw.baseAddress { memory.initialize(from: base, count: raw.count) }
        output.withUnsafeBufferPointer { out in
            if let base = out.baseAddress { (memory + raw.count).initialize(from: base, count: out.count) }
        }
        let entry = Entry(memory: memory, rawCount: Int32(raw.count), outputCount: Int32(output.count), scripts: scripts)
        let limit = generationLimit
        shard(hash).mutex.withLock { shard in
            Self.insert(hash, entry, into: &shard, limit: limit)
        }
    }

    private static func matches(_ entry: Entry, _ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(entry.rawCount) == raw.count else { return false }
        guard let base = raw.baseAddress else { return true }
        return memcmp(entry.memory, base, raw.count) == 0
    }

    private static func insert(_ hash: UInt64, _ entry: Entry, into shard: inout Shard, limit: Int) {
        // A 64-bit hash collision, or a racing insert of the same token: replace it.
        if let existing = shard.young[hash] {
            if existing.memory != entry.memory { existing.free() }
            shard.young[hash] = entry
            return
        }
        if shard.young.count >= limit {
            for old in shard.old.values { old.free() }
            shard.old = shard.young
            shard.young = Dictionary(minimumCapacity: limit)
        }
        shard.young[hash] = entry
    }

    /// Entries held now (at most ``capacity``, rounded up to whole generations).
    var count: Int {
        shards.reduce(0) { total, shard in total + shard.mutex.withLock { $0.young.count + $0.old.count } }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
