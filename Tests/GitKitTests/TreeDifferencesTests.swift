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
        var trees = [ObjectID]()
        var base: ObjectID?
        for step in 0..<12 {
            let blob = try walking.writeBlob(Array("\(step)\n".utf8))
            base = try walking.updatedTree(base, applying: [TreeUpdate(path: "f\(step % 5)", blob: blob)])
            trees.append(base!)
        }
        func names(_ pairs: [(old: TreeEntry?, new: TreeEntry?)]) -> [String] {
            pairs.map { "\($0.old?.id.hex ?? "-")>\($0.new?.id.hex ?? "-")" }
        }
        for _ in 0..<2 {
            for (old, new) in Array(zip(trees, trees.dropFirst())) + Array(zip(trees.dropFirst(3), trees)) {
                let fresh = try repo.open()
                #expect(names(try walking.treeDifferences(old, new)) == names(try fresh.treeDifferences(old, new)))
            }
        }
    }
}

