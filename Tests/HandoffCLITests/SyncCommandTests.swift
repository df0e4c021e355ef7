import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff sync` and `handoff merge-driver` as users run them.
@Suite struct SyncCommandTests {
    @Test("sync prints what it pulled, replayed and pushed, and where the old branch is kept")
    func reportsWhatHappened() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice"), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob"), on: fixture.second)
        let result = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Pulled 1 commit from origin/main."))
        #expect(result.stdout.contains("Your branch as it was before is saved at refs/handoff/backup/main/"))
        #expect(result.stdout.contains("Pushed \(try fixture.serverTip().prefix(7)) to origin/main."), "\(result.stdout)")
        let again = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(again.code == 0 && again.stdout.hasPrefix("Already in sync with origin/main"), "\(again.stdout)")
        let json = handoff(["sync", "--json"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["upstream"] as? String == "origin/main")
        #expect(object?["tip"] as? String == (try fixture.serverTip()))
        #expect(object?["pushed"] as? Bool == false && object?["pulled"] as? Int == 0)
    }

    @Test("a replay that is no longer legal exits 1 with one line on stderr")
    func refusalIsOneLine() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.alicePushes()
        try fixture.git(fixture.bobClone, ["pull", "-q"], as: fixture.bob)
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.decline(reason: "busy"), on: fixture.first)
        try fixture.handoff(fixture.team.admin).perform(.withdraw(reason: "paused"), on: fixture.first)
        try fixture.alicePushes()
        let result = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("'decline' is no longer allowed on \(fixture.first), after upstream commit"), "\(result.stderr)")
        #expect(result.stderr.contains("by alice@example.com (handoff: withdraw \(fixture.first)"), "\(result.stderr)")
    }

    @Test("sync with an unknown --drop commit is a usage error")
    func unknownDrop() throws {
        let fixture = try SyncFixture()
        let result = handoff(["sync", "--drop", "nonsense"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 2)
        #expect(result.stderr.contains("--drop nonsense names no commit"))
    }
}
