import Foundation

/// The objects of one `objects/` folder read straight from its files: loose objects and packs
/// (index version 2, with both kinds of delta). It answers only what it fully understands: an
/// object it cannot find or read gives nil, and the caller asks libgit2 instead. Alternates
/// are not followed: an object only an alternate holds is not found here, so libgit2 reads it.
///
/// Like git (and unlike libgit2's `git_odb_read`), it does not hash what it reads to check the
/// id: git hashes every object when it enters the repository (`index-pack`, `hash-object`), and
/// trusts its own files after that.
///
/// Threads may share one reader. A version of a folder's tree is stored in a pack as a delta
/// on another version, which is a delta on a third, up to 50 deep; the bases met on the way are
/// kept (by pack and offset, up to a byte budget) so that reading the next version applies one
/// delta instead of the chain. libgit2 1.5 keeps 16 MB of bases per pack and, when that is
/// full, drops all of them at once.
public final class ObjectFiles: @unchecked Sendable {
    /// What an object is.
    enum Kind: Int { case commit = 1, tree = 2, blob = 3, tag = 4 }

    /// A pack entry used as a delta base: which pack, and where in it.
    private struct BaseLocation: Hashable {
        let pack: Int
        let offset: Int

        /// The top six bits of the offset times 2^64 / φ (Fibonacci hashing): nearby offsets
        /// land in different shards.
        static func spread(_ location: BaseLocation) -> UInt {
            (UInt(bitPattern: location.offset) &* 0x9E37_79B9_7F4A_7C15) >> 58
        }
    }

    private let folder: String
    private let readsCommitGraph: Bool
    /// Guards the packs and the commit-graph, each opened on first use.
    private let openLock = NSLock()
    private var openedPacks: [(index: PackIndex, pack: MappedFile)]?
    private var openedGraph: CommitGraph??
    private let deltaBases: SharedCache<BaseLocation, (kind: Kind, bytes: [UInt8])>?

    /// Bounds what one object may inflate to here; larger ones are left to libgit2.
    private static let sizeLimit = 64 << 20
    /// Bounds a pack's delta chains (git's default depth is 50; git gc --aggressive's 250), so
    /// that a corrupt pack whose deltas form a cycle ends here instead of the stack: a debug
    /// build's test thread overflowed between 4,096 and 8,192 levels. A longer chain (git
    /// allows 4,095) is left to libgit2, which walks chains without recursion.
    private static let depthLimit = 1_024

    /// The objects of `folder` (a repository's `objects`), keeping up to `deltaBaseBudget` bytes
    /// of delta bases (none by default: a hook reads a few objects once), in 16 shards so that
    /// threads sharing the reader seldom wait for each other. `readsCommitGraph`:
    /// whether commit headers come from the folder's commit-graph when it lists them, which
    /// pays for a walk over many commits, not for a hook that reads HEAD (newer than the graph).
    public init(folder: String, deltaBaseBudget: Int = 0, readsCommitGraph: Bool = true) {
        self.folder = folder
        self.readsCommitGraph = readsCommitGraph
        deltaBases = deltaBaseBudget > 0
            ? SharedCache(budget: deltaBaseBudget, shards: 16, spread: { BaseLocation.spread($0) }) { $0.bytes.count }
            : nil
    }

    /// The packs of the folder, opened on first use.
    private var packs: [(index: PackIndex, pack: MappedFile)] {
        openLock.withLock {
            if let openedPacks { return openedPacks }
            let packs = Self.openPacks(in: folder + "/pack")
            openedPacks = packs
            return packs
        }
    }

    /// Object `id`'s kind and contents; nil when it is not here or cannot be read.
    func object(_ id: ObjectID) -> (kind: Kind, bytes: [UInt8])? {
        guard let (number, pack, offset) = packEntry(of: id) else { return loose(id) }
        // An object read before as another's delta base is kept: a month folder's versions are
        // each other's bases, so most are built as a base before they are read as a commit's tree.
        if let kept = deltaBases?.cached(BaseLocation(pack: number, offset: offset)) { return kept }
        return packed(at: offset, in: pack, number: number, depth: 0)
    }

    /// git's commit-graph of the folder (`info/commit-graph`), opened on first use; nil when
    /// there is none that `CommitGraph` reads, or this reader does not read it.
    private var graph: CommitGraph? {
        openLock.withLock {
            if let openedGraph { return openedGraph }
            let graph = readsCommitGraph ? CommitGraph(path: folder + "/info/commit-graph") : nil
            openedGraph = .some(graph)
            return graph
        }
    }

    /// The tree and parents commit `id` records: from git's commit-graph when it lists the
    /// commit (as git itself reads them, without inflating the commit), else read from its
    /// header by `CommitObject`'s reading of its first lines; nil when it is not here, not a
    /// commit, or has no such header.
    func commitHeader(_ id: ObjectID) -> (tree: ObjectID, parents: [ObjectID])? {
        if let listed = graph?.commit(id) { return listed }
        guard let object = object(id), object.kind == .commit else { return nil }
        return CommitObject.treeAndParents(of: object.bytes)
    }

    /// Object `id`, reached through `depth` deltas (a delta naming its base by id). Kept in a
    /// small stack frame: a corrupt pack may chain deltas up to `depthLimit` deep.
    private func object(_ id: ObjectID, depth: Int) -> (kind: Kind, bytes: [UInt8])? {
        guard let (number, pack, offset) = packEntry(of: id) else { return loose(id) }
        return packed(at: offset, in: pack, number: number, depth: depth)
    }

