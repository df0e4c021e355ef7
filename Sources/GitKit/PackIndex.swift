import Glibc

/// A pack's index file (`objects/pack/pack-*.idx`, version 2), mapped: where in the pack each
/// object starts, found by binary search within the fan-out bucket of its first byte.
struct PackIndex {
    private let file: MappedFile
    private let table: FanoutIDs

    private static let headerSize = 8
    private static let fanoutSize = 256 * 4

    /// The index at `path`; nil when it is missing, truncated or not version 2.
    init?(path: String) {
        guard let file = MappedFile(path: path, populate: false) else { return nil }
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard raw.count >= Self.headerSize + Self.fanoutSize, raw[0] == 0xFF, raw[1] == 0x74, raw[2] == 0x4F, raw[3] == 0x63,
            FanoutIDs.uint32(raw, at: 4) == 2
        else { return nil }
        let table = FanoutIDs(fanout: Self.headerSize, ids: Self.headerSize + Self.fanoutSize, in: raw)
        // ids, CRCs and offsets, then the two checksums; the large offsets lie in between.
        guard raw.count >= Self.headerSize + Self.fanoutSize + table.count * 28 + 40 else { return nil }
        self.file = file
        self.table = table
    }

    /// Where object `id` starts in the pack; nil when the pack does not hold it (or the index
    /// points outside itself).
    func offset(of id: ObjectID) -> Int? {
        let raw = UnsafeRawBufferPointer(file.bytes)
        return table.position(of: id, in: raw).flatMap { entryOffset($0, raw: raw) }
    }

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
