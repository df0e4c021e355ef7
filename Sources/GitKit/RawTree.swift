import ByteRanges
import CLibGit2
import Glibc

/// A tree object as its bytes: one `<octal mode> <name>\0<20-byte id>` record per entry, in
/// git's order, with where each record starts. Two versions of a folder of 1,000 tasks differ
/// in a record or two: their diff skips the bytes both share at the start and at the end
/// (a `memcmp` each) and compares only the records between, without parsing the others.
public struct RawTree: Sendable {
    /// The tree's id.
    public let id: ObjectID
    /// The tree object's content.
    let bytes: [UInt8]
    /// Where each record starts, in order.
    private let starts: [Int32]
    /// For a tree read beside another version of it: that version's id and size, and where
    /// the two part, for the diff against it to use.
    private let parting: (relative: ObjectID, size: Int, overlap: Overlap)?

    /// Where two versions of a tree part: `old`'s last record that starts inside the bytes both
    /// share at their start (it and all before it are the same records in both), where that
    /// record starts, and how many bytes the two share at their end from there on.
    private struct Overlap {
        let first: Int
        let resume: Int
        let tail: Int
    }

    /// The tree `id` holding `bytes` (the object's content, without git's header), its records
    /// found and checked once.
    /// - Throws: `GitError` when the bytes are not a well-formed tree.
    init(id: ObjectID, bytes: [UInt8]) throws(GitError) {
        try Self.checkSize(bytes, of: id)
        self.id = id
        self.bytes = bytes
        parting = nil
        starts = try bytes.withUnsafeBytes { raw in
            Result { () throws(GitError) in
                var records = RawTreeRecords(bytes: raw, tree: id)
                var starts = [Int32]()
                while let record = try records.next() { starts.append(Int32(record.start)) }
                return starts
            }
        }.get()
        try checkOrder(of: 0..<starts.count)
    }

    /// The tree `id` holding `bytes`, another version of `relative` (usually the same folder in
    /// the parent commit): where the two share bytes at their start and at their end, the
    /// records are `relative`'s, already found and checked, so only the records between are
    /// read. Bytes read from a record's start on parse the same in any tree, so a record start
    /// of `relative` inside the shared start is one here, and once a record read here starts
    /// inside the shared end where `relative` has one, every later record is `relative`'s moved.
    /// - Throws: `GitError` when the bytes are not a well-formed tree.
    init(id: ObjectID, bytes: [UInt8], relative: RawTree) throws(GitError) {
        try Self.checkSize(bytes, of: id)
        self.id = id
        self.bytes = bytes
        let parts = bytes.withUnsafeBytes { raw in relative.bytes.withUnsafeBytes { relative.overlap(in: $0, with: raw) } }
        parting = (relative.id, relative.bytes.count, parts)
        var fresh = 0..<0
        starts = try bytes.withUnsafeBytes { raw in
            relative.bytes.withUnsafeBytes { relativeBytes in
                Result { () throws(GitError) in
                    var starts = Array(relative.starts[..<parts.first])
                    let shift = raw.count - relativeBytes.count
                    var records = RawTreeRecords(bytes: raw, tree: id, from: parts.resume)
                    while let record = try records.next() {
                        if record.start >= raw.count - parts.tail, let index = relative.record(startingAt: record.start - shift) {
                            fresh = parts.first..<starts.count
                            starts.reserveCapacity(starts.count + relative.starts.count - index)
                            starts.append(contentsOf: relative.starts[index...].lazy.map { $0 + Int32(shift) })
                            return starts
                        }
                        starts.append(Int32(record.start))
                    }
                    fresh = parts.first..<starts.count
                    return starts
                }
            }
        }.get()
        // The records shared with `relative` were checked when it was read: what is left is the
        // records read here, and where they meet the shared ones.
        try checkOrder(of: fresh)
    }

