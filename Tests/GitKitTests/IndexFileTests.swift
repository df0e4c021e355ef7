import Foundation
@testable import GitKit
import TestSupport
import Testing

/// The in-place index patcher, judged by real git: status, the next commit's tree, fsck.
@Suite struct IndexFileTests {
    /// A repository with nested files committed by git, so the index has a full cache tree.
    private func repository() throws -> GitTestRepository {
        let repo = try GitTestRepository()
        for (path, text) in [("README", "top\n"), ("tasks/2026-10/HO-1.md", "one\n"), ("tasks/2026-11/HO-2.md", "two\n"),
                             ("tasks/2026-11/HO-3.md", "three\n"), ("zeta/deep/file", "z\n")] {
            try repo.write(text, to: path)
        }
        _ = try repo.gitText(["add", "."])
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "files"])
        return repo
    }

    private func indexBytes(_ repo: GitTestRepository) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index")))
    }

    @Test("a changed file staged by patching: git sees it staged, and git's next commit includes it")
    func patchedEntryCommitsCorrectly() throws {
        let repo = try repository()
        #expect(IndexFile(bytes: try indexBytes(repo)) != nil, "git's own index (format 2, TREE) is handled in place")
        try repo.write("two, edited\n", to: "tasks/2026-11/HO-2.md")
        try repo.open().stage([.workingFile("tasks/2026-11/HO-2.md")])

        #expect(try repo.gitText(["status", "--porcelain"]) == "M  tasks/2026-11/HO-2.md\n")
        #expect(try repo.gitText(["diff", "--no-color"]) == "")
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "uses the cache tree"])
        #expect(try repo.gitText(["show", "HEAD:tasks/2026-11/HO-2.md"]) == "two, edited\n")
        #expect(try repo.gitText(["show", "HEAD:zeta/deep/file"]) == "z\n")
        #expect(try repo.gitText(["status", "--porcelain"]) == "")
        #expect(try repo.git(["fsck", "--strict", "--no-progress"]).status == 0)
    }

    @Test("subfolders skipped by their cached entry counts list the same children; a wrong count falls back to searching")
    func childrenSkipByCachedCounts() throws {
        let repo = try repository()
        let index = try #require(IndexFile(bytes: try indexBytes(repo)))
        let cached = index.cachedTrees()
        #expect(cached["tasks/2026-11"]?.entryCount == 2)
        #expect(cached["tasks"]?.entryCount == 3)
        func names(_ children: [IndexFile.Child]) -> [String] { children.map { "\($0.name)\($0.isFolder ? "/" : "")" } }
        for prefix in ["", "tasks/", "zeta/"] {
            #expect(names(index.children(of: prefix, cachedTrees: cached)) == names(index.children(of: prefix)))
        }
        #expect(names(index.children(of: "")) == ["README", "tasks/", "zeta/"])
        let id = try #require(cached["tasks/2026-10"]?.id)
        for wrong in [0, 2, 7, -4] {
            let misleading = ["tasks/2026-10": IndexFile.CachedTree(id: id, entryCount: wrong)]
            #expect(names(index.children(of: "tasks/", cachedTrees: misleading)) == ["2026-10/", "2026-11/"])
        }
    }

    @Test("the entry read from the file is the one git lists")
    func readsEntries() throws {
        let repo = try repository()
        let file = try #require(IndexFile(bytes: try indexBytes(repo)))
        let listed = try repo.gitText(["ls-files", "-s", "tasks/2026-11/HO-3.md"]).split(separator: " ")
        #expect(file.entry(at: "tasks/2026-11/HO-3.md")?.id.hex == String(listed[1]))
        #expect(file.entry(at: "tasks/2026-11/HO-3.m") == nil)
        #expect(file.entry(at: "tasks/2026-11") == nil)
    }

    @Test("only the directories above the file lose their cached trees")
    func cacheTreeInvalidation() throws {
        let repo = try repository()
        var file = try #require(IndexFile(bytes: try indexBytes(repo)))
        let entry = try #require(file.entry(at: "tasks/2026-11/HO-2.md"))
        let blob = try repo.open().writeBlob(Array("x\n".utf8))
        let stat = IndexFile.Stat(ctime: (0, 0), mtime: (0, 0), device: 0, inode: 0, mode: 0o100644, userID: 0, groupID: 0, size: 0)
        let updated = file.update(entry, path: "tasks/2026-11/HO-2.md", to: blob, stat: stat)
        #expect(updated)
        file.seal()
        try Data(file.bytes).write(to: URL(fileURLWithPath: repo.path + "/.git/index"))
        #expect(try repo.gitText(["ls-files", "-s", "tasks/2026-11/HO-2.md"]).contains(blob.hex))
        #expect(try repo.git(["fsck", "--no-progress"]).status == 0, "the checksum git verifies in fsck is right")
        let written = try repo.gitText(["write-tree"]).trimmingCharacters(in: .newlines)
        #expect(try repo.gitText(["rev-parse", "\(written):tasks/2026-11/HO-2.md"]) == blob.hex + "\n")
        #expect(try repo.gitText(["rev-parse", "\(written):zeta"]) == (try repo.gitText(["rev-parse", "HEAD:zeta"])))
    }

    @Test("format 4 and unknown layouts fall back to libgit2 with the same result")
    func fallsBack() throws {
        let repo = try repository()
        _ = try repo.gitText(["update-index", "--index-version", "4"])
        #expect(IndexFile(bytes: try indexBytes(repo)) == nil)
        try repo.write("one, edited\n", to: "tasks/2026-10/HO-1.md")
        try repo.open().stage([.workingFile("tasks/2026-10/HO-1.md")])
        #expect(try repo.gitText(["status", "--porcelain"]) == "M  tasks/2026-10/HO-1.md\n")
        #expect(try repo.open().indexEntry(at: "tasks/2026-10/HO-1.md")?.id.hex
            == (try repo.gitText(["hash-object", "tasks/2026-10/HO-1.md"])).trimmingCharacters(in: .newlines))
    }

    @Test("a held index.lock refuses with a message that says what to do, and is left alone")
    func lockedIndex() throws {
        let repo = try repository()
        let lock = repo.path + "/.git/index.lock"
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        try repo.write("three, edited\n", to: "tasks/2026-11/HO-3.md")
        #expect { try repo.open().stage([.workingFile("tasks/2026-11/HO-3.md")]) } throws: { error in
            (error as? GitError)?.message.contains("index.lock exists") == true
        }
        #expect(FileManager.default.fileExists(atPath: lock))
    }
}

