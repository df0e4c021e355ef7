import Foundation
@testable import GitKit
import Testing

/// Packs rewritten by an attacker: every size and offset read from a pack or its index is
/// checked before use, so the reader answers nil (libgit2 then decides) instead of crashing,
/// allocating what the file claims, or answering what git would not.
@Suite struct CraftedPackTests {
    /// Every object but `except` reads through the files as git reads it.
    private func expectOthersRead(_ repo: GitTestRepository, _ pack: CraftedPack, _ expected: [ObjectID: [UInt8]], except: ObjectID) {
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for entry in pack.entries where entry.id != except {
            #expect(objects.object(entry.id)?.bytes == expected[entry.id], "\(entry.id.hex)")
        }
    }

    @Test("a delta whose header claims a 2^62-byte result is refused without allocating it, by offset or by id", arguments: [6, 7])
    func hugeDeltaResult(type: Int) throws {
        let (repo, original, expected) = try CraftedPack.repacked()
        var pack = original
        let target = try #require(pack.entries.first { $0.type == "blob" && $0.base != nil })
        let base = try #require(pack.entries.first { $0.id == target.base })
        let baseSize = try #require(expected[base.id]).count
        // Instructions that make three bytes, under a header that claims 2^62.
        let delta = CraftedFiles.varint(UInt64(baseSize)) + CraftedFiles.varint(1 << 62) + [3] + Array("abc".utf8)
        try pack.redirect(target.id) { offset in
            CraftedFiles.entryHeader(type: type, size: UInt64(delta.count))
                + (type == 6 ? CraftedFiles.baseDistance(offset - base.offset) : base.id.bytes) + CraftedFiles.zlib(delta)
        }
        try pack.save()
        #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(target.id) == nil)
        expectOthersRead(repo, pack, expected, except: target.id)
        // verify's path: the files refuse, and libgit2, asked next, refuses too.
        let repository = try repo.open().readingObjectFiles(deltaBaseBudget: 1 << 20)
        #expect(throws: GitError.self) { try repository.blobContents(target.id) }
    }

    @Test("a delta that claims one byte more or less than its instructions make is refused")
    func deltaResultMismatch() throws {
        let (repo, original, expected) = try CraftedPack.repacked()
        var pack = original
        let target = try #require(pack.entries.first { $0.type == "blob" && $0.base != nil })
        let base = try #require(pack.entries.first { $0.id == target.base })
        let baseSize = UInt64(try #require(expected[base.id]).count)
        for claimed: UInt64 in [2, 4] {
            let delta = CraftedFiles.varint(baseSize) + CraftedFiles.varint(claimed) + [3] + Array("abc".utf8)
            try pack.redirect(target.id) { offset in
                CraftedFiles.entryHeader(type: 6, size: UInt64(delta.count)) + CraftedFiles.baseDistance(offset - base.offset) + CraftedFiles.zlib(delta)
            }
            try pack.save()
            #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(target.id) == nil, "claims \(claimed)")
        }
        let delta = CraftedFiles.varint(baseSize) + CraftedFiles.varint(3) + [3] + Array("abc".utf8)
        try pack.redirect(target.id) { offset in
            CraftedFiles.entryHeader(type: 6, size: UInt64(delta.count)) + CraftedFiles.baseDistance(offset - base.offset) + CraftedFiles.zlib(delta)
        }
        try pack.save()
        #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(target.id)?.bytes == Array("abc".utf8), "the same entry, honest")
        #expect(try CraftedFiles.gitContents(repo, [target.id])[target.id] == Array("abc".utf8), "git reads it so too")
    }

    @Test("an entry whose header claims 2^60 or 2^50 bytes, or more than its stream can inflate to, is refused")
    func hugeEntrySize() throws {
        let (repo, original, expected) = try CraftedPack.repacked()
        var pack = original
        let target = try #require(pack.entries.first { $0.type == "blob" })
        for claimed: UInt64 in [1 << 60, 1 << 50, 48 << 20] {
            try pack.redirect(target.id) { _ in CraftedFiles.entryHeader(type: 3, size: claimed) + CraftedFiles.zlib(Array("abc".utf8)) }
            try pack.save()
            #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(target.id) == nil, "claims \(claimed)")
        }
        expectOthersRead(repo, pack, expected, except: target.id)
    }

    @Test("offsets that point past the pack, into its trailer, or past the large-offset table are refused")
    func offsetsOutside() throws {
        let (repo, original, expected) = try CraftedPack.repacked()
        var pack = original
        let target = try #require(pack.entries.first)
        for offset: UInt32 in [0x7FFF_FFF0, UInt32(pack.pack.count - 20), UInt32(pack.pack.count - 2), 0, 11, 0x8000_0005, 0xFFFF_FFFF] {
            try pack.setOffset(of: target.id, to: offset)
            try pack.save()
            #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(target.id) == nil, "offset \(offset)")
        }
        expectOthersRead(repo, pack, expected, except: target.id)
    }
}
