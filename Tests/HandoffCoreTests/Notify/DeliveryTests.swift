import Foundation
import HandoffCore
import TestSupport
import Testing

/// Delivery that fails, is killed or waits: nothing is lost and nothing sent twice, beyond the
/// one resend a crash between sending and recording allows (under the same Message-ID).
@Suite struct DeliveryTests {
    /// A fixture whose workflow also tells the team webhook `team-chat`, served on loopback.
    static func withWebhook(format: String = "json") throws -> (NotifyFixture, LoopbackWebhookServer) {
        let fixture = try NotifyFixture { $0.replacingOccurrences(of: "members:\n", with: "notify:\n  webhooks: [team-chat]\nmembers:\n") }
        let webhook = try LoopbackWebhookServer()
        try fixture.serverConfig("handoff.webhook.team-chat.url", webhook.url)
        try fixture.serverConfig("handoff.webhook.team-chat.secret", "s3cret-shared-with-the-chat")
        try fixture.serverConfig("handoff.webhook.team-chat.format", format)
        return (fixture, webhook)
    }

    @Test("a webhook that is down gets the event later, exactly once, signed, as the object log --json prints")
    func webhookDownThenUp() throws {
        let (fixture, webhook) = try Self.withWebhook()
        webhook.stop()
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        // The email goes; the webhook's message waits, with why (once the background delivery
        // has tried it).
        _ = try fixture.smtp.waitForMessages(count: 1)
        var status = try fixture.handoffOnServer(["notify", "--status"])
        let deadline = Date().addingTimeInterval(20)
        while !status.stdoutText.contains("could not be reached") && Date() < deadline {
            usleep(50_000)
            status = try fixture.handoffOnServer(["notify", "--status"])
        }
        status.expectSuccess()
        #expect(status.stdoutText.split(separator: "\n").count == 1, "\(status.stdoutText)")
        #expect(status.stdoutText.contains("waiting  team by team-chat:"), "\(status.stdoutText)")
        #expect(status.stdoutText.contains("could not be reached"), "\(status.stdoutText)")
        try webhook.restart()
        try fixture.handoffOnServer(["notify", "--retry"]).expectSuccess()
        try fixture.handoffOnServer(["notify", "--retry"]).expectSuccess()
        let requests = try webhook.waitForRequests(count: 1)
        #expect(try webhook.requests().count == 1)
        let request = requests[0]
        #expect(request.hmacSHA256Matches(secret: "s3cret-shared-with-the-chat"))
        #expect(!request.hmacSHA256Matches(secret: "another secret"))
        #expect(request.header("x-handoff-event") == "offer")
        let body = try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["task"] as? String == id)
        #expect(body["kind"] as? String == "event")
        // The event is the object `handoff log --json` prints for that commit.
        let log = try TestKeys.run(TestTeam.handoffBinary, ["log", id, "--json"], environment: fixture.team.admin.environment, currentDirectory: URL(fileURLWithPath: fixture.team.repository))
        let events = try #require(JSONSerialization.jsonObject(with: Data(log.stdout)) as? [[String: Any]])
        let offer = try #require(events.last)
        let sent = try #require(body["event"] as? [String: Any])
        #expect(NSDictionary(dictionary: sent).isEqual(to: offer), "\(sent) vs \(offer)")
        #expect(fixture.outbox("pending").isEmpty && fixture.outbox("sent").count == 2)
    }

    @Test("a Slack-style webhook gets {\"text\": …}")
    func slackForm() throws {
        let (fixture, webhook) = try Self.withWebhook(format: "slack")
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        let request = try webhook.waitForRequests(count: 1)[0]
        let body = try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body.keys.sorted() == ["text"])
        #expect((body["text"] as? String)?.hasPrefix("[\(id)] alice@example.com offers bob@example.com \"Onboard ACME\"") == true)
    }

    @Test("a webhook that refuses (HTTP 4xx) is held, not retried blindly, and --retry sends it once fixed")
    func refusedWebhookIsHeld() throws {
        let (fixture, webhook) = try Self.withWebhook()
        try webhook.setFailing(404)
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try fixture.push()
        _ = try webhook.waitForRequests(count: 1)
        try fixture.handoffOnServer(["notify"]).expectSuccess()
        let deadline = Date().addingTimeInterval(10)
        while fixture.outbox("held").isEmpty && Date() < deadline { usleep(50_000) }
        #expect(fixture.outbox("held").count == 1)
        try webhook.setFailing(nil)
        try fixture.handoffOnServer(["notify", "--retry"]).expectSuccess()
        let requests = try webhook.waitForRequests(count: 2)
        #expect(requests.map(\.answeredStatus) == [404, 200])
        #expect(fixture.outbox("held").isEmpty && fixture.outbox("pending").isEmpty)
    }

    @Test("delivery killed after sending resends once under the same Message-ID; killed before, it sends once")
    func killedDelivery() throws {
        let fixture = try NotifyFixture()
        try fixture.serverConfig("handoff.notify.deliver", "manual")
        let id = try fixture.newTask()
        try fixture.team.handoff(as: fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let push = try fixture.push()
        #expect(push.stderrText.contains("'handoff notify' on the server delivers them"), "\(push.stderrText)")
        #expect(fixture.outbox("pending").count == 1)

        // Killed before sending: nothing went, nothing is lost.
        try fixture.serverConfig("handoff.notify.sendmail", "kill -KILL $PPID")
        #expect(try fixture.handoffOnServer(["notify"]).status != 0)
        #expect(try fixture.smtp.messages().isEmpty && fixture.outbox("pending").count == 1)

        // Killed after sending, before recording it: the next run resends it, once.
        try fixture.serverConfig("handoff.notify.sendmail", "\(fixture.sendmail) && kill -KILL $PPID")
        #expect(try fixture.handoffOnServer(["notify", "--retry"]).status != 0)
        #expect(try fixture.smtp.waitForMessages(count: 1).count == 1)
        try fixture.serverConfig("handoff.notify.sendmail", fixture.sendmail)
        try fixture.handoffOnServer(["notify", "--retry"]).expectSuccess()
        try fixture.handoffOnServer(["notify", "--retry"]).expectSuccess()
        let mail = try fixture.smtp.waitForMessages(count: 2)
        #expect(mail.count == 2)
        #expect(Set(mail.compactMap { $0.header("Message-ID") }).count == 1)
        #expect(fixture.outbox("pending").isEmpty && fixture.outbox("sent").count == 1)
    }
}
