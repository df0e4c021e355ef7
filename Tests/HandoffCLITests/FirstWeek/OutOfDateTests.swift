import Foundation
import HandoffCore
import TestSupport
import Testing

/// A clone behind its remote-tracking branch is told so, and told to sync, when a command is
/// refused for lack of what upstream already holds.
@Suite struct OutOfDateTests {
    @Test("accept, decline and claim of an offer fetched but not yet in the branch suggest 'handoff sync'; after it, accept lands on the server")
    func outOfDateAcceptSuggestsSync() throws {
        let fixture = try SyncFixture()
        let (team, bob, clone) = (fixture.team, fixture.bob, fixture.bobClone)
        let offered = handoff(["offer", fixture.first, "--to", bob.email, "-m", CLI.brief], as: team.admin, in: team)
        #expect(offered.code == 0, "\(offered.stderr)")
        try fixture.alicePushes()

        // Not fetched yet: the clone cannot know, and says nothing of sync.
        let unknowing = handoff(["accept", fixture.first, "--readback", "Understood."], as: bob, in: team, directory: clone)
        #expect(unknowing.code == 1)
        #expect(unknowing.stderr.contains("has no pending offer") && !unknowing.stderr.contains("sync"), "\(unknowing.stderr)")

        try TestKeys.check(try fixture.git(clone, ["fetch", "-q"], as: bob), "git fetch")
        let before = try fixture.gitText(clone, ["rev-parse", "HEAD"], as: bob)
        for arguments in [["accept", fixture.first, "--readback", "Understood."], ["decline", fixture.first, "--reason", "busy"], ["claim", fixture.first]] {
            let told = handoff(arguments, as: bob, in: team, directory: clone)
            #expect(told.code == 1, "\(arguments): \(told.stderr)")
            #expect(told.stderr.split(separator: "\n").count == 1, "\(told.stderr)")
            #expect(told.stderr.contains("origin/main has a newer handoff commit on this task that your clone lacks (offer by alice@example.com); run 'handoff sync'"), "\(arguments): \(told.stderr)")
            #expect(try fixture.gitText(clone, ["rev-parse", "HEAD"], as: bob) == before)
        }
        // A task upstream did not touch is refused without the advice.
        let other = handoff(["accept", fixture.second, "--readback", "x"], as: bob, in: team, directory: clone)
        #expect(other.code == 1 && !other.stderr.contains("sync"), "\(other.stderr)")

        // Following the advice works: sync, accept, push through the server's hook.
        let sync = handoff(["sync"], as: bob, in: team, directory: clone)
        #expect(sync.code == 0, "\(sync.stderr)")
        let accepted = handoff(["accept", fixture.first, "--readback", "Understood."], as: bob, in: team, directory: clone)
        #expect(accepted.code == 0, "\(accepted.stderr)")
        try TestKeys.check(try fixture.git(clone, ["push", "-q", "origin", "main"], as: bob), "bob's push")
        #expect(try fixture.verifyServer().status == 0)
    }

    @Test("a task created upstream and fetched is named as such instead of 'no task matches' alone")
    func taskOnlyUpstream() throws {
        let fixture = try SyncFixture()
        let id = try CLI.newTask("Created after the clone", in: fixture.team)
        try fixture.alicePushes()
        try TestKeys.check(try fixture.git(fixture.bobClone, ["fetch", "-q"], as: fixture.bob), "git fetch")
        let result = handoff(["note", id, "-m", "hello"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code != 0)
        #expect(result.stderr.contains("origin/main has a newer handoff commit on this task that your clone lacks (new by alice@example.com); run 'handoff sync'"), "\(result.stderr)")
    }
}
