import Foundation
@testable import GitKit
import Testing

/// Pack indexes rewritten by an attacker, or paired with another pack: refused whole, as git
/// refuses them, so that no object is read through them.
@Suite struct CraftedPackIndexTests {
    @Test("an index whose fan-out is out of order is refused whole, as git refuses it")
    func fanoutOutOfOrder() throws {
        let (repo, original, _) = try CraftedPack.repacked()
        var pack = original
        // The first bucket claims every object: the second bucket then ends before it starts.
        let count = pack.count
        #expect(CraftedFiles.uint32(pack.index, at: 8 + 4) < count)
        pack.index.replaceSubrange(8..<12, with: CraftedFiles.bigEndian(UInt32(count)))
        try pack.save()
        #expect(PackIndex(path: pack.indexPath) == nil)
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for entry in pack.entries {
            #expect(objects.object(entry.id) == nil, "\(entry.id.hex)")
        }
        #expect(try repo.git(["cat-file", "-p", pack.entries[0].id.hex]).status != 0, "git refuses the index too")
    }

    @Test("an index of one pack beside another pack is refused, as git refuses it")
    func indexOfAnotherPack() throws {
        let (repo, pack, _) = try CraftedPack.repacked()
        let other = try GitTestRepository()
        try other.write("another history\n", to: "notes.txt")
        _ = try other.gitText(["add", "notes.txt"])
        _ = try other.gitText(["commit", "-q", "--no-gpg-sign", "-m", "another"])
        let foreign = try CraftedPack(repacking: other)
        try CraftedFiles.write(foreign.pack, to: pack.packPath)
        #expect(PackIndex(path: pack.indexPath) != nil, "the index alone is well-formed")
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for entry in pack.entries {
            #expect(objects.object(entry.id) == nil, "\(entry.id.hex)")
        }
    }

    @Test("an index longer than its large offsets can fill is refused, as git refuses it")
    func indexTooLong() throws {
        let (repo, original, _) = try CraftedPack.repacked()
        var pack = original
        let count = pack.count
        pack.index.insert(contentsOf: [UInt8](repeating: 0, count: 8 * count), at: pack.index.count - 40)
        try pack.save()
        #expect(PackIndex(path: pack.indexPath) == nil)
        #expect(ObjectFiles(folder: repo.path + "/.git/objects").object(pack.entries[0].id) == nil)
    }
}
