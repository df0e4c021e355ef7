import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Staging through GitKit, checked with `git diff --cached` and `git status`.
@Suite struct IndexTests {
    /// A repository with `notes.txt` committed as "v1\n".
    private func repositoryWithFile() throws -> GitTestRepository {
        let repo = try GitTestRepository()
        try repo.write("v1\n", to: "notes.txt")
        _ = try repo.gitText(["add", "notes.txt"])
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", "add notes"])
        return repo
    }

    @Test("stageWorkingFile stages a new file exactly as git add would")
    func stageNewFile() throws {
        let repo = try repositoryWithFile()
        try repo.write("fresh\n", to: "dir/new.txt")
        try repo.open().stageWorkingFile("dir/new.txt")
        #expect(try repo.gitText(["diff", "--cached", "--name-status"]) == "A\tdir/new.txt\n")
        #expect(try repo.gitText(["status", "--porcelain"]) == "A  dir/new.txt\n")
        let entry = try #require(try repo.open().indexEntry(at: "dir/new.txt"))
        #expect(entry.id.hex == (try repo.gitText(["hash-object", "dir/new.txt"])).trimmingCharacters(in: .newlines))
        #expect(entry.mode == 0o100644)
    }

    @Test("stageWorkingFile stages a modification; the working tree is then clean against the index")
    func stageModification() throws {
        let repo = try repositoryWithFile()
        try repo.write("v2\n", to: "notes.txt")
        #expect(try repo.gitText(["status", "--porcelain"]) == " M notes.txt\n")
        try repo.open().stageWorkingFile("notes.txt")
        #expect(try repo.gitText(["status", "--porcelain"]) == "M  notes.txt\n")
        let diff = try repo.gitText(["diff", "--cached", "--no-color", "-U0", "notes.txt"])
        #expect(diff.contains("\n-v1\n+v2\n"))
        #expect(try repo.gitText(["diff", "--no-color"]).isEmpty)
    }

    @Test("stageBlob stages content without touching the working file, and git shows the local edit")
    func stageBlobKeepsLocalEdit() throws {
        let repo = try repositoryWithFile()
        try repo.write("v1\nlocal edit\n", to: "notes.txt")
        let opened = try repo.open()
        let blob = try opened.writeBlob(Array("v2\n".utf8))
        try opened.stageBlob(blob, at: "notes.txt")
        #expect(try String(contentsOfFile: repo.path + "/notes.txt", encoding: .utf8) == "v1\nlocal edit\n")
        #expect(try repo.gitText(["status", "--porcelain"]) == "MM notes.txt\n")
        let cached = try repo.gitText(["diff", "--cached", "--no-color", "-U0", "notes.txt"])
        #expect(cached.contains("\n-v1\n+v2\n"))
        let working = try repo.gitText(["diff", "--no-color", "-U0", "notes.txt"])
        #expect(working.contains("\n-v2\n+v1\n+local edit\n"))
        #expect(try opened.indexEntry(at: "notes.txt")?.id == blob)
    }

    @Test("stageBlob of what the working file holds leaves the file unmodified in git status")
    func stageBlobMatchingWorkingFile() throws {
        let repo = try repositoryWithFile()
        try repo.write("v2\n", to: "notes.txt")
        let opened = try repo.open()
        try opened.stageBlob(try opened.writeBlob(Array("v2\n".utf8)), at: "notes.txt")
        #expect(try repo.gitText(["status", "--porcelain"]) == "M  notes.txt\n")
        #expect(try repo.gitText(["diff", "--name-only"]).isEmpty)
    }

    @Test("stageBlob adds a path that is not in the working tree at all")
    func stageBlobNewPath() throws {
        let repo = try repositoryWithFile()
        let opened = try repo.open()
        let blob = try opened.writeBlob(Array("only in the index\n".utf8))
        try opened.stageBlob(blob, at: "tasks/2026-11/HO-1.md")
        #expect(try repo.gitText(["diff", "--cached", "--name-status"]) == "A\ttasks/2026-11/HO-1.md\n")
        #expect(try repo.gitText(["status", "--porcelain"]) == "AD tasks/2026-11/HO-1.md\n")
    }

    @Test("indexEntry is nil for a path that is not staged")
    func missingEntry() throws {
        let repo = try repositoryWithFile()
        #expect(try repo.open().indexEntry(at: "nope.txt") == nil)
        #expect(try repo.open().indexEntry(at: "notes.txt") != nil)
    }

    @Test("staging a file that does not exist fails with a GitError")
    func stageMissingFile() throws {
        let repo = try repositoryWithFile()
        #expect(throws: GitError.self) { try repo.open().stageWorkingFile("absent.txt") }
        #expect(try repo.gitText(["status", "--porcelain"]).isEmpty)
    }
}
