import Foundation
import HandoffCore
import TestSupport
import Testing

/// On the person's own machine: after `git pull` (the post-merge hook `hooks install` adds) and
/// after `handoff sync`, one line per handoff that concerns them, with the command to act.
@Suite struct NewForYouTests {
    @Test("git pull prints the offer that arrived for me, with the commands to answer; nothing for others' handoffs")
    func afterPull() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.carol.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.second)
        try fixture.alicePushes()
        let pull = try fixture.git(fixture.bobClone, ["pull", "-q", "--no-rebase"], as: fixture.bob)
        #expect(pull.status == 0, "\(pull.stderrText)")
        // git shows a hook's output on its standard error.
        let lines = pull.stderrText.split(separator: "\n").map(String.init)
        #expect(lines.first == "New for you:", "\(pull.stderrText)")
        #expect(lines.count == 2, "\(pull.stderrText)")
        #expect(lines.last?.contains("[\(fixture.first)] alice@example.com offers you \"Onboard ACME\"") == true)
        #expect(lines.last?.contains("→ handoff accept \(fixture.first) --readback") == true)
        #expect(!pull.stderrText.contains(fixture.second))
    }

    @Test("handoff sync prints the answer to my offer; my own handoffs are not news to me")
    func afterSync() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.alicePushes()
        let bobPull = try fixture.git(fixture.bobClone, ["pull", "-q", "--no-rebase"], as: fixture.bob)
        #expect(bobPull.status == 0, "\(bobPull.stderrText)")
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.decline(reason: "On leave next week"), on: fixture.first)
        let bobSync = try TestKeys.run(TestTeam.handoffBinary, ["sync"], environment: fixture.bob.environment, currentDirectory: URL(fileURLWithPath: fixture.bobClone))
        #expect(bobSync.status == 0, "\(bobSync.stderrText)")
        #expect(!bobSync.stdoutText.contains("New for you"), "\(bobSync.stdoutText)")
        let aliceSync = try TestKeys.run(TestTeam.handoffBinary, ["sync"], environment: fixture.team.admin.environment,
                                         currentDirectory: URL(fileURLWithPath: fixture.team.repository))
        #expect(aliceSync.status == 0, "\(aliceSync.stderrText)")
        #expect(aliceSync.stdoutText.contains("New for you:\n  [\(fixture.first)] bob@example.com declined \"Onboard ACME\" → handoff offer \(fixture.first) --to EMAIL"),
                "\(aliceSync.stdoutText)")
    }

    @Test("an accept that waits for a second sign-off reaches the stage's other members with the command to give it")
    func signOffRequested() throws {
        let fixture = try SyncFixture()
        let config = try fixture.team.read(".handoff/config.yml")
        try fixture.team.write(
            config.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, approvals: 2}"), to: ".handoff/config.yml")
        try TestKeys.check(fixture.team.git(["commit", "-q", "-am", "Four eyes"]), "commit the workflow")
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.alicePushes()
        let carolClone = fixture.team.root.appendingPathComponent("carol-clone").path
        try fixture.clone(as: fixture.carol, into: carolClone)
        #expect(try fixture.git(fixture.bobClone, ["pull", "-q", "--no-rebase"], as: fixture.bob).status == 0)
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.accept(readback: "SSO first"), on: fixture.first)
        #expect(try fixture.git(fixture.bobClone, ["push", "-q", "origin", "main"], as: fixture.bob).status == 0)
        let pull = try fixture.git(carolClone, ["pull", "-q", "--no-rebase"], as: fixture.carol)
        #expect(pull.status == 0, "\(pull.stderrText)")
        #expect(pull.stderrText.contains("[\(fixture.first)] bob@example.com accepted \"Onboard ACME\" (sales → onboarding) → handoff approve \(fixture.first)"),
                "\(pull.stderrText)")
    }
}
