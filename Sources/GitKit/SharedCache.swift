import Foundation

/// Values read lately, kept until a byte budget is spent; one cache can serve several threads
/// (verify's workers), so what one worker read serves the other. When the budget is spent, the
/// value least recently used goes first, roughly: values used since the last eviction pass are
/// spared once ("second chance"), which costs a flag per lookup instead of reordering a list.
public final class SharedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let shards: [Shard]
    private let spread: (Key) -> UInt

    /// A cache that keeps values while their `size`s add up to at most `budget` bytes. With
    /// several `shards`, keys are spread over that many parts with a lock and an equal share
    /// of the budget each, so threads using different keys rarely wait for each other. A value
    /// larger than a share (but not than `budget`) is still kept, alone in its shard: sharding
    /// must not stop a folder of 50,000 tasks from being cached. `spread` picks a key's shard
    /// (its hash by default; a cheaper number spread as evenly saves hashing every key twice).
    public init(budget: Int, shards: Int = 1, spread: @escaping (Key) -> UInt = { UInt(bitPattern: $0.hashValue) }, size: @escaping (Value) -> Int) {
        let count = max(1, shards)
        self.shards = (0..<count).map { _ in Shard(share: budget / count, largest: budget, size: size) }
        self.spread = spread
    }

    /// The value for `key`, from the cache or from `read` (outside the lock, so two threads may
    /// read the same value once each, never wait for each other's reads).
    public func value<Failure: Error>(_ key: Key, read: () throws(Failure) -> Value) throws(Failure) -> Value {
        if let kept = cached(key) { return kept }
        let value = try read()
        store(value, for: key)
        return value
    }

    /// The value kept for `key`, if any.
    public func cached(_ key: Key) -> Value? {
        shard(of: key).cached(key)
    }

    /// Keeps `value` for `key` (a value already kept stays), then spends down to the budget,
    /// never by dropping `value` itself.
    public func store(_ value: Value, for key: Key) {
        shard(of: key).store(value, for: key)
    }

    private func shard(of key: Key) -> Shard {
        shards.count == 1 ? shards[0] : shards[Int(spread(key) % UInt(shards.count))]
    }

    /// Values of some keys, their budget and their lock.
    private final class Shard {
        private struct Slot {
            var value: Value
            var size: Int
            var used: Bool
        }

        private let lock = NSLock()
        private var slots = [Key: Slot]()
        private var queue = [Key]()
        private var head = 0
        private var bytes = 0
        /// The bytes this shard keeps, but for one value larger than that.
        private let share: Int
        /// The largest value kept.
        private let largest: Int
        private let size: (Value) -> Int

        init(share: Int, largest: Int, size: @escaping (Value) -> Int) {
            self.share = share
            self.largest = largest
            self.size = size
        }

        func cached(_ key: Key) -> Value? {
            lock.withLock {
                guard let slot = slots[key] else { return nil }
                if !slot.used { slots[key]?.used = true }
                return slot.value
            }
        }

        func store(_ value: Value, for key: Key) {
            let cost = size(value)
            guard cost <= largest else { return }
            lock.withLock {
                guard slots[key] == nil else { return }
                slots[key] = Slot(value: value, size: cost, used: false)
                queue.append(key)
                bytes += cost
                while bytes > share, head < queue.count - 1 {
                    let oldest = queue[head]
                    head += 1
                    // Every queued key has a slot; one that had none would just leave the queue.
                    if oldest == key || slots[oldest]?.used == true {
                        slots[oldest]?.used = false
                        queue.append(oldest)
                    } else if let evicted = slots.removeValue(forKey: oldest) {
                        bytes -= evicted.size
                    }
                }
                if head > 4_096, head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
            }
        }
    }
}

/// Trees by id, as tree diffs read them: walking history, a commit's parent trees are trees a
/// nearby commit produced, so a folder of 1,000 tasks is read and inflated from its delta chain
/// once for both.
public typealias TreeCache = SharedCache<ObjectID, RawTree>

extension SharedCache where Key == ObjectID, Value == RawTree {
    /// A tree cache of `budget` bytes of tree objects, in `shards` parts (see `init(budget:shards:spread:size:)`).
    public convenience init(budget: Int, shards: Int = 1) {
        // Ids are hashes already: their first byte spreads them evenly.
        self.init(budget: budget, shards: shards, spread: { UInt($0.firstByte) }) { $0.size }
    }
}
