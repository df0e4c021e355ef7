import Glibc

/// git's commit-graph file (`objects/info/commit-graph`, version 1, SHA-1 ids): the tree and
/// parents of every commit it lists, without reading and inflating the commits. `git gc` writes
/// it (and `git commit-graph write`); commits made after it are not in it and are read from
/// their objects. Only a single file is read: a chain of split graphs (`info/commit-graphs/`) or a
/// graph that builds on base graphs is left alone.
struct CommitGraph {
    private let file: MappedFile
    private let table: FanoutIDs
    private let data: Int
    private let edges: Range<Int>?

    private static let noParent: UInt32 = 0x7000_0000
    private static let morePrefix: UInt32 = 0x8000_0000
    private static let dataWidth = 20 + 16
    private static let hashSize = 20

    /// The graph at `path`; nil when there is none or it is not a well-formed version-1 SHA-1
    /// graph of its own. Its table of contents is checked as git checks it (chunks 4-byte
    /// aligned, in order, none twice, all before the trailing checksum), so that a graph git
    /// refuses is not read here either.
    init?(path: String) {
        guard let file = MappedFile(path: path, populate: false) else { return nil }
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard raw.count >= 8, raw[0] == UInt8(ascii: "C"), raw[1] == UInt8(ascii: "G"), raw[2] == UInt8(ascii: "P"), raw[3] == UInt8(ascii: "H"),
            raw[4] == 1, raw[5] == 1, raw[7] == 0
        else { return nil }
        let chunkCount = Int(raw[6])
        let contentsEnd = 8 + (chunkCount + 1) * 12
        guard contentsEnd <= raw.count - Self.hashSize, let chunks = Self.chunks(count: chunkCount, in: raw) else { return nil }
        // Chunk ids: OIDF, OIDL, CDAT, EDGE.
        guard let fanout = chunks[0x4F49_4446], fanout.count == 256 * 4, let ids = chunks[0x4F49_444C], let data = chunks[0x4344_4154],
            let table = FanoutIDs(fanout: fanout.lowerBound, ids: ids.lowerBound, in: raw),
            ids.count == table.count * 20, data.count == table.count * Self.dataWidth
        else { return nil }
        self.file = file
        self.table = table
        self.data = data.lowerBound
        edges = chunks[0x4544_4745]
    }

    /// The `count` chunks listed in the table of contents of `raw`, by id; nil when an id is 0 or
    /// listed twice, the list does not end with id 0, or a chunk is not 4-byte aligned, starts
    /// before the end of the list or after the next one, or runs into the trailing checksum.
    private static func chunks(count: Int, in raw: UnsafeRawBufferPointer) -> [UInt32: Range<Int>]? {
        let contentsEnd = UInt64(8 + (count + 1) * 12)
        let end = UInt64(raw.count - hashSize)
        var chunks = [UInt32: Range<Int>]()
        for index in 0..<count {
            let entry = 8 + index * 12
            let id = FanoutIDs.uint32(raw, at: entry)
            let start = uint64(raw, at: entry + 4)
            let next = uint64(raw, at: entry + 16)
            guard id != 0, chunks[id] == nil, start % 4 == 0, start >= contentsEnd, start <= next, next <= end else { return nil }
            chunks[id] = Int(start)..<Int(next)
        }
        return FanoutIDs.uint32(raw, at: 8 + count * 12) == 0 ? chunks : nil
    }

    /// The tree and parents (first parent first) of commit `id`, as its header records them,
    /// when the graph lists it; nil when it does not, or its entry points outside the graph.
    func commit(_ id: ObjectID) -> (tree: ObjectID, parents: [ObjectID])? {
        let raw = UnsafeRawBufferPointer(file.bytes)
        guard let position = table.position(of: id, in: raw) else { return nil }
        let start = data + position * Self.dataWidth
        guard let tree = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 20)])),
              let parents = parents(at: start + 20, in: raw)
        else { return nil }
        return (tree, parents)
    }

    /// The parents recorded in the data entry whose parent fields start at `entry`.
    private func parents(at entry: Int, in raw: UnsafeRawBufferPointer) -> [ObjectID]? {
        var parents = [ObjectID]()
        let first = FanoutIDs.uint32(raw, at: entry)
        guard first != Self.noParent else { return parents }
        guard let parent = self.id(at: first, in: raw) else { return nil }
        parents.append(parent)
        let second = FanoutIDs.uint32(raw, at: entry + 4)
        guard second != Self.noParent else { return parents }
        guard second & Self.morePrefix != 0 else {
            guard let parent = self.id(at: second, in: raw) else { return nil }
            return parents + [parent]
        }
        // An octopus merge: the other parents are listed in EDGE, the last one flagged.
        guard let edges else { return nil }
        var edge = edges.lowerBound + Int(second & ~Self.morePrefix) * 4
        while edge + 4 <= edges.upperBound {
            let value = FanoutIDs.uint32(raw, at: edge)
            guard let parent = self.id(at: value & ~Self.morePrefix, in: raw) else { return nil }
            parents.append(parent)
            if value & Self.morePrefix != 0 { return parents }
            edge += 4
        }
        return nil
    }

    /// The id listed at `position`; nil outside the list.
    private func id(at position: UInt32, in raw: UnsafeRawBufferPointer) -> ObjectID? {
        table.id(at: Int(position), in: raw)
    }

    private static func uint64(_ raw: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
