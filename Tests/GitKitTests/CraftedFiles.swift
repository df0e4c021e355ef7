import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Byte-level tools for rewriting files that real git wrote, the way an attacker would: the
/// encodings git uses inside packs, indexes and commit-graphs, and their SHA-1 trailers.
enum CraftedFiles {
    /// The SHA-1 of `bytes` (by `sha1sum`, so that the tests do not trust GitKit's hashing).
    static func sha1(_ bytes: [UInt8]) throws -> [UInt8] {
        let output = try TestKeys.run("sha1sum", [], environment: ["PATH": "/usr/bin:/bin"], stdin: bytes)
        try TestKeys.check(output, "sha1sum")
        return try #require(ObjectID(hex: String(output.stdoutText.prefix(40)))).bytes
    }

    /// `bytes` with their last 20 bytes replaced by the SHA-1 of the rest, as git seals its files.
    static func sealed(_ bytes: [UInt8]) throws -> [UInt8] {
        let body = Array(bytes.dropLast(20))
        return body + (try sha1(body))
    }

    /// Replaces the file at `path` (git writes packs read-only) with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A zlib stream holding `data` in stored (uncompressed) blocks, which every inflater reads.
    static func zlib(_ data: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x01]
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = end - start
            stream += [end == data.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF)]
            stream += data[start..<end]
            start = end
        } while start < data.count
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return stream + bigEndian(b << 16 | a)
    }

    /// A size in a delta's header: 7 bits a byte, least significant first.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes = [UInt8]()
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value > 0
        return bytes
    }

    /// A pack entry's header: its type and size.
    static func entryHeader(type: Int, size: UInt64) -> [UInt8] {
        var bytes = [UInt8(type << 4) | UInt8(size & 0x0F)]
        var rest = size >> 4
        while rest > 0 {
            bytes[bytes.count - 1] |= 0x80
            bytes.append(UInt8(rest & 0x7F))
            rest >>= 7
        }
        return bytes
    }

    /// How an `OFS_DELTA` entry says how far back its base starts.
    static func baseDistance(_ distance: Int) -> [UInt8] {
        var distance = distance
        var bytes = [UInt8(distance & 0x7F)]
        distance >>= 7
        while distance > 0 {
            distance -= 1
            bytes.insert(0x80 | UInt8(distance & 0x7F), at: 0)
            distance >>= 7
        }
        return bytes
    }

    /// Four big-endian bytes.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// Eight big-endian bytes.
    static func bigEndian(_ value: UInt64) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// The big-endian number of four bytes at `offset`.
    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// What git reads for each of `ids`: `git cat-file --batch`.
    static func gitContents(_ repo: GitTestRepository, _ ids: [ObjectID]) throws -> [ObjectID: [UInt8]] {
        let output = try repo.git(["cat-file", "--batch"], stdin: Array(ids.map { $0.hex + "\n" }.joined().utf8))
        try TestKeys.check(output, "git cat-file --batch")
        let bytes = output.stdout
        var contents = [ObjectID: [UInt8]]()
        var position = 0
        for id in ids {
            let lineEnd = try #require(bytes[position...].firstIndex(of: 0x0A))
            let size = try #require(String(decoding: bytes[position..<lineEnd], as: UTF8.self).split(separator: " ").last.flatMap { Int($0) })
            contents[id] = Array(bytes[(lineEnd + 1)..<(lineEnd + 1 + size)])
            position = lineEnd + 1 + size + 1
        }
        return contents
    }
}

/// The single pack of a repository after `git repack -adf`, with its index, rewritten in memory
/// and saved with every checksum fixed, so that only the crafted entry is wrong.
struct CraftedPack {
    /// One entry as `git verify-pack -v` lists it.
    struct Entry {
        let id: ObjectID
        let type: String
        let offset: Int
        let base: ObjectID?
    }

    let packPath: String
    let indexPath: String
    var pack: [UInt8]
    var index: [UInt8]
    /// The entries, in the order `verify-pack` lists them.
    let entries: [Entry]

    /// Repacks `repo` into one pack (without a reverse index, which would have to match) and
    /// reads it.
    init(repacking repo: GitTestRepository) throws {
        _ = try repo.gitText(["-c", "pack.writeReverseIndex=false", "repack", "-q", "-a", "-d", "-f"])
        let folder = repo.path + "/.git/objects/pack"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        for name in names where name.hasSuffix(".rev") { try FileManager.default.removeItem(atPath: folder + "/" + name) }
        let stem = folder + "/" + (try #require(names.first { $0.hasSuffix(".pack") })).dropLast(5)
        packPath = stem + ".pack"
        indexPath = stem + ".idx"
        pack = try CraftedFiles.read(packPath)
        index = try CraftedFiles.read(indexPath)
        entries = try repo.gitText(["verify-pack", "-v", indexPath]).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 5 || fields.count == 7, let id = ObjectID(hex: String(fields[0])), let offset = Int(fields[4]) else { return nil }
            return Entry(id: id, type: String(fields[1]), offset: offset, base: fields.count == 7 ? ObjectID(hex: String(fields[6])) : nil)
        }
    }

    /// How many objects the index lists.
    var count: Int { Int(CraftedFiles.uint32(index, at: 8 + 255 * 4)) }

    /// Where the index lists `id`.
    func position(of id: ObjectID) throws -> Int {
        try #require((0..<count).first { index[(1032 + $0 * 20)..<(1032 + $0 * 20 + 20)].elementsEqual(id.bytes) })
    }

    /// Sets the 4-byte offset the index records for `id`.
    mutating func setOffset(of id: ObjectID, to value: UInt32) throws {
        let at = 1032 + count * 24 + (try position(of: id)) * 4
        index.replaceSubrange(at..<at + 4, with: CraftedFiles.bigEndian(value))
    }

    /// Appends the entry `make` returns for where it starts (before the pack's trailer), and
    /// points the index's offset for `id` at it.
    mutating func redirect(_ id: ObjectID, to make: (_ offset: Int) -> [UInt8]) throws {
        let offset = pack.count - 20
        pack.insert(contentsOf: make(offset), at: offset)
        try setOffset(of: id, to: UInt32(offset))
    }

    /// Writes both files: the pack's trailer, the index's copy of it and the index's own
    /// checksum made to match.
    func save() throws {
        let pack = try CraftedFiles.sealed(self.pack)
        let index = try CraftedFiles.sealed(Array(self.index.dropLast(40)) + pack.suffix(20) + [UInt8](repeating: 0, count: 20))
        try CraftedFiles.write(pack, to: packPath)
        try CraftedFiles.write(index, to: indexPath)
    }
}

extension CraftedPack {
    /// A repository with an edited history packed by git, its pack, and what git reads for each
    /// of its objects.
    static func repacked() throws -> (repo: GitTestRepository, pack: CraftedPack, expected: [ObjectID: [UInt8]]) {
        let repo = try GitTestRepository.withEditedHistory()
        let pack = try CraftedPack(repacking: repo)
        return (repo, pack, try CraftedFiles.gitContents(repo, pack.entries.map(\.id)))
    }
}
