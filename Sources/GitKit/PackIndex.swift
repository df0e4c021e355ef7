import Glibc

/// A pack's index file (`objects/pack/pack-*.idx`, version 2), mapped: where in the pack each
/// object starts, found by binary search within the fan-out bucket of its first byte.
struct PackIndex {
    private let file: MappedFile
    private let count: Int

    private static let headerSize = 8
    private static let fanoutSize = 256 * 4

    /// The index at `path`; nil when it is missing, truncated or not version 2.
    init?(path: String) {
        guard let file = MappedFile(path: path, populate: false) else { return nil }
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard raw.count >= Self.headerSize + Self.fanoutSize, raw[0] == 0xFF, raw[1] == 0x74, raw[2] == 0x4F, raw[3] == 0x63,
            Self.uint32(raw, at: 4) == 2
        else { return nil }
        let count = Int(Self.uint32(raw, at: Self.headerSize + 255 * 4))
        // ids, CRCs and offsets, then the two checksums; the large offsets lie in between.
        guard raw.count >= Self.headerSize + Self.fanoutSize + count * 28 + 40 else { return nil }
        self.file = file
        self.count = count
    }

    /// Where object `id` starts in the pack; nil when the pack does not hold it (or the index
    /// points outside itself).
    func offset(of id: ObjectID) -> Int? {
        let raw = UnsafeRawBufferPointer(file.bytes)
        let first = Int(id.firstByte)
        var low = first == 0 ? 0 : Int(Self.uint32(raw, at: Self.headerSize + (first - 1) * 4))
        var high = Int(Self.uint32(raw, at: Self.headerSize + first * 4))
        guard low <= high, high <= count else { return nil }
        let ids = Self.headerSize + Self.fanoutSize
        while low < high {
            let middle = (low + high) / 2
            let candidate = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(ids + middle * 20)...]))!
            if candidate == id { return entryOffset(middle, raw: raw) }
            if candidate < id { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func entryOffset(_ index: Int, raw: UnsafeRawBufferPointer) -> Int? {
        let offsets = Self.headerSize + Self.fanoutSize + count * 24
        let small = Self.uint32(raw, at: offsets + index * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = offsets + count * 4 + Int(small & 0x7FFF_FFFF) * 8
        guard large + 8 <= raw.count - 40 else { return nil }
        let value = UInt64(Self.uint32(raw, at: large)) << 32 | UInt64(Self.uint32(raw, at: large + 4))
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    private static func uint32(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