/// Staged changes read from the index file agree with libgit2's diff of HEAD against the index.
@Suite struct QuickStagedChangesTests {
    @Test("edits, additions, deletions, mode changes and new or removed folders: the same answer as libgit2")
    func agreesWithLibgit2() throws {
        let repo = try GitTestRepository()
        for path in ["tasks/2026-10/A.md", "tasks/2026-10/B.md", "tasks/2026-11/C.md", "tasks/2026-12/D.md", "tasks/top.md", "other/x"] {
            try repo.write("\(path)\n", to: path)
        }
        _ = try repo.gitText(["add", "."])
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "base"])
        let head = try repo.open().commit(try repo.resolve("HEAD")).tree
        let opened = try repo.open()
        #expect(try opened.stagedChanges(against: head, under: "tasks/") == [])

        try repo.write("edited\n", to: "tasks/2026-10/A.md")
        try repo.write("new\n", to: "tasks/2027-01/E.md")
        try repo.write("other\n", to: "other/x")
        _ = try repo.gitText(["rm", "-q", "tasks/2026-10/B.md"])
        _ = try repo.gitText(["rm", "-q", "-r", "tasks/2026-12"])
        _ = try repo.gitText(["add", "-A"])
        _ = try repo.gitText(["update-index", "--chmod=+x", "tasks/2026-11/C.md"])

        let index = try #require(opened.quickIndex())
        let quick = try #require(try opened.quickStagedChanges(index, against: head, under: "tasks/"))
        let diffed = try opened.diffedChanges(against: head, under: "tasks/")
        #expect(quick.map(\.path) == ["tasks/2026-10/A.md", "tasks/2026-10/B.md", "tasks/2026-11/C.md", "tasks/2026-12/D.md", "tasks/2027-01/E.md"])
        #expect(Set(quick.map { "\($0.path) \($0.old?.hex ?? "-") \($0.new?.hex ?? "-")" })
            == Set(diffed.map { "\($0.path) \($0.old?.hex ?? "-") \($0.new?.hex ?? "-")" }))
        #expect(try opened.stagedChanges(against: nil, under: "tasks/").map(\.path)
            == ["tasks/2026-10/A.md", "tasks/2026-11/C.md", "tasks/2027-01/E.md", "tasks/top.md"], "a first commit stages every file")
    }
}
