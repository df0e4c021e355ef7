import Foundation
@testable import GitKit
import Testing

/// History listed from the commit-graph and the object files must be the history libgit2's walk
/// lists, and the commit-graph must give the parents git gives.
@Suite struct CommitGraphTests {
    /// `git rev-list --parents --all`: each commit's parents.
    private func gitParents(_ repo: GitTestRepository) throws -> [ObjectID: [ObjectID]] {
        var parents = [ObjectID: [ObjectID]]()
        for line in try repo.gitText(["rev-list", "--parents", "--all"]).split(separator: "\n") {
            let ids = line.split(separator: " ").compactMap { ObjectID(hex: String($0)) }
            parents[ids[0]] = Array(ids.dropFirst())
        }
        return parents
    }

    private func commit(_ repo: GitTestRepository, _ message: String) throws {
        try repo.write(message + "\n", to: "notes.txt")
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-am", message])
    }

    @Test("a linear history is listed as libgit2 walks it: with a commit-graph, without one, and with commits made after it")
    func linearHistory() throws {
        let repo = try GitTestRepository.withEditedHistory()
        let opened = try repo.open()
        #expect(try opened.commits(in: nil) == opened.walkedCommits(in: nil))
        _ = try repo.gitText(["commit-graph", "write", "--reachable"])
        #expect(CommitGraph(path: repo.path + "/.git/objects/info/commit-graph") != nil)
        #expect(try opened.commits(in: nil) == opened.walkedCommits(in: nil))
        _ = try repo.gitText(["repack", "-q", "-a", "-d"])
        for round in 0..<3 { try commit(repo, "after the graph \(round)") }
        let history = try opened.commits(in: nil)
        #expect(history.count == 12)
        #expect(history == (try opened.walkedCommits(in: nil)))
        #expect(try opened.commits(in: "HEAD~2") == opened.walkedCommits(in: "HEAD~2"))
        #expect(try opened.commits(in: "HEAD~4..HEAD") == opened.walkedCommits(in: "HEAD~4..HEAD"))
        #expect(opened.linearHistory(from: try opened.resolveCommit("HEAD")) == history)
        // Commits in the graph and commits made after it: headers as libgit2 reads them.
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for id in history {
            let header = try #require(objects.commitHeader(id))
            let info = try opened.commit(id)
            #expect(header.tree == info.tree && header.parents == info.parents, "\(id.hex)")
        }
    }

    @Test("the graph gives every commit's parents as git does, an octopus merge's from its EDGE chunk")
    func parents() throws {
        let repo = try GitTestRepository.withEditedHistory()
        for branch in ["one", "two", "three"] {
            _ = try repo.gitText(["checkout", "-q", "-b", branch, "main"])
            try repo.write(branch + "\n", to: branch + ".txt")
            _ = try repo.gitText(["add", branch + ".txt"])
            _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-m", branch])
        }
        _ = try repo.gitText(["checkout", "-q", "main"])
        _ = try repo.gitText(["merge", "-q", "--no-ff", "--no-gpg-sign", "--no-edit", "one", "two", "three"])
        _ = try repo.gitText(["commit-graph", "write", "--reachable"])
        let graph = try #require(CommitGraph(path: repo.path + "/.git/objects/info/commit-graph"))
        let expected = try gitParents(repo)
        #expect(expected.values.contains { $0.count == 4 }, "an octopus merge of main and three branches")
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for (id, parents) in expected {
            #expect(graph.commit(id)?.parents == parents, "\(id.hex)")
            let tree = ObjectID(hex: try repo.gitText(["rev-parse", id.hex + "^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(graph.commit(id)?.tree == tree, "\(id.hex)")
            #expect(objects.commitHeader(id)?.tree == tree && objects.commitHeader(id)?.parents == parents, "\(id.hex)")
        }
        let opened = try repo.open()
        #expect(opened.linearHistory(from: try opened.resolveCommit("HEAD")) == nil, "a merge is left to libgit2")
        #expect(try opened.commits(in: nil) == opened.walkedCommits(in: nil))
    }

    @Test("a truncated graph is not read, and a shallow repository is left to libgit2 (its walk and its objects)")
    func declines() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["commit-graph", "write", "--reachable"])
        let path = repo.path + "/.git/objects/info/commit-graph"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(CommitGraph(path: path) == nil)
        let opened = try repo.open()
        #expect(try opened.commits(in: nil) == opened.walkedCommits(in: nil))
        let head = try opened.resolveCommit("HEAD")
        try (try opened.resolveCommit("HEAD~3").hex + "\n").write(toFile: repo.path + "/.git/shallow", atomically: true, encoding: .utf8)
        #expect(opened.linearHistory(from: head) == nil)
        #expect(opened.sharedObjectFiles(deltaBaseBudget: 1 << 20) == nil, "libgit2 reads a shallow repository's commits")
    }
}
