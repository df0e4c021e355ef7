import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Opening repositories, HEAD, and compare-and-swap reference updates, checked with real git.
@Suite struct RepositoryTests {
    @Test("opening a folder that is no repository throws a not-found GitError")
    func openNonRepository() throws {
        let folder = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            try Repository.open(at: folder.path)
        } throws: { error in
            (error as? GitError)?.isNotFound == true
        }
        #expect {
            try Repository.open(at: folder.appendingPathComponent("missing").path)
        } throws: { error in
            (error as? GitError)?.isNotFound == true
        }
    }

    @Test("discover finds the repository from a subfolder; open does not search upwards")
    func discover() throws {
        let repo = try GitTestRepository()
        try repo.write("x\n", to: "a/b/file.txt")
        let found = try Repository.discover(from: repo.path + "/a/b")
        #expect(found.workingDirectory == repo.path + "/")
        #expect(found.gitDirectory == repo.path + "/.git/")
        #expect(!found.isBare)
        #expect(throws: GitError.self) { try Repository.open(at: repo.path + "/a/b") }
    }

    @Test("a bare repository has no working directory")
    func bare() throws {
        let repo = try GitTestRepository(bare: true)
        let opened = try repo.open()
        #expect(opened.isBare)
        #expect(opened.workingDirectory == nil)
    }

    @Test("head() reports unborn, then a branch with its tip, then detached")
    func head() throws {
        let repo = try GitTestRepository()
        #expect(try repo.open().head() == .unborn(name: "refs/heads/main"))
        let first = try repo.commitWithGit("first")
        #expect(try repo.open().head() == .branch(name: "refs/heads/main", tip: first))
        let second = try repo.commitWithGit("second")
        #expect(try repo.open().head() == .branch(name: "refs/heads/main", tip: second))
        _ = try repo.gitText(["checkout", "-q", "--detach", first.hex])
        #expect(try repo.open().head() == .detached(first))
        _ = try repo.gitText(["checkout", "-q", "-b", "topic"])
        #expect(try repo.open().head() == .branch(name: "refs/heads/topic", tip: first))
        _ = try repo.gitText(["symbolic-ref", "HEAD", "refs/heads/nothing-yet"])
        #expect(try repo.open().head() == .unborn(name: "refs/heads/nothing-yet"))
    }

    @Test("resolveReference and resolveCommit agree with git rev-parse")
    func resolve() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        let second = try repo.commitWithGit("second")
        let opened = try repo.open()
        #expect(try opened.resolveReference("refs/heads/main") == second)
        #expect(try opened.resolveReference("HEAD") == second)
        #expect(try opened.resolveReference("refs/heads/absent") == nil)
        #expect(try opened.resolveCommit("HEAD~1") == first)
        #expect(try opened.resolveCommit(String(second.hex.prefix(10))) == second)
        #expect(try opened.commit(second).parents == [first])
        #expect(throws: GitError.self) { try opened.resolveCommit("no-such-revision") }
    }

    @Test("moveReference moves a branch that still points at the expected commit")
    func moveFromExpected() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        let second = try repo.commitWithGit("second")
        try repo.open().moveReference("refs/heads/main", to: first, expecting: second, message: "test: back to first")
        #expect(try repo.resolve("refs/heads/main") == first)
        let reflog = try repo.gitText(["reflog", "-1", "--format=%gs", "refs/heads/main"])
        #expect(reflog == "test: back to first\n")
    }

    @Test("moveReference returns normally when the branch already ends at the new commit, whatever libgit2 reported")
    func moveThatLanded() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        let second = try repo.commitWithGit("second")
        let opened = try repo.open()
        // The expected old value is stale, but the branch is where the move was to go: the move
        // happened (here by git), so it must not be reported as lost, nor its reflog entry dropped.
        _ = try repo.gitText(["update-ref", "-m", "moved by git", "refs/heads/main", first.hex])
        try opened.moveReference("refs/heads/main", to: first, expecting: second, message: "handoff: move")
        #expect(try repo.resolve("refs/heads/main") == first)
        #expect(try repo.gitText(["reflog", "-1", "--format=%gs", "refs/heads/main"]) == "moved by git\n")
    }

    @Test("moveReference fails with isConcurrentUpdate when git moved the branch meanwhile")
    func moveLosesRace() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        let second = try repo.commitWithGit("second")
        let opened = try repo.open()
        let expected = try #require(try opened.resolveReference("refs/heads/main"))
        #expect(expected == second)
        // Another writer (real git) moves the branch after we read it.
        let third = try repo.commitWithGit("third")
        #expect {
            try opened.moveReference("refs/heads/main", to: first, expecting: expected, message: "stale")
        } throws: { error in
            (error as? GitError)?.isConcurrentUpdate == true
        }
        #expect(try repo.resolve("refs/heads/main") == third)
        // An update-ref by git (no new commit) is noticed too.
        _ = try repo.gitText(["update-ref", "refs/heads/main", first.hex])
        #expect {
            try opened.moveReference("refs/heads/main", to: second, expecting: third, message: "stale")
        } throws: { error in
            (error as? GitError)?.isConcurrentUpdate == true
        }
        #expect(try repo.resolve("refs/heads/main") == first)
    }

    @Test("moveReference with no expected value creates a branch, and refuses one that exists")
    func createOnlyIfAbsent() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        let second = try repo.commitWithGit("second")
        let opened = try repo.open()
        try opened.moveReference("refs/heads/fresh", to: first, expecting: nil, message: "create")
        #expect(try repo.resolve("refs/heads/fresh") == first)
        #expect {
            try opened.moveReference("refs/heads/fresh", to: second, expecting: nil, message: "create again")
        } throws: { error in
            (error as? GitError)?.isConcurrentUpdate == true
        }
        #expect(try repo.resolve("refs/heads/fresh") == first)
        #expect {
            try opened.moveReference("refs/heads/main", to: first, expecting: nil, message: "clobber")
        } throws: { error in
            (error as? GitError)?.isConcurrentUpdate == true
        }
        #expect(try repo.resolve("refs/heads/main") == second)
    }

    @Test("moveReference expecting a branch that does not exist fails and creates nothing")
    func moveMissingBranch() throws {
        let repo = try GitTestRepository()
        let first = try repo.commitWithGit("first")
        #expect(throws: GitError.self) {
            try repo.open().moveReference("refs/heads/ghost", to: first, expecting: first, message: "ghost")
        }
        #expect(try repo.git(["rev-parse", "--verify", "-q", "refs/heads/ghost"]).status != 0)
    }
}
