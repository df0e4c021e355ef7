@testable import GitKit
import Testing

/// Finding ids in a fan-out table, as pack indexes and commit-graphs lay them out.
@Suite struct FanoutIDsTests {
    /// A fan-out table of 256 big-endian counts followed by the sorted 20-byte ids.
    private func table(of ids: [ObjectID]) -> [UInt8] {
        var counts = [UInt32](repeating: 0, count: 256)
        for id in ids { counts[Int(id.firstByte)] += 1 }
        var bytes = [UInt8]()
        var total: UInt32 = 0
        for count in counts {
            total += count
            bytes += withUnsafeBytes(of: total.bigEndian) { Array($0) }
        }
        for id in ids.sorted() { bytes += id.bytes }
        return bytes
    }

    private func randomID() -> ObjectID {
        ObjectID(bytes: (0..<20).map { _ in UInt8.random(in: 0...255) })!
    }

    @Test("every listed id is found at its place and no other id is, in buckets of one to thousands", arguments: [10, 5_000, 100_000])
    func findsEveryID(count: Int) throws {
        let ids = Set((0..<count).map { _ in randomID() }).sorted()
        let places = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let bytes = table(of: ids)
        try bytes.withUnsafeBytes { raw in
            let fanout = try #require(FanoutIDs(fanout: 0, ids: 256 * 4, in: raw))
            #expect(fanout.count == ids.count)
            for (place, id) in ids.enumerated() {
                #expect(fanout.position(of: id, in: raw) == place)
            }
            for _ in 0..<2_000 {
                let absent = randomID()
                #expect(fanout.position(of: absent, in: raw) == places[absent])
            }
        }
    }

    @Test("ids bunched at one end of their bucket are found too")
    func findsBunchedIDs() throws {
        // Every id starts 0x42 0x00: the guess from the following bytes puts them all at the
        // bucket's start, and the search must widen its window until it holds each one.
        let ids = (0..<4_000).map { _ in ObjectID(bytes: [0x42, 0] + (0..<18).map { _ in UInt8.random(in: 0...255) })! } + [
            ObjectID(bytes: [0x42] + [UInt8](repeating: 0xff, count: 19))!,
        ]
        let sorted = Set(ids).sorted()
        let bytes = table(of: sorted)
        try bytes.withUnsafeBytes { raw in
            let fanout = try #require(FanoutIDs(fanout: 0, ids: 256 * 4, in: raw))
            for (place, id) in sorted.enumerated() {
                #expect(fanout.position(of: id, in: raw) == place)
            }
        }
    }

    @Test("a table whose counts decrease, or whose ids or counts run past the bytes, is refused")
    func refusesBadTables() {
        let ids = Set((0..<50).map { _ in randomID() }).sorted()
        let bytes = table(of: ids)
        bytes.withUnsafeBytes { raw in
            #expect(FanoutIDs(fanout: 0, ids: 256 * 4, in: raw) != nil)
            #expect(FanoutIDs(fanout: 0, ids: 256 * 4 + 1, in: raw) == nil, "the last id runs past the end")
            #expect(FanoutIDs(fanout: 4, ids: 256 * 4, in: raw) == nil || ids.count == 0, "counts read from the wrong place")
            #expect(FanoutIDs(fanout: raw.count - 1_000, ids: 0, in: raw) == nil, "the table runs past the end")
            #expect(FanoutIDs(fanout: -4, ids: 256 * 4, in: raw) == nil)
        }
        var decreasing = bytes
        decreasing.replaceSubrange(0..<4, with: withUnsafeBytes(of: UInt32(ids.count).bigEndian) { Array($0) })
        decreasing.withUnsafeBytes { raw in
            #expect(FanoutIDs(fanout: 0, ids: 256 * 4, in: raw) == nil)
        }
    }
}
