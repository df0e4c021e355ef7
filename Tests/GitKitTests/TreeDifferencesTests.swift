import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Pairs of differing tree entries, checked against what `git diff-tree` reports.
@Suite struct TreeDifferencesTests {
    @Test("added, removed, changed, mode-changed and file-to-folder entries; equal ones are skipped")
    func differences() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let one = try opened.writeBlob(Array("1\n".utf8))
        let two = try opened.writeBlob(Array("2\n".utf8))
        let before = try opened.updatedTree(nil, applying: [
            TreeUpdate(path: "a", blob: one), TreeUpdate(path: "a.b", blob: one), TreeUpdate(path: "kept", blob: one),
            TreeUpdate(path: "gone", blob: one), TreeUpdate(path: "mode", blob: one), TreeUpdate(path: "x/y", blob: one),
        ])
        let after = try opened.updatedTree(nil, applying: [
            TreeUpdate(path: "a/inner", blob: one), TreeUpdate(path: "a.b", blob: two), TreeUpdate(path: "kept", blob: one),
            TreeUpdate(path: "mode", blob: one, mode: 0o100755), TreeUpdate(path: "new", blob: two), TreeUpdate(path: "x/y", blob: one),
        ])
        let pairs = try opened.treeDifferences(before, after).map { "\($0.old?.name ?? "-")>\($0.new?.name ?? "-")" }
        #expect(Set(pairs) == ["a>-", "->a", "a.b>a.b", "gone>-", "mode>mode", "->new"])
        let git = try repo.gitText(["diff-tree", "--name-only", before.hex, after.hex]).split(separator: "\n").map(String.init)
        #expect(Set(git) == Set(pairs.map { $0.split(separator: ">").first { $0 != "-" }.map(String.init)! }))
        #expect(try opened.treeDifferences(before, before).isEmpty)
        #expect(try opened.treeDifferences(nil, after).count == 6)
    }

    @Test("diffs along a chain of trees give the same pairs when trees are reused from earlier diffs")
    func reusedTrees() throws {
        let repo = try GitTestRepository()
        let walking = try repo.open()
        let trees = try chain(of: 12, in: walking) { "f\($0 % 5)" }
        for _ in 0..<2 {
            for (old, new) in Array(zip(trees, trees.dropFirst())) + Array(zip(trees.dropFirst(3), trees)) {
                let fresh = try repo.open()
                #expect(names(try walking.treeDifferences(old, new)) == names(try fresh.treeDifferences(old, new)))
            }
        }
    }

    @Test("random trees with names git sorts around '/', '.', '-' and with every file mode diff as git diff-tree does")
    func matchesGitDiffTree() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let names = ["a", "a.b", "a-b", "a0", "ab", "b", "a b", "é", "z.md"]
        let modes: [UInt32] = [0o100644, 0o100755, 0o120000]
        let blobs = try (0..<3).map { try opened.writeBlob(Array("\($0)\n".utf8)) }
        var generator = SystemRandomNumberGenerator()
        var trees = [ObjectID]()
        for _ in 0..<16 {
            var updates = [TreeUpdate]()
            for name in names where Bool.random(using: &generator) {
                let blob = blobs.randomElement(using: &generator)!
                let path = Bool.random(using: &generator) ? name : name + "/inner"
                updates.append(TreeUpdate(path: path, blob: blob, mode: path.contains("/") ? 0o100644 : modes.randomElement(using: &generator)!))
            }
            trees.append(try opened.updatedTree(nil, applying: updates))
        }
        for (old, new) in zip(trees, trees.dropFirst()) {
            try expectSameAsGit(old, new, repo: repo, opened: opened)
        }
    }

    @Test("one or two entries edited, added or removed near the start, middle or end of a folder of 300, which the diff skips around")
    func editsInALargeFolder() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let folder = try LargeFolder(300, in: opened)
        for edited in try folder.editedVersions(in: opened) {
            try expectSameAsGit(folder.tree, edited, repo: repo, opened: opened)
            try expectSameAsGit(edited, folder.tree, repo: repo, opened: opened)
        }
    }

    @Test("a tree read as another version of one it shares bytes with finds the records a fresh read does, and still refuses a malformed middle")
    func treeReadBesideARelative() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let folder = try LargeFolder(200, in: opened)
        let baseID = folder.tree
        let base = try RawTree(id: baseID, bytes: try opened.rawObject(baseID))
        var variants = try folder.editedVersions(in: opened)
        variants.append(try opened.updatedTree(nil, applying: [TreeUpdate(path: "only", blob: folder.blobs[0])]))
        for id in variants + [baseID] {
            let bytes = try opened.rawObject(id)
            let fresh = try RawTree(id: id, bytes: bytes).entries()
            #expect(try RawTree(id: id, bytes: bytes, relative: base).entries() == fresh)
            #expect(try RawTree(id: baseID, bytes: base.bytes, relative: try RawTree(id: id, bytes: bytes)).entries() == base.entries())
        }
        // A record in the middle whose mode is not octal, and a tree cut short.
        var broken = base.bytes
        let nul = broken[(broken.count / 2)...].firstIndex(of: 0)!
        broken[nul + 21] = UInt8(ascii: "x")
        #expect(throws: GitError.self) { try RawTree(id: baseID, bytes: broken) }
        #expect(throws: GitError.self) { try RawTree(id: baseID, bytes: broken, relative: base) }
        #expect(throws: GitError.self) { try RawTree(id: baseID, bytes: Array(base.bytes.dropLast()), relative: base) }
    }

    /// `treeDifferences(old, new)` lists exactly what `git diff-tree --raw` lists.
    private func expectSameAsGit(_ old: ObjectID, _ new: ObjectID, repo: GitTestRepository, opened: Repository) throws {
        let ours = try opened.treeDifferences(old, new).map { pair in
            [pair.old.map { String($0.mode, radix: 8) } ?? "0", pair.new.map { String($0.mode, radix: 8) } ?? "0",
             pair.old?.id.hex ?? String(repeating: "0", count: 40), pair.new?.id.hex ?? String(repeating: "0", count: 40),
             (pair.old ?? pair.new)!.name].joined(separator: " ")
        }
        let git = try repo.gitText(["diff-tree", "--raw", "--no-abbrev", "-z", old.hex, new.hex]).split(separator: "\0").map(String.init)
        var expected = [String]()
        for index in stride(from: 0, to: git.count - 1, by: 2) {
            let fields = git[index].dropFirst().split(separator: " ")
            let mode = { (text: Substring) in String(Int(text, radix: 8)!, radix: 8) }
            expected.append([mode(fields[0]), mode(fields[1]), String(fields[2]), String(fields[3]), git[index + 1]].joined(separator: " "))
        }
        #expect(Set(ours) == Set(expected), "\(old.hex) → \(new.hex)")
        #expect(ours.count == expected.count)
    }

    @Test("a malformed tree object is an error naming the tree, not a crash")
    func malformedTree() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let good = try opened.updatedTree(nil, applying: [TreeUpdate(path: "a", blob: try opened.writeBlob([1]))])
        for garbage in ["100644 name-without-nul", "100644 x\0short-id", "x 1\0" + String(repeating: "a", count: 20), " a\0" + String(repeating: "b", count: 20)] {
            let id = try repo.gitText(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"], stdin: Array(garbage.utf8))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let bad = try #require(ObjectID(hex: id))
            #expect(throws: GitError.self) { try opened.treeDifferences(good, bad) }
        }
    }

    @Test("handles sharing one tree cache, with a budget smaller than one tree, answer as fresh handles do")
    func sharedCache() throws {
        let repo = try GitTestRepository()
        let trees = try chain(of: 8, in: try repo.open()) { "d/f\($0 % 3)" }
        for budget in [1, 1 << 20] {
            let shared = TreeCache(budget: budget)
            let first = try Repository.open(at: repo.path, reading: ObjectReading(treeCache: shared))
            let second = try Repository.open(at: repo.path, reading: ObjectReading(treeCache: shared))
            for (old, new) in zip(trees, trees.dropFirst()) {
                let fresh = names(try repo.open().treeDifferences(old, new))
                #expect(names(try first.treeDifferences(old, new)) == fresh)
                #expect(names(try second.treeDifferences(old, new)) == fresh)
            }
        }
    }

    /// `count` trees, each the one before with the file at `path(step)` set to a new blob.
    private func chain(of count: Int, in repository: Repository, path: (Int) -> String) throws -> [ObjectID] {
        var trees = [ObjectID]()
        var base: ObjectID?
        for step in 0..<count {
            base = try repository.updatedTree(base, applying: [TreeUpdate(path: path(step), blob: try repository.writeBlob(Array("\(step)\n".utf8)))])
            trees.append(base!)
        }
        return trees
    }

    /// Pairs of differences as `old id>new id`, for comparing two diffs.
    private func names(_ pairs: [(old: TreeEntry?, new: TreeEntry?)]) -> [String] {
        pairs.map { "\($0.old?.id.hex ?? "-")>\($0.new?.id.hex ?? "-")" }
    }
}

