import Foundation
@testable import GitKit
import Testing

/// Index files rewritten by an attacker: every count, length and extension size is checked, so
/// the in-place reader refuses (and libgit2 decides) instead of crashing or answering what git
/// would not.
@Suite struct CraftedIndexTests {
    /// A repository whose index git wrote with a cache tree: README, tasks/a.md, tasks/b.md.
    private func repository() throws -> GitTestRepository {
        let repo = try GitTestRepository()
        for path in ["README", "tasks/a.md", "tasks/b.md"] { try repo.write("\(path)\n", to: path) }
        _ = try repo.gitText(["add", "."])
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "files"])
        return repo
    }

    private func indexPath(_ repo: GitTestRepository) -> String { repo.path + "/.git/index" }

    /// Where each entry of a version-2 index starts, and where the entries end.
    private func layout(_ bytes: [UInt8]) -> (entries: [Int], end: Int) {
        var offset = 12
        var entries = [Int]()
        for _ in 0..<Int(CraftedFiles.uint32(bytes, at: 8)) {
            entries.append(offset)
            let nameLength = Int(CraftedFiles.uint32(bytes, at: offset + 58) & 0x0FFF)
            offset += (62 + nameLength + 8) & ~7
        }
        return (entries, offset)
    }

    /// The index of `repo` with its extensions replaced by one TREE extension holding `data`.
    private func withCacheTree(_ repo: GitTestRepository, _ data: [UInt8]) throws -> [UInt8] {
        let bytes = try CraftedFiles.read(indexPath(repo))
        let end = layout(bytes).end
        return try CraftedFiles.sealed(Array(bytes[..<end]) + Array("TREE".utf8) + CraftedFiles.bigEndian(UInt32(data.count)) + data + [UInt8](repeating: 0, count: 20))
    }

    @Test("a last entry with the extended flag and a long name, cut short before its path, is refused")
    func extendedEntryCutShort() throws {
        let repo = try repository()
        var bytes = try CraftedFiles.read(indexPath(repo))
        let last = try #require(layout(bytes).entries.last)
        bytes[last + 60] |= 0x4F
        bytes[last + 61] = 0xFF
        bytes = try CraftedFiles.sealed(Array(bytes[..<(last + 62)]) + [UInt8](repeating: 0, count: 20))
        #expect(IndexFile(bytes: bytes) == nil)
        try CraftedFiles.write(bytes, to: indexPath(repo))
        #expect(IndexFile(path: indexPath(repo)) == nil)
        #expect(throws: GitError.self) { try repo.open().indexEntry(at: "README") }
    }

    @Test("an entry count of 2^32 - 1 is refused without reserving room for it")
    func hugeEntryCount() throws {
        let repo = try repository()
        var bytes = try CraftedFiles.read(indexPath(repo))
        bytes.replaceSubrange(8..<12, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(IndexFile(bytes: try CraftedFiles.sealed(bytes)) == nil)
    }

    @Test("an extension whose size runs past the file is refused")
    func extensionPastTheEnd() throws {
        let repo = try repository()
        let bytes = try CraftedFiles.read(indexPath(repo))
        let end = layout(bytes).end
        #expect(bytes[end..<end + 4].elementsEqual("TREE".utf8))
        for size: UInt32 in [UInt32(bytes.count - end - 8 - 20 + 1), 0xFFFF_FFFF] {
            var crafted = bytes
            crafted.replaceSubrange(end + 4..<end + 8, with: CraftedFiles.bigEndian(size))
            #expect(IndexFile(bytes: try CraftedFiles.sealed(crafted)) == nil, "size \(size)")
        }
    }

    @Test("cached trees claiming 2^63 - 1 or 2^31 - 1 entries are not used to skip entries, and the children are git's")
    func hugeCachedEntryCounts() throws {
        let repo = try repository()
        let root = try repo.resolve("HEAD^{tree}")
        let tasks = try repo.resolve("HEAD:tasks")
        for count in [Int.max, Int(Int32.max)] {
            let data = Array("\u{0}3 1\n".utf8) + root.bytes + Array("tasks\u{0}\(count) 0\n".utf8) + tasks.bytes
            let index = try #require(IndexFile(bytes: try withCacheTree(repo, data)))
            let names = index.children(of: "", cachedTrees: index.cachedTrees()).map { $0.name + ($0.isFolder ? "/" : "") }
            #expect(names == ["README", "tasks/"], "\(count)")
        }
    }

    @Test("a cache tree not laid out as git writes it gives no cached trees, and patching the index leaves it to libgit2")
    func malformedCacheTree() throws {
        let repo = try repository()
        let root = try repo.resolve("HEAD^{tree}")
        let tasks = try repo.resolve("HEAD:tasks")
        let good = Array("\u{0}3 1\n".utf8) + root.bytes + Array("tasks\u{0}2 0\n".utf8) + tasks.bytes
        #expect(try #require(IndexFile(bytes: try withCacheTree(repo, good))).cachedTrees().count == 2, "git's own layout")
        let crafted = [
            ("a missing subtree", Array("\u{0}3 2\n".utf8) + root.bytes + Array("tasks\u{0}2 0\n".utf8) + tasks.bytes),
            ("a named root", Array("top\u{0}3 1\n".utf8) + root.bytes + Array("tasks\u{0}2 0\n".utf8) + tasks.bytes),
            ("an id cut short", Array("\u{0}3 1\n".utf8) + root.bytes + Array("tasks\u{0}2 0\n".utf8) + tasks.bytes.prefix(19)),
            ("a count git reads as -1 (int)", Array("\u{0}3 1\n".utf8) + root.bytes + Array("tasks\u{0}\(UInt32.max) 0\n".utf8) + tasks.bytes),
            ("a negative subtree count", Array("\u{0}3 -1\n".utf8) + root.bytes),
            ("a record after the root's last subtree", good + Array("\u{0}1 0\n".utf8) + tasks.bytes),
        ]
        let stat = IndexFile.Stat(ctime: (0, 0), mtime: (0, 0), device: 0, inode: 0, mode: 0o100644, userID: 0, groupID: 0, size: 0)
        for (what, data) in crafted {
            var index = try #require(IndexFile(bytes: try withCacheTree(repo, data)))
            #expect(index.cachedTrees() == [:], "\(what)")
            let entry = try #require(index.entry(at: "tasks/a.md"))
            let patched = index.update(entry, path: "tasks/a.md", to: root, stat: stat)
            #expect(!patched, "\(what): not patched around a cache tree it cannot rewrite")
        }
    }
}
