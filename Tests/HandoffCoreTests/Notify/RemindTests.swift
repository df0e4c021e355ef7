import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff remind` on a fixed clock: reminders after the response time, once per period;
/// escalation once; a digest once a day. Run twice in the same period, nobody hears twice.
@Suite struct RemindTests {
    /// A team whose admin offered a task to bob, and the offer's time.
    final class Setup {
        let team: TestTeam
        let bob: TestPerson
        let id: String
        let offeredAt: Int64

        init(workflowEdit: ((String) -> String)? = nil) throws {
            team = try TestTeam()
            bob = try team.person("bob", stages: ["onboarding"])
            _ = try team.person("carol", stages: ["support"])
            if let workflowEdit {
                try team.write(workflowEdit(try team.read(".handoff/config.yml")), to: ".handoff/config.yml")
                try TestKeys.check(team.git(["commit", "-q", "-am", "Notify settings"]), "commit the workflow")
            }
            id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard ACME", stage: "sales")).task.id
            let offered = try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
            offeredAt = try #require(offered.task.offer.flatMap { Timestamp(iso8601: $0.at) }?.seconds)
        }

        /// `remind` (queue only) as of `offeredAt + seconds`; the notices it queued.
        func remind(after seconds: Int64, digest: Bool = false) throws -> [Notice] {
            let moment = offeredAt + seconds
            let handoff = Handoff(context: HandoffContext(directory: team.repository, environment: team.admin.environment, now: { moment }))
            let before = Set(try handoff.outboxContents().pending.map(\.name))
            _ = try handoff.remind(digest: digest, deliver: false)
            return try handoff.outboxContents().pending.filter { !before.contains($0.name) }.map(\.notice)
        }
    }

    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400

    @Test("an offer past the response time (stale_after) reminds its receiver once per period")
    func remindersOncePerPeriod() throws {
        let setup = try Setup()
        #expect(try setup.remind(after: 1 * Self.hour).isEmpty)
        let first = try setup.remind(after: 2 * Self.day)
        #expect(first.map(\.kind) == [.reminder] && first.map(\.recipient) == [setup.bob.email])
        #expect(first[0].subject == "[\(setup.id)] Reminder: \"Onboard ACME\" waits for your answer (2d)")
        #expect(first[0].body.contains("handoff accept \(setup.id) --readback"))
        #expect(try setup.remind(after: 2 * Self.day + 1 * Self.hour).isEmpty)
        #expect(try setup.remind(after: 2 * Self.day + 1 * Self.hour).isEmpty)
        #expect(try setup.remind(after: 4 * Self.day).map(\.recipient) == [setup.bob.email])
    }

    @Test("a transition's respond_within sets when its offers are chased")
    func transitionResponseTime() throws {
        let setup = try Setup { $0.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, respond_within: 4h}") }
        #expect(try setup.remind(after: 3 * Self.hour).isEmpty)
        #expect(try setup.remind(after: 5 * Self.hour).map(\.kind) == [.reminder])
        #expect(try setup.remind(after: 9 * Self.hour).map(\.kind) == [.reminder])
    }

    @Test("past escalate_after the offer escalates once to the target stage's admins, or to the lead")
    func escalation() throws {
        let setup = try Setup { $0.replacingOccurrences(of: "members:\n", with: "notify:\n  escalate_after: 3d\nmembers:\n") }
        #expect(try setup.remind(after: 2 * Self.day).map(\.kind) == [.reminder])
        let escalated = try setup.remind(after: 3 * Self.day)
        #expect(escalated.map(\.kind) == [.escalation] && escalated.map(\.recipient) == [setup.team.admin.email])
        #expect(escalated[0].body.contains("nobody has answered"))
        #expect(try setup.remind(after: 3 * Self.day + 2 * Self.hour).isEmpty)

        let led = try Setup { $0.replacingOccurrences(of: "members:\n", with: "notify:\n  escalate_after: 1d\n  lead: lead@example.com\nmembers:\n") }
        #expect(try led.remind(after: 1 * Self.day).filter { $0.kind == .escalation }.map(\.recipient) == ["lead@example.com"])
    }

    @Test("the digest goes to each member with something waiting or held, once a day")
    func digestOnceADay() throws {
        let setup = try Setup()
        let first = try setup.remind(after: 1 * Self.hour, digest: true)
        #expect(Set(first.map(\.recipient)) == [setup.bob.email, setup.team.admin.email])
        let bobs = try #require(first.first { $0.recipient == setup.bob.email })
        #expect(bobs.body.contains("Waiting for your answer (1):") && bobs.body.contains(setup.id))
        let alices = try #require(first.first { $0.recipient == setup.team.admin.email })
        #expect(alices.body.contains("Your offers waiting for others (1):"))
        #expect(try setup.remind(after: 5 * Self.hour, digest: true).isEmpty)
        #expect(try setup.remind(after: 1 * Self.day + 1 * Self.hour, digest: true).count == 2)
    }

    @Test("remind from a clone delivers through its own sendmail, and the receiver reads the commands to act")
    func delivered() throws {
        let setup = try Setup()
        let smtp = try LoopbackSMTPServer()
        try TestKeys.check(setup.team.git(["config", "handoff.notify.sendmail", try smtp.sendmailCommand(in: setup.team.root).joined(separator: " ")]), "git config")
        try TestKeys.check(setup.team.git(["config", "handoff.notify.from", "handoff@example.com"]), "git config")
        let moment = Timestamp(seconds: setup.offeredAt + 3 * Self.day).iso8601
        let run = try TestKeys.run(TestTeam.handoffBinary, ["remind", "--now", moment], environment: setup.team.admin.environment,
                                   currentDirectory: URL(fileURLWithPath: setup.team.repository))
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText == "1 queued, 1 sent, 0 to retry, 0 held\n")
        let mail = try smtp.waitForMessages(count: 1)
        #expect(mail[0].recipients == [setup.bob.email])
        #expect(mail[0].body.contains("handoff decline \(setup.id) --reason"))
        let again = try TestKeys.run(TestTeam.handoffBinary, ["remind", "--now", moment], environment: setup.team.admin.environment,
                                     currentDirectory: URL(fileURLWithPath: setup.team.repository))
        #expect(again.stdoutText == "0 queued, 0 sent, 0 to retry, 0 held\n")
    }
}