    /// Checks that records `fresh` sort strictly after the record before them and before the
    /// record after them in git's order, and that no other record has the same name as a
    /// folder where one is a file or the other way round (git sorts those apart, so only a
    /// search finds them). Two entries of one name are read differently by different readers
    /// (a lookup finds one, checkout writes the other), and so are unsorted entries.
    /// - Throws: `GitError.malformed` for unsorted or repeated names.
    private func checkOrder(of fresh: Range<Int>) throws(GitError) {
        guard !fresh.isEmpty else { return }
        let problem: String? = bytes.withUnsafeBytes { raw in
            for index in max(1, fresh.lowerBound)..<min(fresh.upperBound + 1, starts.count) {
                let order = RawTreeRecord.gitOrder(record(index - 1, in: raw), in: raw, record(index, in: raw), in: raw)
                if order == 0 { return "has two entries named '\(record(index, in: raw).name(in: raw))'" }
                if order > 0 { return "has its entries out of git's order at '\(record(index, in: raw).name(in: raw))'" }
            }
            // A file `N` sorts before a folder `N` (compared as `N/`), with only names `N` + a
            // byte below `/` between them: from each record, walk towards its possible twin
            // while the names are such; usually the very next name already is not.
            for index in fresh {
                let candidate = record(index, in: raw)
                let isFolder = candidate.rawMode(in: raw) & 0o170000 == 0o040000
                let name = UnsafeRawBufferPointer(rebasing: raw[candidate.name..<candidate.nul])
                var other = isFolder ? index - 1 : index + 1
                while other >= 0, other < starts.count {
                    let neighbour = record(other, in: raw)
                    let neighbourName = UnsafeRawBufferPointer(rebasing: raw[neighbour.name..<neighbour.nul])
                    guard neighbourName.count >= name.count, neighbourName.prefix(name.count).elementsEqual(name) else { break }
                    if neighbourName.count == name.count {
                        if (neighbour.rawMode(in: raw) & 0o170000 == 0o040000) != isFolder {
                            return "has a file and a folder both named '\(candidate.name(in: raw))'"
                        }
                        break
                    }
                    guard neighbourName[name.count] < UInt8(ascii: "/") else { break }
                    other += isFolder ? -1 : 1
                }
            }
            return nil
        }
        if let problem { throw .malformed(id, kind: "tree", problem) }
    }

    /// Where `newBytes`, another version of this tree (held in `raw`), parts from it.
    private func overlap(in raw: UnsafeRawBufferPointer, with newBytes: UnsafeRawBufferPointer) -> Overlap {
        let shared = Self.commonPrefix(raw, newBytes)
        let first = max(0, firstRecord(startingAtOrAfter: shared + 1) - 1)
        let resume = first < starts.count ? Int(starts[first]) : raw.count
        return Overlap(first: first, resume: resume, tail: Self.commonSuffix(raw, from: resume, newBytes, from: resume))
    }

    /// Record starts are kept as 32-bit offsets.
    private static func checkSize(_ bytes: [UInt8], of id: ObjectID) throws(GitError) {
        guard bytes.count < Int(Int32.max) else {
            throw GitError(code: GIT_EINVALID.rawValue, operation: "read tree \(id.short)", message: "the tree is larger than 2 GiB")
        }
    }

    /// The bytes this tree holds in memory, for a cache's budget.
    var size: Int { bytes.count + starts.count * MemoryLayout<Int32>.size }

    /// Every entry, in the tree's order.
    func entries() -> [TreeEntry] {
        bytes.withUnsafeBytes { raw in (0..<starts.count).map { record($0, in: raw).entry(in: raw) } }
    }

    /// Record `index`, whose layout `init` checked.
    private func record(_ index: Int, in raw: UnsafeRawBufferPointer) -> RawTreeRecord {
        let start = Int(starts[index])
        let end = index + 1 < starts.count ? Int(starts[index + 1]) : raw.count
        // `init` lets in only the modes git writes: `40000` (five digits) and six-digit ones, so
        // the space after the mode is byte 5 or 6 of the record.
        let space = raw[start + 5] == UInt8(ascii: " ") ? start + 5 : start + 6
        return RawTreeRecord(start: start, name: space + 1, nul: end - 21)
    }

