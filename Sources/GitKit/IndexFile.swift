import ByteRanges
import Crypto
import Glibc

/// git's index file (`.git/index`, formats 2 and 3), read and patched in place for one path.
///
/// libgit2 reads a whole index into memory, checks its SHA-1 with the collision-detecting
/// implementation, and writes every entry back: about 90 ms for 100,000 entries here. Changing
/// the blob of one tracked file needs none of that. This type finds the entry by scanning the
/// fixed-size headers, rewrites its stat data and object id in place (same length, so nothing
/// moves), marks the directories above it as changed in the cache-tree extension, and
/// recomputes the trailing checksum. It handles only what it fully understands and says so:
/// anything else (format 4, split or sparse indexes, extensions it does not know, flags such as
/// skip-worktree on the entry) returns nil, and the caller uses libgit2 instead.
public struct IndexFile {
    /// The stat data git records for a working file.
    public struct Stat: Sendable, Equatable {
        public var ctimeSeconds: UInt32, ctimeNanoseconds: UInt32
        public var mtimeSeconds: UInt32, mtimeNanoseconds: UInt32
        public var device: UInt32, inode: UInt32, mode: UInt32
        public var userID: UInt32, groupID: UInt32, size: UInt32

        /// Stat data from its fields, truncated to 32 bits as git stores them.
        public init(ctime: (Int, Int), mtime: (Int, Int), device: UInt64, inode: UInt64, mode: UInt32, userID: UInt32, groupID: UInt32, size: Int64) {
            ctimeSeconds = UInt32(truncatingIfNeeded: ctime.0)
            ctimeNanoseconds = UInt32(truncatingIfNeeded: ctime.1)
            mtimeSeconds = UInt32(truncatingIfNeeded: mtime.0)
            mtimeNanoseconds = UInt32(truncatingIfNeeded: mtime.1)
            self.device = UInt32(truncatingIfNeeded: device)
            self.inode = UInt32(truncatingIfNeeded: inode)
            self.mode = mode
            self.userID = userID
            self.groupID = groupID
            self.size = UInt32(truncatingIfNeeded: size)
        }
    }

    /// What identifies one version of a file on disk (the index, a lock file): equal stamps
    /// taken a while apart mean nobody wrote or replaced the file meanwhile.
    public struct Stamp: Equatable, Sendable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

