import Glibc

/// A pack's index file (`objects/pack/pack-*.idx`, version 2), mapped: where in the pack each
/// object starts, found by binary search within the fan-out bucket of its first byte.
struct PackIndex {
    private let file: MappedFile
    private let table: FanoutIDs

    private static let headerSize = 8
    private static let fanoutSize = 256 * 4

    /// The index at `path`; nil when it is missing, not version 2, or not the size git requires
    /// for the objects its fan-out counts (which must not decrease).
    init?(path: String) {
        guard let file = MappedFile(path: path, populate: false) else { return nil }
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard raw.count >= Self.headerSize + Self.fanoutSize, raw[0] == 0xFF, raw[1] == 0x74, raw[2] == 0x4F, raw[3] == 0x63,
            FanoutIDs.uint32(raw, at: 4) == 2,
            let table = FanoutIDs(fanout: Self.headerSize, ids: Self.headerSize + Self.fanoutSize, in: raw)
        else { return nil }
        // ids, CRCs and offsets, then the two checksums; between them, at most one large offset
        // for each object but the first (git's bounds; count < 2^32, so nothing overflows).
        let smallest = Self.headerSize + Self.fanoutSize + table.count * 28 + 40
        guard raw.count >= smallest, raw.count - smallest <= max(table.count - 1, 0) * 8 else { return nil }
        self.file = file
        self.table = table
    }

    /// Whether `pack` is the pack this index was written for, as git checks before using the
    /// two: its header counts as many objects, and its trailing checksum is the one recorded here.
    func describes(_ pack: UnsafeRawBufferPointer) -> Bool {
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard pack.count >= 32, Int(FanoutIDs.uint32(pack, at: 8)) == table.count else { return false }
        return pack[(pack.count - 20)...].elementsEqual(raw[(raw.count - 40)..<(raw.count - 20)])
    }

    /// Where object `id` starts in the pack; nil when the pack does not hold it (or the index
    /// points outside itself).
    func offset(of id: ObjectID) -> Int? {
        let raw = UnsafeRawBufferPointer(file.bytes)
        return table.position(of: id, in: raw).flatMap { entryOffset($0, raw: raw) }
    }

    /// Where the `index`th object starts: a 31-bit offset, or one of the 64-bit offsets after
    /// them; nil when it names a 64-bit offset past the table.
    private func entryOffset(_ index: Int, raw: UnsafeRawBufferPointer) -> Int? {
        let count = table.count
        let offsets = Self.headerSize + Self.fanoutSize + count * 24
        let small = FanoutIDs.uint32(raw, at: offsets + index * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = offsets + count * 4 + Int(small & 0x7FFF_FFFF) * 8
        guard large + 8 <= raw.count - 40 else { return nil }
        let value = UInt64(FanoutIDs.uint32(raw, at: large)) << 32 | UInt64(FanoutIDs.uint32(raw, at: large + 4))
        return value <= UInt64(Int.max) ? Int(value) : nil
    }
}