/// A folder of task files named as handoff names them, all holding the same blob, and versions
/// of it edited near its start, middle and end.
private struct LargeFolder {
    let names: [String]
    /// Four different blobs; every file holds the first.
    let blobs: [ObjectID]
    let tree: ObjectID

    init(_ count: Int, in repository: Repository) throws {
        blobs = try (0..<4).map { try repository.writeBlob(Array("\($0)\n".utf8)) }
        names = (0..<count).map { "HO-\(String($0 * 7919 % 100_000, radix: 36)).md" }.sorted()
        let blob = blobs[0]
        tree = try repository.updatedTree(nil, applying: names.map { TreeUpdate(path: $0, blob: blob) })
    }

    /// The folder with, around each of its first two, middle and last two entries: that entry
    /// changed, removed, made executable, a neighbour added, a folder of its name added, it and
    /// another entry changed, it changed and another removed, and entries added at both ends.
    func editedVersions(in repository: Repository) throws -> [ObjectID] {
        var generator = SystemRandomNumberGenerator()
        var versions = [ObjectID]()
        for position in [0, 1, names.count / 2, names.count - 2, names.count - 1] {
            let name = names[position]
            let other = names.filter { $0 != name }.randomElement(using: &generator)!
            let edits: [[TreeUpdate]] = [
                [TreeUpdate(path: name, blob: blobs[1])],
                [TreeUpdate(path: name, blob: nil)],
                [TreeUpdate(path: name, blob: blobs[0], mode: 0o100755)],
                [TreeUpdate(path: name + "x", blob: blobs[2])],
                [TreeUpdate(path: String(name.dropLast(3)) + "/inner", blob: blobs[3])],
                [TreeUpdate(path: name, blob: blobs[2]), TreeUpdate(path: other, blob: blobs[3])],
                [TreeUpdate(path: name, blob: blobs[2]), TreeUpdate(path: names[names.count - 1 - position], blob: nil)],
                [TreeUpdate(path: "0-first", blob: blobs[1]), TreeUpdate(path: "zz-last", blob: blobs[1])],
            ]
            for updates in edits { versions.append(try repository.updatedTree(tree, applying: updates)) }
        }
        return versions
    }
}
