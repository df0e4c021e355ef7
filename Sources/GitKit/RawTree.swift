import CLibGit2
import Glibc

/// A tree object as its bytes: one `<octal mode> <name>\0<20-byte id>` record per entry, in
/// git's order. Comparing two versions of a folder of 1,000 tasks record by record, bytes
/// against bytes, finds the one entry that changed without parsing or copying the others.
public struct RawTree: Sendable {
    /// The tree's id.
    public let id: ObjectID
    /// The tree object's content.
    let bytes: [UInt8]

    /// The tree `id` holding `bytes` (the object's content, without git's header).
    init(id: ObjectID, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
    }

    /// Every entry, in the tree's order.
    /// - Throws: `GitError` when the bytes are not a well-formed tree.
    func entries() throws(GitError) -> [TreeEntry] {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(GitError) in
                var records = RawTreeRecords(bytes: raw, tree: id)
                var entries = [TreeEntry]()
                while let record = try records.next() { entries.append(record.entry(in: raw)) }
                return entries
            }
        }.get()
    }

    /// libgit2's `normalize_filemode`, which `git_tree_entry_filemode` answers with: a folder,
    /// an executable (any owner execute bit), a submodule, a link, else a plain file.
    static func normalizedMode(_ mode: UInt32) -> UInt32 {
        switch mode & 0o170000 {
        case 0o040000: 0o040000
        case _ where mode & 0o100 != 0: 0o100755
        case 0o160000: 0o160000
        case 0o120000: 0o120000
        default: 0o100644
        }
    }

    /// The entries that differ between `old` and `new` (nil: empty), paired by name in git's
    /// order, as `Repository.treeDifferences` reports them.
    /// - Throws: `GitError` when either tree's bytes are not a well-formed tree.
    static func differences(_ old: RawTree?, _ new: RawTree?) throws(GitError) -> [(old: TreeEntry?, new: TreeEntry?)] {
        let empty: [UInt8] = []
        return try (old?.bytes ?? empty).withUnsafeBytes { oldBytes in
            (new?.bytes ?? empty).withUnsafeBytes { newBytes in
                Result { () throws(GitError) in try walk(old: oldBytes, of: old?.id, new: newBytes, of: new?.id) }
            }
        }.get()
    }

    /// The differing records of two trees' bytes, walked side by side.
    private static func walk(old oldBytes: UnsafeRawBufferPointer, of old: ObjectID?, new newBytes: UnsafeRawBufferPointer, of new: ObjectID?)
        throws(GitError) -> [(old: TreeEntry?, new: TreeEntry?)]
    {
        var before = RawTreeRecords(bytes: oldBytes, tree: old)
        var after = RawTreeRecords(bytes: newBytes, tree: new)
        var differences = [(old: TreeEntry?, new: TreeEntry?)]()
        var left = try before.next()
        var right = try after.next()
        while left != nil || right != nil {
            guard let oldRecord = left else {
                differences.append((nil, right!.entry(in: newBytes)))
                right = try after.next()
                continue
            }
            guard let newRecord = right else {
                differences.append((oldRecord.entry(in: oldBytes), nil))
                left = try before.next()
                continue
            }
            if oldRecord.sameBytes(in: oldBytes, as: newRecord, in: newBytes) {
                left = try before.next()
                right = try after.next()
                continue
            }
            let order = RawTreeRecord.gitOrder(oldRecord, in: oldBytes, newRecord, in: newBytes)
            if order < 0 {
                differences.append((oldRecord.entry(in: oldBytes), nil))
                left = try before.next()
            } else if order > 0 {
                differences.append((nil, newRecord.entry(in: newBytes)))
                right = try after.next()
            } else {
                let oldEntry = oldRecord.entry(in: oldBytes)
                let newEntry = newRecord.entry(in: newBytes)
                if oldEntry.id != newEntry.id || oldEntry.mode != newEntry.mode { differences.append((oldEntry, newEntry)) }
                left = try before.next()
                right = try after.next()
            }
        }
        return differences
    }
}

