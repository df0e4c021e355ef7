import Foundation
import HandoffCore
import TestSupport
import Testing

/// The `index.lock` a handoff killed while it wrote the index leaves is removed by the next
/// command; one another git command may hold is not.
@Suite struct IndexLockLeftoverTests {
    /// A note that landed, then set back as if killed while it wrote the index: index and file
    /// at the old commit, the journal left, and `index.lock` holding `lock` (the index staging
    /// the new commit when `stagingNewCommit`, else the old index, as a git command started
    /// since would write it).
    static func interruptedNote(stagingNewCommit: Bool) throws -> (team: TestTeam, id: String, path: String, new: String) {
        let (team, _, id) = try CLI.teamWithTask()
        let path = try ConcurrentHandoffTests.path(of: id, in: team)
        let old = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)
        let oldBytes = BadInput.bytes(path, in: team)
        try CLI.expectCommitted(handoff(["note", id, "-m", "landed"], as: team.admin, in: team), in: team)
        let new = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)
        let newIndex = try Data(contentsOf: URL(fileURLWithPath: team.repository + "/.git/index"))
        try TestKeys.check(team.git(["read-tree", old]), "read-tree")
        try Data(oldBytes).write(to: URL(fileURLWithPath: team.repository + "/" + path))
        let oldIndex = try Data(contentsOf: URL(fileURLWithPath: team.repository + "/.git/index"))
        let journal = "branch refs/heads/main\nold \(old)\nnew \(new)\npath \(path)\n"
        try Data(journal.utf8).write(to: URL(fileURLWithPath: team.repository + "/.git/handoff-sync"))
        try (stagingNewCommit ? newIndex : oldIndex).write(to: URL(fileURLWithPath: team.repository + "/.git/index.lock"))
        return (team, id, path, new)
    }

    @Test("an index.lock staging the killed command's commit is removed at once and the update finished")
    func removesTheKilledCommandsLock() throws {
        let (team, _, path, new) = try Self.interruptedNote(stagingNewCommit: true)
        let status = try team.runHandoff(["status"], as: team.admin)
        #expect(status.status == 0, "\(status.stderrText)")
        #expect(status.stderrText.contains("removed \(team.repository)/.git/index.lock"), "\(status.stderrText)")
        #expect(status.stderrText.contains("interrupted after commit \(new.prefix(7))"), "\(status.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: team.repository + "/.git/index.lock"))
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty)
        #expect(try team.read(path).contains("landed"))
    }

    @Test("an index.lock holding the old index (another git command's) stays, and the command says how to remove it")
    func keepsAnotherCommandsLock() throws {
        let (team, id, _, _) = try Self.interruptedNote(stagingNewCommit: false)
        let note = try team.runHandoff(["note", id, "-m", "next"], as: team.admin)
        #expect(note.status != 0)
        #expect(note.stderrText.contains("index.lock exists") && note.stderrText.contains("rm '"), "\(note.stderrText)")
        #expect(FileManager.default.fileExists(atPath: team.repository + "/.git/index.lock"))
        #expect(FileManager.default.fileExists(atPath: team.repository + "/.git/handoff-sync"), "the journal waits for the lock to go")
    }
}
