import Foundation
@testable import GitKit
import TestSupport
import Testing

/// `entries(named:in:)` finds the same entries as listing every tree and comparing names as strings.
@Suite struct EntriesNamedTests {
    @Test("finds names across trees, a folder sorted out of byte order, and Unicode-equal names")
    func findsLikeAStringComparison() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let blob = try opened.writeBlob(Array("x\n".utf8))
        let first = try opened.updatedTree(nil, applying: [
            TreeUpdate(path: "HO-A.md", blob: blob), TreeUpdate(path: "HO-B.md", blob: blob),
            TreeUpdate(path: "HO-C.md/inner", blob: blob), TreeUpdate(path: "HO-C.md-x", blob: blob),
            TreeUpdate(path: "HO-D.md", blob: blob),
        ])
        let second = try opened.updatedTree(nil, applying: [
            TreeUpdate(path: "\u{212A}.md", blob: blob), TreeUpdate(path: "HO-E.md", blob: blob),
        ])
        let trees = [first, second]
        for names: Set<String> in [
            ["HO-C.md", "HO-B.md", "HO-Z.md", "HO-C.md-x", "HO-E.md"],
            ["K.md", "HO-D.md"],
            ["\u{212A}.md", "HO-A.md"],
            ["nothing.md"],
            [],
        ] {
            let expected = try trees.flatMap { try opened.treeEntries($0).filter { names.contains($0.name) } }
            #expect(try opened.entries(named: names, in: trees) == expected, "\(names)")
        }
        #expect(try opened.entries(named: ["HO-C.md"], in: [first]).map(\.kind) == [.tree])
    }
}
