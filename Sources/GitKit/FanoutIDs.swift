/// Sorted object ids after a fan-out table, as pack indexes and commit-graphs lay them out: 256
/// big-endian counts (how many ids start with a byte up to each value), then the 20-byte ids in
/// order. An id is found by halving within the bucket of its first byte, after narrowing the
/// bucket to a window around where the id's next bytes say it lies.
struct FanoutIDs {
    /// Where the fan-out table starts.
    let fanout: Int
    /// Where the first id starts.
    let ids: Int
    /// How many ids there are (the table's last count).
    let count: Int

    /// The table at `fanout` with its ids at `ids`; nil when the table or the `count` ids (its
    /// last count) do not lie inside `raw`, or a count is below the one before it (git refuses
    /// such a table: "non-monotonic index", "fanout values out of order").
    init?(fanout: Int, ids: Int, in raw: UnsafeRawBufferPointer) {
        guard fanout >= 0, ids >= 0, fanout <= raw.count - 256 * 4 else { return nil }
        var previous: UInt32 = 0
        for bucket in 0..<256 {
            let count = Self.uint32(raw, at: fanout + bucket * 4)
            guard count >= previous else { return nil }
            previous = count
        }
        // count < 2^32: the product cannot overflow.
        guard ids <= raw.count, Int(previous) * 20 <= raw.count - ids else { return nil }
        self.fanout = fanout
        self.ids = ids
        count = Int(previous)
    }

    /// Where `id` is listed; nil when it is not (or the table points outside the list).
    func position(of id: ObjectID, in raw: UnsafeRawBufferPointer) -> Int? {
        let first = Int(id.firstByte)
        var low = first == 0 ? 0 : Int(Self.uint32(raw, at: fanout + (first - 1) * 4))
        var high = Int(Self.uint32(raw, at: fanout + first * 4))
        guard low <= high, high <= count else { return nil }
        // Object ids are hashes, spread evenly: the id sits near the same fraction of its bucket
        // as its next bytes are of 2^64, usually within a few dozen places. Halving that window
        // reads a few neighbouring cache lines instead of one far apart per step.
        var width = 16
        let guess = low + Int(UInt64(high - low).multipliedFullWidth(by: id.placeAfterFirstByte).high)
        while high - low > 2 * width {
            let start = max(low, guess - width), end = min(high, guess + width)
            let startFits = start == low || self.id(at: start, in: raw).map { $0 <= id } == true
            if startFits && (end == high || self.id(at: end, in: raw).map { id < $0 } == true) {
                (low, high) = (start, end)
                break
            }
            width *= 4
        }
        while low < high {
            let middle = (low + high) / 2
            guard let candidate = self.id(at: middle, in: raw) else { return nil }
            if candidate == id { return middle }
            if candidate < id { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The id listed at `position`; nil unless it is below `count`.
    func id(at position: Int, in raw: UnsafeRawBufferPointer) -> ObjectID? {
        guard position >= 0, position < count else { return nil }
        return ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(ids + position * 20)...]))
    }

    /// The big-endian number of four bytes at `offset`.
    static func uint32(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