    /// The entry named `name`, found by halving in git's order (once as a file, once as a
    /// folder, which sorts as if its name ended in `/`); nil when there is none.
    func entry(named name: Substring) -> TreeEntry? {
        var name = name
        return name.withUTF8 { wanted in
            bytes.withUnsafeBytes { raw in
                func search(asFolder: Bool) -> TreeEntry? {
                    var low = 0
                    var high = starts.count
                    while low < high {
                        let middle = (low + high) / 2
                        let candidate = record(middle, in: raw)
                        let order = RawTreeRecord.gitOrder(candidate, in: raw, UnsafeRawBufferPointer(wanted), isFolder: asFolder)
                        if order == 0 { return candidate.entry(in: raw) }
                        if order < 0 { low = middle + 1 } else { high = middle }
                    }
                    return nil
                }
                return search(asFolder: false) ?? search(asFolder: true)
            }
        }
    }

    /// The index of the first record that starts at or after byte `offset`.
    private func firstRecord(startingAtOrAfter offset: Int) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if Int(starts[middle]) < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of the record starting exactly at byte `offset`, if one does.
    private func record(startingAt offset: Int) -> Int? {
        let index = firstRecord(startingAtOrAfter: offset)
        return index < starts.count && Int(starts[index]) == offset ? index : nil
    }