    /// The pack listing `id` (its place among `packs` and its file) and where its entry starts.
    private func packEntry(of id: ObjectID) -> (number: Int, pack: MappedFile, offset: Int)? {
        for (number, entry) in packs.enumerated() {
            if let offset = entry.index.offset(of: id) { return (number, entry.pack, offset) }
        }
        return nil
    }

    private func loose(_ id: ObjectID) -> (kind: Kind, bytes: [UInt8])? {
        let hex = id.hex
        let path = "\(folder)/\(hex.prefix(2))/\(hex.dropFirst(2))"
        guard let file = MappedFile(path: path),
            let inflated = Inflate.all(UnsafeRawBufferPointer(file.bytes), limit: Self.sizeLimit),
            let space = inflated.firstIndex(of: 0x20), let end = inflated[space...].firstIndex(of: 0),
            let size = Int(String(decoding: inflated[(space + 1)..<end], as: UTF8.self)), size == inflated.count - end - 1
        else { return nil }
        let kind: Kind
        switch String(decoding: inflated[..<space], as: UTF8.self) {
        case "commit": kind = .commit
        case "tree": kind = .tree
        case "blob": kind = .blob
        case "tag": kind = .tag
        default: return nil
        }
        return (kind, Array(inflated[(end + 1)...]))
    }

    /// The object whose entry starts at `offset` of `pack` (the `number`th), its deltas applied.
    private func packed(at offset: Int, in pack: MappedFile, number: Int, depth: Int) -> (kind: Kind, bytes: [UInt8])? {
        // Entries lie between the 12-byte header and the 20-byte trailer (`openPacks` checked
        // that there is room for both).
        let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(pack.bytes).dropLast(20))
        guard depth < Self.depthLimit, offset >= 12, offset < raw.count else { return nil }
        var position = offset
        var byte = raw[position]
        position += 1
        let type = Int(byte >> 4 & 0x7)
        var size = Int(byte & 0x0F)
        var shift = 4
        while byte & 0x80 != 0 {
            guard position < raw.count, shift < 60 else { return nil }
            byte = raw[position]
            position += 1
            size |= Int(byte & 0x7F) << shift
            shift += 7
        }
        // The size is the object's, or a delta's (whose result `patched` bounds in turn).
        guard size <= Self.sizeLimit else { return nil }
        switch type {
        case 1...4:
            guard let kind = Kind(rawValue: type), let bytes = Inflate.exactly(size, from: UnsafeRawBufferPointer(rebasing: raw[position...])) else {
                return nil
            }
            return (kind, bytes)
        case 6:
            guard position < raw.count else { return nil }
            byte = raw[position]
            position += 1
            var distance = Int(byte & 0x7F)
            while byte & 0x80 != 0 {
                guard position < raw.count, distance < Int.max >> 8 else { return nil }
                byte = raw[position]
                position += 1
                distance = (distance + 1) << 7 | Int(byte & 0x7F)
            }
            guard distance > 0, distance <= offset - 12, let base = base(at: offset - distance, in: pack, number: number, depth: depth + 1) else { return nil }
            return patched(base, delta: UnsafeRawBufferPointer(rebasing: raw[position...]), size: size)
        case 7:
            guard position + 20 <= raw.count, let baseID = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[position..<position + 20])),
                let base = object(baseID, depth: depth + 1)
            else { return nil }
            return patched(base, delta: UnsafeRawBufferPointer(rebasing: raw[(position + 20)...]), size: size)
        default:
            return nil
        }
    }

    /// The delta base at `offset` of `pack`: kept from an earlier read, or read and kept.
    private func base(at offset: Int, in pack: MappedFile, number: Int, depth: Int) -> (kind: Kind, bytes: [UInt8])? {
        guard let deltaBases else { return packed(at: offset, in: pack, number: number, depth: depth) }
        let location = BaseLocation(pack: number, offset: offset)
        if let kept = deltaBases.cached(location) { return kept }
        guard let base = packed(at: offset, in: pack, number: number, depth: depth) else { return nil }
        deltaBases.store(base, for: location)
        return base
    }

    /// `base` with the delta of `size` bytes inflated from `delta` applied, when the result is
    /// within `sizeLimit`.
    private func patched(_ base: (kind: Kind, bytes: [UInt8]), delta: UnsafeRawBufferPointer, size: Int) -> (kind: Kind, bytes: [UInt8])? {
        guard let instructions = Inflate.exactly(size, from: delta), let bytes = DeltaPatch.apply(instructions, to: base.bytes, limit: Self.sizeLimit)
        else { return nil }
        return (base.kind, bytes)
    }

    /// Every pack of `folder` that has a version-2 index written for it, in the order listed.
    private static func openPacks(in folder: String) -> [(index: PackIndex, pack: MappedFile)] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var packs = [(index: PackIndex, pack: MappedFile)]()
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix("pack-"), name.hasSuffix(".idx") else { continue }
            let stem = folder + "/" + name.dropLast(4)
            // A pack of version 2 or 3 (the same entries), beside the index written for it.
            guard let index = PackIndex(path: stem + ".idx"), let pack = MappedFile(path: stem + ".pack", populate: false),
                pack.bytes.count >= 32, pack.bytes.starts(with: Array("PACK".utf8)), pack.bytes[4..<7].allSatisfy({ $0 == 0 }),
                pack.bytes[7] == 2 || pack.bytes[7] == 3, index.describes(UnsafeRawBufferPointer(pack.bytes))
            else { continue }
            packs.append((index, pack))
        }
        return packs
    }
}
