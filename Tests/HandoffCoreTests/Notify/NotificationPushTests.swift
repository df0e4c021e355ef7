import Foundation
import HandoffCore
import TestSupport
import Testing

/// Real `git push` to a bare server whose post-receive hook `handoff hooks install --server`
/// installed, delivering through a real msmtp to a real SMTP server on loopback: each handoff
/// reaches the people it concerns, with what they need to act, and only them.
@Suite struct NotificationPushTests {
    @Test("each handoff reaches the right person with the brief, the answer and the command to act, and never the one who acted")
    func everyEventReachesItsPeople() throws {
        let fixture = try NotifyFixture()
        let team = fixture.team
        let alice = team.admin
        let id = try fixture.newTask()
        try fixture.push()
        // 1. offer to bob; 2. bob declines; 3. offer to carol; 4. withdrawn; 5. offer to bob,
        // accepted; 6. reassigned to carol. One push after each step but the fifth.
        try team.handoff(as: alice).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        var mail = try fixture.smtp.waitForMessages(count: 1)
        #expect(mail[0].recipients == [fixture.bob.email])
        #expect(try subject(mail[0]) == "[\(id)] alice@example.com offers you \"Onboard ACME\" (sales → onboarding)")
        #expect(mail[0].body.contains("handoff accept \(id) --readback"))
        #expect(mail[0].body.contains("handoff decline \(id) --reason"))
        for section in ["Summary:", "Open items:", "Risks:", "Next steps:"] { #expect(mail[0].body.contains(section), "\(section)") }

        try team.handoff(as: fixture.bob).perform(.decline(reason: "No capacity this week"), on: id)
        try fixture.push()
        mail = try fixture.smtp.waitForMessages(count: 2)
        #expect(mail[1].recipients == [alice.email])
        #expect(try subject(mail[1]) == "[\(id)] bob@example.com declined \"Onboard ACME\"")
        #expect(mail[1].body.contains("No capacity this week"))
        #expect(mail[1].body.contains("after it waited"))

        try team.handoff(as: alice).perform(.offer(to: fixture.carol.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        try team.handoff(as: alice).perform(.withdraw(reason: "Bob is free after all"), on: id)
        try fixture.push()
        mail = try fixture.smtp.waitForMessages(count: 4)
        #expect(mail[2].recipients == [fixture.carol.email] && mail[3].recipients == [fixture.carol.email])
        #expect(try subject(mail[3]) == "[\(id)] alice@example.com withdrew the offer of \"Onboard ACME\"")

        try team.handoff(as: alice).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: fixture.bob).perform(.accept(readback: "I take over ACME's onboarding; the risk is the SSO date"), on: id)
        try fixture.push()
        mail = try fixture.smtp.waitForMessages(count: 6)
        let accept = try #require(mail[4...].first { $0.recipients == [alice.email] })
        #expect(try subject(accept) == "[\(id)] bob@example.com accepted \"Onboard ACME\" (sales → onboarding)")
        #expect(accept.body.contains("the risk is the SSO date"))
        #expect(mail[4...].contains { $0.recipients == [fixture.bob.email] && $0.body.contains("offers you") })

        try team.handoff(as: alice).perform(.reassign(to: fixture.carol.email, reason: "Bob is out"), on: id)
        try fixture.push()
        mail = try fixture.smtp.waitForMessages(count: 8)
        #expect(Set(mail[6...].flatMap(\.recipients)) == [fixture.bob.email, fixture.carol.email])

        // Notes are not in the default events: nothing more is sent.
        try team.handoff(as: fixture.carol).perform(.note(text: "Kick-off booked"), on: id)
        try fixture.push()
        try fixture.handoffOnServer(["notify"]).expectSuccess()
        #expect(try fixture.smtp.messages().count == 8)
        // Every message of the task is in one thread, and nothing waits in the outbox.
        #expect(Set(mail.compactMap { $0.header("References") }) == ["<task.\(id)@example.com>"])
        #expect(Set(mail.compactMap { $0.header("Message-ID") }).count == 8)
        #expect(fixture.outbox("pending").isEmpty && fixture.outbox("held").isEmpty)
        #expect(fixture.outbox("sent").count == 8)
    }

    @Test("a queue offer reaches every member of the stage with the claim command; a claim tells the one who offered and the queue who got it")
    func queueOfferAndClaim() throws {
        let fixture = try NotifyFixture()
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: Offer.queue("onboarding"), stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        let offers = try fixture.smtp.waitForMessages(count: 2)
        #expect(Set(offers.flatMap(\.recipients)) == [fixture.bob.email, fixture.carol.email])
        for mail in offers {
            #expect(try subject(mail) == "[\(id)] alice@example.com offers the onboarding queue \"Onboard ACME\" (sales → onboarding)")
            #expect(mail.body.contains("handoff claim \(id) --readback"))
        }
        try fixture.team.handoff(as: fixture.carol).perform(.claim(readback: "Mine: SSO first"), on: id)
        try fixture.push()
        let all = try fixture.smtp.waitForMessages(count: 4)
        #expect(Set(all[2...].flatMap(\.recipients)) == [fixture.team.admin.email, fixture.bob.email])
        for mail in all[2...] {
            #expect(try subject(mail) == "[\(id)] carol@example.com claimed \"Onboard ACME\" (sales → onboarding)")
        }
    }

    @Test("a hostile title reaches only its recipient, with no header added")
    func hostileTitle() throws {
        let fixture = try NotifyFixture()
        let id = try fixture.newTask("ACME =?UTF-8?B?QmNjOiBtYWxsb3J5QGF0dGFja2VyLnRlc3Q=?= Bcc: mallory@attacker.test")
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        let mail = try fixture.smtp.waitForMessages(count: 1)
        #expect(mail[0].recipients == [fixture.bob.email])
        #expect(mail[0].headers("Bcc").isEmpty && mail[0].headers("To").count == 1)
    }

    @Test("a push lands while delivery is stuck, and the message goes once delivery is free again")
    func pushDoesNotWaitForDelivery() throws {
        let fixture = try NotifyFixture()
        let gate = fixture.team.root.appendingPathComponent("gate").path
        // A sendmail that waits until the test opens the gate.
        try fixture.serverConfig("handoff.notify.sendmail", "while [ ! -e \(gate) ]; do sleep 0.05; done; \(fixture.sendmail)")
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let push = try fixture.push()
        #expect(push.stderrText.contains("1 message queued for delivery"), "\(push.stderrText)")
        // The push has returned, the branch moved, and the message waits behind the gate.
        #expect(try TestKeys.run("git", ["-C", fixture.server, "rev-parse", "main"], environment: fixture.team.admin.environment).stdoutText
            == (try fixture.team.gitText(["rev-parse", "main"])))
        #expect(try fixture.smtp.messages().isEmpty)
        #expect(fixture.outbox("pending").count == 1)
        FileManager.default.createFile(atPath: gate, contents: Data())
        let mail = try fixture.smtp.waitForMessages(count: 1)
        #expect(mail[0].recipients == [fixture.bob.email])
    }
}

/// The subject as a mail client shows it: decoded by Python's `email` package.
private func subject(_ mail: ReceivedMail) throws -> String? {
    try EmailMessageTests.parse(Array(mail.raw.utf8)).values("subject").first
}

extension TestKeys.Output {
    /// Fails the test with stderr when the command failed.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(stderrText)", sourceLocation: sourceLocation)
    }
}