    /// libgit2's `normalize_filemode`, which `git_tree_entry_filemode` answers with: a folder,
    /// an executable (any owner execute bit), a submodule, a link, else a plain file.
    public static func normalizedMode(_ mode: UInt32) -> UInt32 {
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
    ///
    /// Records both trees hold as the same bytes at the start are skipped, and so are those at
    /// the end once both trees reach them at a record's start: bytes read from the start of a
    /// record on parse the same in any tree, and both trees are sorted, so the records between
    /// are all that can differ.
    static func differences(_ old: RawTree?, _ new: RawTree?) -> [(old: TreeEntry?, new: TreeEntry?)] {
        guard let old else { return new?.entries().map { (nil, $0) } ?? [] }
        guard let new else { return old.entries().map { ($0, nil) } }
        return old.bytes.withUnsafeBytes { oldBytes in
            new.bytes.withUnsafeBytes { newBytes in
                // A tree read beside `old` found where they part already.
                let known = new.parting.flatMap { $0.relative == old.id && $0.size == oldBytes.count ? $0.overlap : nil }
                let overlap = known ?? old.overlap(in: oldBytes, with: newBytes)
                let first = overlap.first
                let shift = newBytes.count - oldBytes.count
                var oldEnd = old.firstRecord(startingAtOrAfter: oldBytes.count - overlap.tail)
                var newEnd = new.starts.count
                while oldEnd < old.starts.count {
                    if let match = new.record(startingAt: Int(old.starts[oldEnd]) + shift) {
                        newEnd = match
                        break
                    }
                    oldEnd += 1
                }
                return merge(
                    old: (first..<oldEnd).map { old.record($0, in: oldBytes) }, in: oldBytes,
                    new: (first..<max(first, newEnd)).map { new.record($0, in: newBytes) }, in: newBytes)
            }
        }
    }

    /// The differing records of two sorted runs of records, walked side by side.
    private static func merge(old: [RawTreeRecord], in oldBytes: UnsafeRawBufferPointer, new: [RawTreeRecord], in newBytes: UnsafeRawBufferPointer)
        -> [(old: TreeEntry?, new: TreeEntry?)]
    {
        var differences = [(old: TreeEntry?, new: TreeEntry?)]()
        var left = 0
        var right = 0
        while left < old.count || right < new.count {
            guard left < old.count else {
                differences.append((nil, new[right].entry(in: newBytes)))
                right += 1
                continue
            }
            guard right < new.count else {
                differences.append((old[left].entry(in: oldBytes), nil))
                left += 1
                continue
            }
            let (oldRecord, newRecord) = (old[left], new[right])
            if oldRecord.sameBytes(in: oldBytes, as: newRecord, in: newBytes) {
                left += 1
                right += 1
                continue
            }
            let order = RawTreeRecord.gitOrder(oldRecord, in: oldBytes, newRecord, in: newBytes)
            if order < 0 {
                differences.append((oldRecord.entry(in: oldBytes), nil))
                left += 1
            } else if order > 0 {
                differences.append((nil, newRecord.entry(in: newBytes)))
                right += 1
            } else {
                let oldEntry = oldRecord.entry(in: oldBytes)
                let newEntry = newRecord.entry(in: newBytes)
                if oldEntry.id != newEntry.id || oldEntry.mode != newEntry.mode { differences.append((oldEntry, newEntry)) }
                left += 1
                right += 1
            }
        }
        return differences
    }

    /// How many bytes `a` and `b` share at their start, found by halving with `memcmp`.
    static func commonPrefix(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        var low = 0
        var high = min(a.count, b.count)
        guard high > 0 else { return 0 }
        if a.compareBytes(with: b, count: high) == 0 { return high }
        // The first difference lies in low..<high.
        while high - low > 32 {
            let middle = (low + high) / 2
            if a.compareBytes(from: low, with: b, from: low, count: middle - low) == 0 { low = middle } else { high = middle }
        }
        while a[low] == b[low] { low += 1 }
        return low
    }

    /// How many bytes `a[aStart...]` and `b[bStart...]` share at their end.
    static func commonSuffix(_ a: UnsafeRawBufferPointer, from aStart: Int, _ b: UnsafeRawBufferPointer, from bStart: Int) -> Int {
        let limit = min(a.count - aStart, b.count - bStart)
        guard limit > 0 else { return 0 }
        func same(_ length: Int) -> Bool { a.compareBytes(from: a.count - length, with: b, from: b.count - length, count: length) == 0 }
        if same(limit) { return limit }
        // Some length in low..<high is where they stop agreeing: the last `low` bytes agree.
        var low = 0
        var high = limit
        while high - low > 32 {
            let middle = (low + high) / 2
            if same(middle) { low = middle } else { high = middle }
        }
        while low < limit, a[a.count - low - 1] == b[b.count - low - 1] { low += 1 }
        return low
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
        return length == other.end - other.start && bytes.compareBytes(from: start, with: otherBytes, from: other.start, count: length) == 0
    }

    /// The name, for messages.
    func name(in bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[name..<nul]), as: UTF8.self)
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
            id: ObjectID(twentyBytes: UnsafeRawBufferPointer(rebasing: bytes[(nul + 1)..<end])),
            kind: kind, mode: mode)
    }

    /// git's order of entry `record` and a name (a folder's or a file's).
    static func gitOrder(_ record: RawTreeRecord, in bytes: UnsafeRawBufferPointer, _ name: UnsafeRawBufferPointer, isFolder: Bool) -> Int {
        TreeOrder.compare(
            UnsafeRawBufferPointer(rebasing: bytes[record.name..<record.nul]), isFolder: record.rawMode(in: bytes) & 0o170000 == 0o040000,
            name, isFolder: isFolder)
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

    /// The records of `bytes` from byte `offset`, which must be where a record starts.
    init(bytes: UnsafeRawBufferPointer, tree: ObjectID?, from offset: Int = 0) {
        self.bytes = bytes
        self.tree = tree
        self.offset = offset
    }

    /// The next record; nil at the end.
    /// - Throws: `GitError` when the bytes are not a tree record.
    mutating func next() throws(GitError) -> RawTreeRecord? {
        guard offset < bytes.count else { return nil }
        let start = offset
        var cursor = start
        while cursor < bytes.count, cursor - start < 7, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[cursor]) { cursor += 1 }
        guard cursor > start, cursor < bytes.count, bytes[cursor] == UInt8(ascii: " "),
            let nul = bytes.firstOffset(of: 0, from: cursor + 1)
        else { throw malformed() }
        guard nul > cursor + 1, nul + 21 <= bytes.count else { throw malformed() }
        let mode = UnsafeRawBufferPointer(rebasing: bytes[start..<cursor])
        guard let kind = Self.kind(ofMode: mode) else {
            throw malformed("has an entry of mode \(String(decoding: mode, as: UTF8.self)), which is not one git writes")
        }
        let name = UnsafeRawBufferPointer(rebasing: bytes[(cursor + 1)..<nul])
        if let problem = Self.problem(ofName: name, isLink: kind == .link) { throw malformed(problem) }
        if bytes[(nul + 1)..<(nul + 21)].allSatisfy({ $0 == 0 }) {
            throw malformed("has an entry '\(String(decoding: name, as: UTF8.self))' whose id is all zeros")
        }
        offset = nul + 21
        return RawTreeRecord(start: start, name: cursor + 1, nul: nul)
    }

    /// What a mode git writes stands for.
    private enum ModeKind { case folder, file, link, submodule }

    /// The kind of `mode` when it is one git writes (`40000`, `100644`, `100755`, `120000`,
    /// `160000`, without leading zeros); nil for any other.
    private static func kind(ofMode mode: UnsafeRawBufferPointer) -> ModeKind? {
        func digits(_ text: StaticString) -> Bool {
            text.utf8CodeUnitCount == mode.count && text.withUTF8Buffer { $0.elementsEqual(mode) }
        }
        if mode.count == 5 { return digits("40000") ? .folder : nil }
        guard mode.count == 6, mode[0] == UInt8(ascii: "1") else { return nil }
        if digits("100644") || digits("100755") { return .file }
        if digits("120000") { return .link }
        return digits("160000") ? .submodule : nil
    }

    /// What `git fsck --strict` finds wrong with an entry's name: a slash, `.` or `..`, a name a
    /// file system may take for `.git` (HFS+ ignores some invisible code points, NTFS trailing
    /// dots and spaces and what follows a `:`, Windows splits at `\` and has short names such as
    /// `GIT~1`), bytes of an over-long UTF-8 encoding (which some systems read as `.` or `/`),
    /// and a symbolic link a file system may take for one of git's own files (`.gitmodules`,
    /// `.gitattributes`, `.gitignore`, `.mailmap`).
    private static func problem(ofName name: UnsafeRawBufferPointer, isLink: Bool) -> String? {
        func named(_ why: String) -> String { "has an entry named '\(String(decoding: name, as: UTF8.self))', \(why)" }
        // One pass over the bytes: a slash, over-long UTF-8 lead bytes, and the letters g, i, t
        // that any name taken for `.git` holds (a task file's ID has no I, so its check ends here).
        var slash = false, overlong = false, g = false, i = false, t = false
        for byte in name {
            switch byte {
            case UInt8(ascii: "/"): slash = true
            case 0xC0, 0xC1: overlong = true
            case UInt8(ascii: "g"), UInt8(ascii: "G"): g = true
            case UInt8(ascii: "i"), UInt8(ascii: "I"): i = true
            case UInt8(ascii: "t"), UInt8(ascii: "T"): t = true
            default: break
            }
        }
        if slash { return named("with a slash") }
        if name.elementsEqual(".".utf8) || name.elementsEqual("..".utf8) { return named("which git never writes") }
        if overlong { return named("with bytes of an over-long UTF-8 encoding") }
        guard isLink || (g && i && t) else { return nil }
        let text = String(decoding: name, as: UTF8.self)
        for part in text.split(separator: "\\", omittingEmptySubsequences: false) {
            if part == ".git" || FileSystemName.isTaken(part, for: ".git") { return named("which a file system may take for .git") }
            if isLink, let file = [".gitmodules", ".gitattributes", ".gitignore", ".mailmap"].first(where: { part == $0 || FileSystemName.isTaken(part, for: $0) }) {
                return named("a symbolic link a file system may take for git's own \(file)")
            }
        }
        return nil
    }

    private func malformed(_ problem: String? = nil) -> GitError {
        .malformed(tree ?? .zero, kind: "tree", problem ?? "has a malformed entry at byte \(offset)")
    }
}
