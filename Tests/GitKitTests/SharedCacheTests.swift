@testable import GitKit
import Testing

/// `SharedCache` keeps values within its byte budget and spares values used lately.
@Suite struct SharedCacheTests {
    @Test("over budget, the oldest value not used since it was kept goes first; a value larger than the budget is not kept")
    func eviction() {
        let cache = SharedCache<String, [UInt8]>(budget: 3) { $0.count }
        for name in ["a", "b", "c"] { cache.store([1], for: name) }
        #expect(cache.cached("a") == [1])
        cache.store([2], for: "d")
        #expect(cache.cached("b") == nil)
        #expect(cache.cached("a") == [1])
        #expect(cache.cached("c") == [1])
        #expect(cache.cached("d") == [2])
        cache.store([3, 3], for: "e")
        #expect(["a", "c", "d", "e"].map { cache.cached($0)?.count ?? 0 }.reduce(0, +) <= 3)
        #expect(cache.cached("e") == [3, 3])
        cache.store([4, 4, 4, 4], for: "f")
        #expect(cache.cached("f") == nil)
        #expect(cache.value("f") { [5] } == [5])
    }

    @Test("a cache in shards keeps each key's latest value, stays within its budget and answers from every shard")
    func shards() {
        let cache = SharedCache<Int, [UInt8]>(budget: 1_600, shards: 16) { $0.count }
        for key in 0..<1_000 { cache.store([UInt8](repeating: UInt8(key % 256), count: 10), for: key) }
        let kept = (0..<1_000).compactMap { key in cache.cached(key).map { (key, $0) } }
        #expect(kept.count * 10 <= 1_600)
        #expect(kept.count >= 100)
        #expect(kept.allSatisfy { key, value in value == [UInt8](repeating: UInt8(key % 256), count: 10) })
        #expect(cache.value(5_000) { [7] } == [7])
        #expect(cache.cached(5_000) == [7])
        // Larger than a shard's share of 100 bytes, within the budget: kept, alone in its shard.
        cache.store([UInt8](repeating: 9, count: 1_000), for: 6_000)
        #expect(cache.cached(6_000)?.count == 1_000)
        cache.store([UInt8](repeating: 9, count: 1_601), for: 7_000)
        #expect(cache.cached(7_000) == nil)
    }
}
