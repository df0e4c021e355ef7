import Foundation
import HandoffCore
import TestSupport
import Testing

/// k-of-n sign-off on a transition (`approvals: 2`): the receiver's accept is one sign-off, a
/// second member of the target stage adds theirs with `approve`, and only then does the task
/// move. Checked through real keys, a real server hook and `verify` in a fresh clone.
@Suite struct ApprovalTests {
    /// PushTests' team (alice admin in sales; bob and carol in onboarding) with sales →
    /// onboarding needing `approvals` sign-offs, pushed to the server.
    static func setup(approvals: Int = 2) throws -> PushTests.Setup {
        let setup = try PushTests.Setup()
        let config = try setup.team.read(".handoff/config.yml")
        try setup.team.write(
            config.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, approvals: \(approvals)}"),
            to: ".handoff/config.yml")
        try TestKeys.check(setup.team.git(["commit", "-q", "-am", "Four eyes on onboarding"]), "commit the workflow")
        try TestKeys.check(setup.push(), "first push")
        return setup
    }

    @Test("one sign-off leaves the task with its owner; a second, by another member of the stage, moves it; server and verify agree")
    func twoSignOffs() throws {
        let setup = try Self.setup()
        let team = setup.team
        try team.handoff(as: team.admin).perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: setup.id)
        let accepted = try team.handoff(as: setup.bob).perform(.accept(readback: "SSO first"), on: setup.id).task
        #expect(accepted.owner == team.admin.email && accepted.state == .offered && accepted.offer?.approvedBy == [setup.bob.email])
        #expect(try team.handoff(as: setup.carol).inbox().waitingForMe.map(\.task.id) == [setup.id])
        #expect(try team.handoff(as: setup.bob).inbox().waitingForMe.isEmpty)
        #expect(try setup.push().status == 0)

        // The same person never counts twice, and the offerer never counts.
        #expect(throws: HandoffError.refused("you signed off on \(setup.id) already, and one person counts once; it waits for another member of onboarding")) {
            try team.handoff(as: setup.bob).perform(.approve(), on: setup.id)
        }
        #expect(throws: HandoffError.self) { try team.handoff(as: team.admin).perform(.approve(), on: setup.id) }

        let moved = try team.handoff(as: setup.carol).perform(.approve(comment: "Checked the contract"), on: setup.id).task
        #expect(moved.owner == setup.bob.email && moved.stage == "onboarding" && moved.state == .open && moved.offer == nil)
        let push = try setup.push()
        #expect(push.status == 0, "\(push.stderrText)")

        let clone = team.root.appendingPathComponent("fresh").path
        try TestKeys.check(TestKeys.run("git", ["clone", "-q", setup.server, clone], environment: setup.carol.environment), "git clone")
        let verify = try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"], environment: setup.carol.environment, currentDirectory: URL(fileURLWithPath: clone))
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("an accept that takes the task at once, skipping the second sign-off, is refused by the server and verify")
    func skippedSignOffRefused() throws {
        let setup = try Self.setup()
        let team = setup.team
        try team.handoff(as: team.admin).perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: setup.id)
        try TestKeys.check(setup.push(), "push the offer")
        // bob writes the accept a one-sign-off workflow would make, signs it and pushes it.
        let path = try setup.path
        let offered = try TaskDocument(bytes: Array(try team.read(path).utf8), path: path)
        let lenient = try Workflow(yaml: try team.read(".handoff/config.yml").replacingOccurrences(of: ", approvals: 2", with: ""))
        let forged = try TaskTransitions.apply(
            .accept(readback: "mine now"), to: offered, workflow: lenient, actor: setup.bob.email, at: Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
        try team.write(String(decoding: forged.document.bytes, as: UTF8.self), to: path)
        let message = CommitMessage.forOperation(.accept, task: try HandoffTask(document: offered), outcome: forged).text
        try setup.handCommit(as: setup.bob, message: message, options: ["-c", "commit.gpgsign=true"])
        let push = try setup.push()
        #expect(push.status != 0 && push.stderrText.contains("accept"), "\(push.stderrText)")
        let verify = try team.handoff(as: team.admin).verify(range: nil, useCache: false)
        #expect(verify.violations.contains { $0.task == setup.id && $0.message.contains("is not what 'accept' by \(setup.bob.email) makes") }, "\(verify.violations)")
    }

    @Test("an offer along a transition needing more sign-offs than the stage has people is refused up front")
    func tooFewSigners() throws {
        let setup = try Self.setup(approvals: 3)
        #expect(throws: HandoffError.refused("sales → onboarding needs 3 sign-offs by members of onboarding other than alice@example.com, but only 2 could give one; ask an admin to add members to onboarding")) {
            try setup.team.handoff(as: setup.team.admin).perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: setup.id)
        }
    }
}
