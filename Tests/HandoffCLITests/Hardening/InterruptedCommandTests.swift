import Foundation
import HandoffCore
import TestSupport
import Testing

/// What a killed command can leave behind, set up exactly: a stale `index.lock`, and a handoff
/// commit whose working-tree update never ran.
@Suite struct InterruptedCommandTests {
    /// What a killed command left in `index.lock`.
    enum IndexLockLeft {
        /// The index staging the new commit, as the killed command was writing it.
        case stagingNewCommit
        /// The old index, as a git command started since would write it.
        case oldIndex
    }

    /// A note that landed, then set back as if killed after moving the branch: index and file
    /// at the old commit, the journal left, and `index.lock` holding `indexLock` when given.
    static func interruptedNote(indexLock: IndexLockLeft? = nil) throws -> (team: TestTeam, id: String, path: String, new: String) {
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
        if let indexLock {
            try (indexLock == .stagingNewCommit ? newIndex : oldIndex).write(to: URL(fileURLWithPath: team.repository + "/.git/index.lock"))
        }
        return (team, id, path, new)
    }

    @Test("a stale index.lock refuses the handoff before anything is written, saying how to remove it")
    func staleIndexLock() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let lock = team.repository + "/.git/index.lock"
        try Data("stale".utf8).write(to: URL(fileURLWithPath: lock))
        let head = try BadInput.head(of: team)
        let result = handoff(["note", id, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: ["index.lock exists", "rm '"], in: team, head: head)
        try FileManager.default.removeItem(atPath: lock)
        try CLI.expectCommitted(handoff(["note", id, "-m", "x"], as: team.admin, in: team), in: team)
    }

    @Test("a commit that landed without its working-tree update is finished by the next command, with a message")
    func finishesInterruptedUpdate() throws {
        // As if killed right after moving the branch: index and file still at the old commit, journal left.
        let (team, id, path, new) = try Self.interruptedNote()
        #expect(try !team.gitText(["status", "--porcelain"]).isEmpty)
        let next = handoff(["note", id, "-m", "next"], as: team.admin, in: team)
        #expect(next.code == 0, "stderr: \(next.stderr)")
        #expect(next.stderr.contains("was interrupted after commit \(new.prefix(7))"), "stderr: \(next.stderr)")
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty)
        #expect(try team.read(path).contains("landed") && team.read(path).contains("next"))
        #expect(!FileManager.default.fileExists(atPath: team.repository + "/.git/handoff-sync"))
    }
}