        /// The stamp of the file at `path`, or nil when there is none.
        public init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            seconds = info.st_mtim.tv_sec
            nanoseconds = info.st_mtim.tv_nsec
        }
    }

    /// One stage-0 entry found in the file.
    public struct Entry: Sendable, Equatable {
        /// The staged blob.
        public let id: ObjectID
        /// The staged mode.
        public let mode: UInt32
        /// Where the entry starts in the file.
        let offset: Int
    }

    /// The file's bytes: mapped from the page cache when read, owned once changed.
    private var storage: IndexBytes
    /// The bytes as they stand, valid while `storage` lives.
    private var raw: UnsafeRawBufferPointer { storage.raw }
    /// A copy of the file's bytes as they stand.
    public var bytes: [UInt8] { Array(raw) }
    /// Where each entry starts, in the file's (path) order.
    private let offsets: [Int]
    private let entryCount: Int
    /// Where the entries end and the extensions begin.
    private let entriesEnd: Int

    /// The extensions this type keeps as they are (besides TREE, which it rewrites): resolve-undo
    /// and the untracked cache (which checks directory stat data itself).
    private static let keptExtensions: Set<String> = ["REUC", "UNTR"]
    private static let headerSize = 12
    private static let fixedEntrySize = 62
    private static let hashSize = 20
    /// The shortest an entry can be: the fixed part, then at least one NUL, padded to 8 bytes.
    private static let shortestEntry = 64

    /// Parses the layout of `bytes`; nil when the index uses anything this type does not handle.
    /// The checksum is not verified here, as git does not verify it when reading either.
    public init?(bytes: [UInt8]) {
        self.init(storage: IndexBytes(copying: bytes))
    }

    /// The index file at `path`, mapped rather than read (8.8 MB at 100,000 files); nil when it
    /// is missing or uses anything this type does not handle.
    public init?(path: String) {
        guard let file = MappedFile(path: path) else { return nil }
        self.init(storage: IndexBytes(mapping: file))
    }

    private init?(storage: IndexBytes) {
        let bytes = storage.raw
        guard bytes.count >= Self.headerSize + Self.hashSize, bytes[0..<4].elementsEqual("DIRC".utf8) else { return nil }
        let version = Self.uint32(bytes, at: 4)
        guard version == 2 || version == 3 else { return nil }
        let count = Int(Self.uint32(bytes, at: 8))
        var offset = Self.headerSize
        let limit = bytes.count - Self.hashSize
        // The count comes from the file: room is made only for as many entries as it can hold.
        guard count <= (limit - offset) / Self.shortestEntry else { return nil }
        var offsets = [Int]()
        offsets.reserveCapacity(count)
        for _ in 0..<count {
            guard Self.fixedEntrySize <= limit - offset else { return nil }
            offsets.append(offset)
            let flags = Self.uint16(bytes, at: offset + 60)
            let extended = flags & 0x4000 != 0
            let pathStart = offset + Self.fixedEntrySize + (extended ? 2 : 0)
            guard pathStart < limit else { return nil }
            var nameLength = Int(flags & 0x0FFF)
            if nameLength == 0x0FFF {
                guard let end = bytes[pathStart..<limit].firstIndex(of: 0) else { return nil }
                nameLength = end - pathStart
            }
            // The path, at least one NUL, and padding to 8 bytes, all before the checksum.
            let entryLength = (pathStart - offset + nameLength + 8) & ~7
            guard entryLength <= limit - offset else { return nil }
            offset += entryLength
        }
        var extensionOffset = offset
        while extensionOffset < limit {
            guard 8 <= limit - extensionOffset else { return nil }
            let signature = String(decoding: bytes[extensionOffset..<extensionOffset + 4], as: UTF8.self)
            let size = Int(Self.uint32(bytes, at: extensionOffset + 4))
            guard signature == "TREE" || Self.keptExtensions.contains(signature), size <= limit - extensionOffset - 8 else { return nil }
            extensionOffset += 8 + size
        }
        self.storage = storage
        self.offsets = offsets
        entryCount = count
        entriesEnd = offset
    }

    /// The stage-0 entry of `path`, or nil when it is not in the index (a binary search: git
    /// keeps entries sorted by path bytes, then stage).
    public func entry(at path: String) -> Entry? {
        let wanted = Array(path.utf8)
        var index = lowerBound(wanted)
        while index < entryCount, comparePath(at: index, with: wanted) == 0 {
            if stage(at: index) == 0 {
                let offset = offsets[index]
                return Entry(id: id(at: index), mode: Self.uint32(raw, at: offset + 24), offset: offset)
            }
            index += 1
        }
        return nil
    }

    /// Every entry whose path starts with `prefix` (e.g. `tasks/2026-11/`): path, blob, mode and
    /// stage, in path order; reads only those entries.
    public func entries(under prefix: String) -> [(path: String, id: ObjectID, mode: UInt32, stage: Int)] {
        let start = Array(prefix.utf8)
        var result = [(path: String, id: ObjectID, mode: UInt32, stage: Int)]()
        var index = lowerBound(start)
        while index < entryCount {
            let range = pathRange(at: index)
            guard range.count >= start.count, raw[range.lowerBound..<range.lowerBound + start.count].elementsEqual(start) else { break }
            result.append((String(decoding: raw[range], as: UTF8.self), id(at: index), Self.uint32(raw, at: offsets[index] + 24), stage(at: index)))
            index += 1
        }
        return result
    }

    /// The stage-0 paths below `prefix` that end in `suffix` (e.g. every `tasks/*/HO-7K3QX.md`),
    /// found by comparing bytes in place.
    public func paths(under prefix: String, endingWith suffix: String) -> [String] {
        let start = Array(prefix.utf8)
        let end = Array(suffix.utf8)
        var found = [String]()
        var index = lowerBound(start)
        while index < entryCount {
            let range = pathRange(at: index)
            guard range.count >= start.count, raw[range.lowerBound..<range.lowerBound + start.count].elementsEqual(start) else { break }
            if range.count >= start.count + end.count, stage(at: index) == 0,
                raw[(range.upperBound - end.count)..<range.upperBound].elementsEqual(end) {
                found.append(String(decoding: raw[range], as: UTF8.self))
            }
            index += 1
        }
        return found
    }

    /// One name directly inside a folder of the index: a file's entry, or a subfolder.
    public struct Child: Sendable {
        /// The file or folder name (one path component).
        public let name: String
        /// True for a subfolder (listed once, whatever it holds).
        public let isFolder: Bool
        /// A file's staged blob, mode and stage (zero for a folder).
        public let id: ObjectID, mode: UInt32, stage: Int
    }

    /// The names directly inside folder `prefix` (ending in `/`, or empty for the root), in the
    /// index's order, which is git's tree order (a folder sorts as its name and `/`): each file
    /// entry (a conflicted file once per stage), and each subfolder once, its contents skipped
    /// by the entry count `cachedTrees` records for it (checked against the entries on both
    /// sides of the jump), else by binary search.
    public func children(of prefix: String, cachedTrees: [String: CachedTree] = [:]) -> [Child] {
        let start = Array(prefix.utf8)
        var children = [Child]()
        var index = lowerBound(start)
        while index < entryCount {
            let range = pathRange(at: index)
            guard range.count > start.count, raw[range.lowerBound..<range.lowerBound + start.count].elementsEqual(start) else { break }
            let rest = (range.lowerBound + start.count)..<range.upperBound
            if let slash = raw[rest].firstIndex(of: UInt8(ascii: "/")) {
                let name = Array(raw[rest.lowerBound..<slash])
                let folder = start + name + [UInt8(ascii: "/")]
                children.append(Child(name: String(decoding: name, as: UTF8.self), isFolder: true, id: .zero, mode: 0o040000, stage: 0))
                // The count is the index's own record, but not to be trusted: it must land inside
                // the entries (compared so that it cannot overflow).
                let cached = cachedTrees[String(decoding: folder.dropLast(), as: UTF8.self)].flatMap {
                    $0.entryCount > 0 && $0.entryCount <= entryCount - index ? index + $0.entryCount : nil
                }
                if let end = cached, hasPrefix(folder, at: end - 1), end == entryCount || !hasPrefix(folder, at: end) {
                    index = end
                } else {
                    index = lowerBound(start + name + [UInt8(ascii: "/") + 1])
                }
            } else {
                children.append(Child(
                    name: String(decoding: raw[rest], as: UTF8.self), isFolder: false,
                    id: id(at: index), mode: Self.uint32(raw, at: offsets[index] + 24), stage: stage(at: index)))
                index += 1
            }
        }
        return children
    }

    /// Whether the path of entry `index` starts with `prefix`.
    private func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        let range = pathRange(at: index)
        return range.count >= prefix.count && raw[range.lowerBound..<range.lowerBound + prefix.count].elementsEqual(prefix)
    }

    /// A folder's tree as the cache-tree extension records it.
    public struct CachedTree: Sendable, Equatable {
        /// The tree git wrote for the folder.
        public let id: ObjectID
        /// How many index entries lie below the folder.
        public let entryCount: Int
    }

    /// The trees git cached for folders (`""` for the root, `tasks`, `tasks/2026-11`, …); a
    /// folder changed since git last wrote a tree has no entry.
    public func cachedTrees() -> [String: CachedTree] {
        guard let data = extensionData("TREE"), let records = Self.cacheTreeRecords(data) else { return [:] }
        var result = [String: CachedTree]()
        for record in records {
            if let id = record.id { result[record.path.joined(separator: "/")] = CachedTree(id: id, entryCount: record.entryCount) }
        }
        return result
    }

    /// One folder of the cache-tree extension: its path from the root (empty for the root), its
    /// tree id (nil when invalidated), the index entries below it (-1 when invalidated), its
    /// subtree count, and where its record lies in the data.
    struct CacheTreeRecord {
        let path: [String]
        let id: ObjectID?
        let entryCount: Int
        let subtrees: Int
        let nameEnd: Int
        let end: Int
    }

    /// The records of cache-tree `data`, in its pre-order: name NUL, entry count (negative when
    /// invalid), space, subtree count, newline, then the tree id when the count is not negative.
    /// Nil unless the data is one tree as git writes it: an unnamed root whose subtrees, and
    /// theirs, are all there and end the data, with counts that fit git's `int` (git would read
    /// a larger number as another one).
    static func cacheTreeRecords(_ data: [UInt8]) -> [CacheTreeRecord]? {
        var records = [CacheTreeRecord]()
        var offset = 0
        // Each open level: its path and the subtrees still to read.
        var stack = [(path: [String], remaining: Int)]()
        repeat {
            guard let nameEnd = data[offset...].firstIndex(of: 0),
                let spaceEnd = data[(nameEnd + 1)...].firstIndex(of: 0x20),
                let lineEnd = data[(spaceEnd + 1)...].firstIndex(of: 0x0A),
                let count = Int32(String(decoding: data[(nameEnd + 1)..<spaceEnd], as: UTF8.self)),
                let subtrees = Int32(String(decoding: data[(spaceEnd + 1)..<lineEnd], as: UTF8.self)), subtrees >= 0
            else { return nil }
            let name = String(decoding: data[offset..<nameEnd], as: UTF8.self)
            let path: [String]
            if let parent = stack.last {
                path = parent.path + [name]
                stack[stack.count - 1].remaining -= 1
            } else {
                guard name.isEmpty else { return nil }
                path = []
            }
            var end = lineEnd + 1
            var id: ObjectID?
            if count >= 0 {
                guard hashSize <= data.count - end else { return nil }
                id = ObjectID(bytes: Array(data[end..<end + hashSize]))
                end += hashSize
            }
            records.append(CacheTreeRecord(path: path, id: id, entryCount: Int(count), subtrees: Int(subtrees), nameEnd: nameEnd, end: end))
            stack.append((path, Int(subtrees)))
            while let last = stack.last, last.remaining == 0 { stack.removeLast() }
            offset = end
        } while !stack.isEmpty
        return offset == data.count ? records : nil
    }

    private func extensionData(_ wanted: String) -> [UInt8]? {
        let limit = raw.count - Self.hashSize
        var offset = entriesEnd
        while offset + 8 <= limit {
            let signature = String(decoding: raw[offset..<offset + 4], as: UTF8.self)
            let size = Int(Self.uint32(raw, at: offset + 4))
            if signature == wanted { return Array(raw[offset + 8..<offset + 8 + size]) }
            offset += 8 + size
        }
        return nil
    }

    private func pathRange(at index: Int) -> Range<Int> {
        let offset = offsets[index]
        let flags = Self.uint16(raw, at: offset + 60)
        let start = offset + Self.fixedEntrySize + (flags & 0x4000 != 0 ? 2 : 0)
        var length = Int(flags & 0x0FFF)
        // The parser found this NUL before the checksum; the fallback is never taken.
        if length == 0x0FFF { length = (raw[start..<(raw.count - Self.hashSize)].firstIndex(of: 0) ?? start) - start }
        return start..<start + length
    }

    private func stage(at index: Int) -> Int { Int(Self.uint16(raw, at: offsets[index] + 60) >> 12 & 0x3) }

    /// The blob of entry `index` (whose fixed part the parser found inside the file; the
    /// fallback is never taken).
    private func id(at index: Int) -> ObjectID {
        ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(offsets[index] + 40)...])) ?? .zero
    }

    /// The path of entry `index` compared bytewise with `other`, as git orders entries.
    private func comparePath(at index: Int, with other: [UInt8]) -> Int {
        let range = pathRange(at: index)
        return other.withUnsafeBytes { wanted in
            let common = min(range.count, wanted.count)
            let result = raw.compareBytes(from: range.lowerBound, with: wanted, count: common)
            if result != 0 { return Int(result) }
            return range.count - wanted.count
        }
    }

    /// The first entry whose path is not before `path`.
    private func lowerBound(_ path: [UInt8]) -> Int {
        var low = 0
        var high = entryCount
        while low < high {
            let middle = (low + high) / 2
            if comparePath(at: middle, with: path) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Points `entry` (found at `path`) at `id` with the working file's `stat`, and marks the
    /// directories above `path` as changed in the cache tree.
    /// - Returns: false, changing nothing, when the entry carries flags (assume-valid,
    ///   skip-worktree, intent-to-add) whose meaning a plain update would break, or the cache
    ///   tree is not laid out as git writes it (git could go on trusting a tree it records).
    public mutating func update(_ entry: Entry, path: String, to id: ObjectID, stat: Stat) -> Bool {
        let flags = Self.uint16(raw, at: entry.offset + 60)
        guard flags & 0xC000 == 0 else { return false }
        let tree = invalidatedCacheTree(above: path)
        if let tree, tree.bytes == nil { return false }
        let fields = [stat.ctimeSeconds, stat.ctimeNanoseconds, stat.mtimeSeconds, stat.mtimeNanoseconds,
                      stat.device, stat.inode, stat.mode, stat.userID, stat.groupID, stat.size]
        // One copy of the mapped file, with the cache tree already rewritten; the entry lies
        // before the extensions, so its offset stays.
        if let tree, let bytes = tree.bytes {
            storage = IndexBytes(copying: raw, replacing: tree.range, with: bytes)
        }
        let target = writable()
        for (index, value) in fields.enumerated() {
            target.storeBytes(of: value.bigEndian, toByteOffset: entry.offset + index * 4, as: UInt32.self)
        }
        for (index, byte) in id.bytes.enumerated() { target[entry.offset + 40 + index] = byte }
        return true
    }

    /// True when `bytes` are a whole index file: the `DIRC` header, and a trailer that is the
    /// SHA-1 of everything before it (or zero, as `index.skipHash` writes it). A file cut short
    /// while it was written fails this, whatever its entries look like.
    public static func isSealed(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= headerSize + hashSize, bytes[0..<4].elementsEqual("DIRC".utf8) else { return false }
        let trailer = bytes[(bytes.count - hashSize)...]
        if trailer.allSatisfy({ $0 == 0 }) { return true }
        var hasher = Insecure.SHA1()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - hashSize)])) }
        return hasher.finalize().elementsEqual(trailer)
    }

    /// Recomputes the trailing SHA-1 in place (unless the file was written with
    /// `index.skipHash` and its trailer is zero): `bytes` are then what to write.
    public mutating func seal() {
        let trailer = (raw.count - Self.hashSize)..<raw.count
        if raw[trailer].allSatisfy({ $0 == 0 }) { return }
        var hasher = Insecure.SHA1()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[..<trailer.lowerBound]))
        let digest = Array(hasher.finalize())
        let target = writable()
        for (index, byte) in digest.enumerated() { target[trailer.lowerBound + index] = byte }
    }

    /// Writes the file's bytes to `descriptor`.
    /// - Returns: whether every byte was written.
    public func write(to descriptor: Int32) -> Bool {
        guard let start = raw.baseAddress else { return raw.isEmpty }
        var written = 0
        while written < raw.count {
            let result = Glibc.write(descriptor, start + written, raw.count - written)
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            written += result
        }
        return true
    }

    /// The bytes, made this value's own (copied from the mapping, or from a shared copy).
    private mutating func writable() -> UnsafeMutableRawBufferPointer {
        if isKnownUniquelyReferenced(&storage), let bytes = storage.writable { return bytes }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: raw.count, alignment: 8)
        copy.copyMemory(from: raw)
        storage = IndexBytes(owning: copy)
        return copy
    }

    /// Where the TREE extension lies and what replaces it so that the root, and each directory
    /// on the way to `path`, records no tree (entry count -1): git recomputes them at its next
    /// commit. Nil when there is no cache tree; no bytes when it is malformed.
    private func invalidatedCacheTree(above path: String) -> (range: Range<Int>, bytes: [UInt8]?)? {
        let limit = raw.count - Self.hashSize
        var offset = entriesEnd
        while offset < limit {
            let signature = String(decoding: raw[offset..<offset + 4], as: UTF8.self)
            let size = Int(Self.uint32(raw, at: offset + 4))
            if signature == "TREE" {
                let data = Array(raw[offset + 8..<offset + 8 + size])
                let rewritten = Self.invalidating(data, directories: Array(path.split(separator: "/").dropLast().map(String.init)))
                return (offset..<offset + 8 + size, rewritten.map { Array("TREE".utf8) + Self.bigEndian(UInt32($0.count)) + $0 })
            }
            offset += 8 + size
        }
        return nil
    }

    /// Cache-tree `data` with the root and `directories` (the components down to a file) marked
    /// invalid; nil when it is malformed.
    static func invalidating(_ data: [UInt8], directories: [String]) -> [UInt8]? {
        guard let records = cacheTreeRecords(data) else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(data.count)
        var start = 0
        for record in records {
            output += data[start...record.nameEnd]
            if directories.starts(with: record.path) {
                output += Array("-1 \(record.subtrees)\n".utf8)
            } else {
                output += data[(record.nameEnd + 1)..<record.end]
            }
            start = record.end
        }
        return output
    }

    private static func uint32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private static func uint16(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt16 {
        UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

/// The bytes of an index file: a read-only mapping, or memory of its own once changed.
private final class IndexBytes {
    /// The bytes, valid while this object lives.
    let raw: UnsafeRawBufferPointer
    /// The same bytes when they may be changed (not a mapping).
    let writable: UnsafeMutableRawBufferPointer?
    private let mapping: MappedFile?

    init(mapping file: MappedFile) {
        mapping = file
        raw = UnsafeRawBufferPointer(file.bytes)
        writable = nil
    }

    convenience init<Bytes: Collection<UInt8>>(copying bytes: Bytes) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        copy.copyBytes(from: bytes)
        self.init(owning: copy)
    }

    /// The bytes of `copy`, an allocation this object now owns and frees.
    init(owning copy: UnsafeMutableRawBufferPointer) {
        mapping = nil
        writable = copy
        raw = UnsafeRawBufferPointer(copy)
    }

    /// A copy of `bytes` with `range` replaced by `replacement`, made in one allocation.
    convenience init(copying bytes: UnsafeRawBufferPointer, replacing range: Range<Int>, with replacement: [UInt8]) {
        let count = bytes.count - range.count + replacement.count
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        UnsafeMutableRawBufferPointer(rebasing: copy[..<range.lowerBound]).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<range.lowerBound]))
        let middle = range.lowerBound + replacement.count
        UnsafeMutableRawBufferPointer(rebasing: copy[range.lowerBound..<middle]).copyBytes(from: replacement)
        UnsafeMutableRawBufferPointer(rebasing: copy[middle...]).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[range.upperBound...]))
        self.init(owning: copy)
    }

    deinit {
        writable?.deallocate()
    }
}