/// Where one entry's parts lie in a tree's bytes.
private struct RawTreeRecord {
    /// The mode's first digit.
    let start: Int
    /// The name's first byte (after the mode and its space).
    let name: Int
    /// The NUL after the name; the 20-byte id follows it.
    let nul: Int

    /// One past the id: where the next record starts.
    var end: Int { nul + 21 }

    /// True when both records are the same bytes: same mode, name and id.
    func sameBytes(in bytes: UnsafeRawBufferPointer, as other: RawTreeRecord, in otherBytes: UnsafeRawBufferPointer) -> Bool {
        let length = end - start
        return length == other.end - other.start && memcmp(bytes.baseAddress! + start, otherBytes.baseAddress! + other.start, length) == 0
    }

    /// The mode as written (octal digits).
    func rawMode(in bytes: UnsafeRawBufferPointer) -> UInt32 {
        var mode: UInt32 = 0
        for offset in start..<(name - 1) { mode = mode << 3 | UInt32(bytes[offset] - UInt8(ascii: "0")) }
        return mode
    }

    /// The entry, with the mode normalised as `git_tree_entry_filemode` normalises it.
    func entry(in bytes: UnsafeRawBufferPointer) -> TreeEntry {
        let raw = rawMode(in: bytes)
        let kind: TreeEntry.Kind =
            switch raw & 0o170000 {
            case 0o160000: .commit
            case 0o040000: .tree
            default: .blob
            }
        let mode = RawTree.normalizedMode(raw)
        return TreeEntry(
            name: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[name..<nul]), as: UTF8.self),
            id: ObjectID(raw: UnsafeRawBufferPointer(rebasing: bytes[(nul + 1)..<end]))!,
            kind: kind, mode: mode)
    }

    /// git's order of entries `left` and `right` (see `TreeOrder`).
    static func gitOrder(_ left: RawTreeRecord, in leftBytes: UnsafeRawBufferPointer, _ right: RawTreeRecord, in rightBytes: UnsafeRawBufferPointer) -> Int {
        func name(_ record: RawTreeRecord, _ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: bytes[record.name..<record.nul])
        }
        func isFolder(_ record: RawTreeRecord, _ bytes: UnsafeRawBufferPointer) -> Bool { record.rawMode(in: bytes) & 0o170000 == 0o040000 }
        return TreeOrder.compare(name(left, leftBytes), isFolder: isFolder(left, leftBytes), name(right, rightBytes), isFolder: isFolder(right, rightBytes))
    }
}

/// The records of a tree's bytes, in order, each checked for a well-formed layout.
private struct RawTreeRecords {
    let bytes: UnsafeRawBufferPointer
    let tree: ObjectID?
    private var offset = 0

    init(bytes: UnsafeRawBufferPointer, tree: ObjectID?) {
        self.bytes = bytes
        self.tree = tree
    }

    /// The next record; nil at the end.
    /// - Throws: `GitError` when the bytes are not a tree record.
    mutating func next() throws(GitError) -> RawTreeRecord? {
        guard offset < bytes.count else { return nil }
        let start = offset
        var cursor = start
        while cursor < bytes.count, cursor - start < 7, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[cursor]) { cursor += 1 }
        guard cursor > start, cursor < bytes.count, bytes[cursor] == UInt8(ascii: " "),
            let found = memchr(bytes.baseAddress! + cursor + 1, 0, bytes.count - cursor - 1)
        else { throw malformed() }
        let nul = bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
        guard nul > cursor + 1, nul + 21 <= bytes.count else { throw malformed() }
        offset = nul + 21
        return RawTreeRecord(start: start, name: cursor + 1, nul: nul)
    }

    private func malformed() -> GitError {
        GitError(code: GIT_EINVALID.rawValue, operation: "read tree \(tree?.short ?? "")", message: "malformed tree entry at byte \(offset)")
    }
}
