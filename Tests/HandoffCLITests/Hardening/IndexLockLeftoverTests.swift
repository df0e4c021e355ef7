import Foundation
import HandoffCore
import TestSupport
import Testing

/// The `index.lock` a handoff killed while it wrote the index leaves is removed by the next
/// command; one another git command may hold is not.
@Suite struct IndexLockLeftoverTests {
    @Test("an index.lock staging the killed command's commit is removed at once and the update finished")
    func removesTheKilledCommandsLock() throws {
        let (team, _, path, new) = try InterruptedCommandTests.interruptedNote(indexLock: .stagingNewCommit)
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
        let (team, id, _, _) = try InterruptedCommandTests.interruptedNote(indexLock: .oldIndex)
        let note = try team.runHandoff(["note", id, "-m", "next"], as: team.admin)
        #expect(note.status != 0)
        #expect(note.stderrText.contains("index.lock exists") && note.stderrText.contains("rm '"), "\(note.stderrText)")
        #expect(FileManager.default.fileExists(atPath: team.repository + "/.git/index.lock"))
        #expect(FileManager.default.fileExists(atPath: team.repository + "/.git/handoff-sync"), "the journal waits for the lock to go")
    }
}
