import Foundation
@testable import GitKit
import Testing

/// `QuickRepository` reads HEAD and objects without libgit2; where it answers, it must answer
/// exactly as libgit2 does, and it must decline what it does not handle.
@Suite struct QuickRepositoryTests {
    private func expectSameObjects(_ repo: GitTestRepository) throws {
        let quick = try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        let libgit2 = try repo.open()
        let listed = try repo.listedObjects()
        #expect(listed.count > 40)
        for (id, type) in listed {
            switch type {
            case "commit": #expect(try quick.commitTree(id) == libgit2.commit(id).tree)
            case "tree": #expect(try quick.treeEntries(id) == libgit2.treeEntries(id))
            case "blob": #expect(try quick.blobContents(id) == libgit2.blobContents(id))
            default: Issue.record("unexpected \(type) \(id.hex)")
            }
        }
        #expect(quick.head() == (try libgit2.head()))
    }

    @Test("loose objects: the same commits, trees and blobs as libgit2")
    func looseObjects() throws {
        let repo = try GitTestRepository.withEditedHistory()
        try expectSameObjects(repo)
    }

    @Test("a pack with offset deltas, and loose objects made after it: the same as libgit2")
    func packedWithOffsetDeltas() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        _ = try repo.gitText(["pack-refs", "--all"])
        try repo.write("after the pack\n", to: "notes.txt")
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-am", "loose"])
        #expect(try repo.gitText(["verify-pack", "-v"] + [try packIndex(repo)]).contains("chain length"))
        try expectSameObjects(repo)
    }

    @Test("a pack with deltas naming their base by id (REF_DELTA): the same as libgit2")
    func packedWithReferenceDeltas() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        try expectSameObjects(repo)
    }

    @Test("a corrupt pack, or deltas whose bases form a cycle, make the reader throw (libgit2 is asked then), never crash")
    func corruptPacks() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["-c", "repack.useDeltaBaseOffset=false", "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        let index = try packIndex(repo)
        let pack = String(index.dropLast(4)) + ".pack"
        // verify-pack -v: id, type, size, size in pack, offset, then depth and base id for a delta.
        let entries = try repo.gitText(["verify-pack", "-v", index]).split(separator: "\n").map { $0.split(separator: " ") }
        let deltas = entries.filter { $0.count == 7 }
        let chained = try #require(deltas.first { delta in deltas.contains { $0[0] == delta[6] } }, "a delta whose base is a delta")
        let base = try #require(deltas.first { $0[0] == chained[6] })
        let target = try #require(ObjectID(hex: String(chained[0])))
        let blobs = try repo.listedObjects().filter { $0.type == "blob" }.map(\.id)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pack)))
        // The base's own base id follows its type-and-size header: point it back at `target`.
        var position = try #require(Int(base[4]))
        while bytes[position] & 0x80 != 0 { position += 1 }
        bytes.replaceSubrange((position + 1)...(position + 20), with: target.bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: pack))
        let quick = try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        #expect(throws: GitError.self) { try quick.blobContents(target) }

        // Garbage over the whole pack after its header: every read throws or answers, none crashes.
        for offset in stride(from: 12, to: bytes.count - 20, by: 7) { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: pack))
        let garbled = try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        var failures = 0
        for id in blobs where (try? garbled.blobContents(id)) == nil { failures += 1 }
        #expect(failures > 0)
    }

    @Test("staged changes of a packed repository: the same as libgit2's")
    func stagedChanges() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["gc", "-q"])
        try repo.write("edited\n", to: "tasks/2026-10/HO-1.md")
        try repo.write("new\n", to: "tasks/2026-12/HO-9.md")
        _ = try repo.gitText(["rm", "-q", "tasks/2026-11/HO-2.md"])
        _ = try repo.gitText(["add", "-A"])
        let quick = try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        let libgit2 = try repo.open()
        let head = try libgit2.commit(try repo.resolve("HEAD")).tree
        #expect(try quick.headTree() == head)
        let changes = try quick.stagedChanges(against: head, under: "tasks/")
        #expect(changes.map(\.path) == ["tasks/2026-10/HO-1.md", "tasks/2026-11/HO-2.md", "tasks/2026-12/HO-9.md"])
        #expect(changes == (try libgit2.stagedChanges(against: head, under: "tasks/")))
    }

    @Test("HEAD: a loose branch, a packed branch, a detached HEAD and an unborn branch")
    func head() throws {
        let repo = try GitTestRepository.withEditedHistory()
        let tip = try repo.resolve("HEAD")
        #expect(QuickRepository.open(workingDirectory: repo.path, indexFile: nil)?.head() == .branch(name: "refs/heads/main", tip: tip))
        _ = try repo.gitText(["pack-refs", "--all"])
        #expect(QuickRepository.open(workingDirectory: repo.path, indexFile: nil)?.head() == .branch(name: "refs/heads/main", tip: tip))
        _ = try repo.gitText(["checkout", "-q", "--detach"])
        #expect(QuickRepository.open(workingDirectory: repo.path, indexFile: nil)?.head() == .detached(tip))
        _ = try repo.gitText(["checkout", "-q", "--orphan", "fresh"])
        let unborn = try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        #expect(unborn.head() == .unborn(name: "refs/heads/fresh"))
        #expect(try unborn.headTree() == nil)
    }

    @Test("alternates, repository extensions and linked worktrees are left to libgit2")
    func declines() throws {
        let repo = try GitTestRepository.withEditedHistory()
        #expect(QuickRepository.open(workingDirectory: repo.path, indexFile: nil) != nil)
        _ = try repo.gitText(["config", "extensions.worktreeConfig", "true"])
        #expect(QuickRepository.open(workingDirectory: repo.path, indexFile: nil) == nil)

        let other = try GitTestRepository()
        try FileManager.default.createDirectory(atPath: other.path + "/.git/objects/info", withIntermediateDirectories: true)
        try Data((repo.path + "/.git/objects\n").utf8).write(to: URL(fileURLWithPath: other.path + "/.git/objects/info/alternates"))
        #expect(QuickRepository.open(workingDirectory: other.path, indexFile: nil) == nil)

        let linked = repo.root.appendingPathComponent("linked").path
        _ = try repo.gitText(["worktree", "add", "-q", linked])
        #expect(QuickRepository.open(workingDirectory: linked, indexFile: nil) == nil, "its .git is a file")
    }

    private func packIndex(_ repo: GitTestRepository) throws -> String {
        let folder = repo.path + "/.git/objects/pack"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".idx") })
        return folder + "/" + name
    }
}
