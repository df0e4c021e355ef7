import Foundation
import HandoffCore
import TestSupport
import Testing

/// `sync` beside another handoff command in the same clone: the two take turns on the branch
/// lock, and sync never mistakes the other command's index update for staged changes.
@Suite struct SyncBesideAcceptTests {
    @Test("sync and note started together in one clone, 8 times: both succeed, no 'staged changes'")
    func syncBesideNote() throws {
        let fixture = try SyncFixture()
        let alice = fixture.team.admin
        for round in 1...8 {
            // Something upstream for sync to bring: a note by bob, pushed from his clone.
            let bob = fixture.handoff(fixture.bob, in: fixture.bobClone)
            try bob.perform(.note(text: "bob \(round)"), on: fixture.second)
            _ = try bob.sync()
            let sync = try fixture.team.startHandoff(["sync"], as: alice)
            let note = try fixture.team.startHandoff(["note", fixture.first, "-m", "alice \(round)"], as: alice)
            let (synced, noted) = (try sync.wait(), try note.wait())
            #expect(!synced.stderrText.contains("staged changes") && !noted.stderrText.contains("staged changes"),
                    "round \(round): \(synced.stderrText) \(noted.stderrText)")
            #expect(noted.status == 0, "round \(round): \(noted.stderrText)")
            if synced.status != 0 {
                #expect(synced.stderrText.contains("run 'handoff sync' again"), "round \(round): \(synced.stderrText)")
            }
            let status = try fixture.gitText(fixture.team.repository, ["status", "--porcelain", "--untracked-files=no"], as: alice)
            #expect(status.isEmpty, "round \(round): \(status)")
        }
        let final = try fixture.team.runHandoff(["sync"], as: alice)
        #expect(final.status == 0, "\(final.stderrText)")
        #expect(try fixture.verifyServer().status == 0)
    }
}
