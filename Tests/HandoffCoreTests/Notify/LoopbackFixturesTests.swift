import Foundation
import Testing
import TestSupport

/// The loopback fixtures the notification tests stand on are real: msmtp delivers to
/// `LoopbackSMTPServer` over SMTP on 127.0.0.1, curl POSTs to `LoopbackWebhookServer`, both
/// can be taken down or made to refuse and brought back, and neither outlives its owner.
@Suite struct LoopbackFixturesTests {
    /// A message with two To recipients, a Bcc, a folded Subject, and body lines that SMTP's
    /// dot-stuffing must carry through (a lone "." and a line starting with ".."), with LF line
    /// endings as a program would write it.
    private static let message = """
        From: Handoff <handoff@example.com>
        To: alice@example.com, bob@example.com
        Bcc: carol@example.com
        Subject: Task T-1 was handed
          to you
        Content-Type: text/plain; charset=utf-8

        Hello Bob,
        .
        ..starts with two dots
        Grüße

        """

    private func sendmail(_ command: [String], _ message: String, home: URL) throws -> TestKeys.Output {
        guard let program = command.first else { throw TestKeys.Failure("empty sendmail command") }
        return try TestKeys.run(program, Array(command.dropFirst()), environment: TestKeys.environment(home: home), stdin: Array(message.utf8))
    }

    private func curl(_ arguments: [String], home: URL) throws -> TestKeys.Output {
        try TestKeys.run("curl", ["--silent", "--show-error", "--max-time", "10"] + arguments, environment: TestKeys.environment(home: home))
    }

    @Test("a message piped to the msmtp command arrives with its headers, its body and every envelope recipient")
    func msmtpDelivers() throws {
        let server = try LoopbackSMTPServer()
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let command = try server.sendmailCommand(in: home)
        let configuration = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("msmtprc").path)
        #expect((configuration[.posixPermissions] as? Int) == 0o600)

        let sent = try sendmail(command, Self.message, home: home)

        #expect(sent.status == 0, "\(sent.stderrText)")
        let mails = try server.waitForMessages(count: 1, timeout: 10)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.envelopeFrom == LoopbackSMTPServer.envelopeFrom)
        #expect(mail.recipients == ["alice@example.com", "bob@example.com", "carol@example.com"])
        #expect(mail.header("from") == "Handoff <handoff@example.com>")
        #expect(mail.headers("To") == ["alice@example.com, bob@example.com"])
        #expect(mail.header("Subject") == "Task T-1 was handed  to you")
        #expect(mail.header("Bcc") == nil, "msmtp -t removes Bcc")
        #expect(mail.header("Message-ID") != nil && mail.header("Date") != nil, "msmtp adds the ones missing")
        #expect(mail.body == "Hello Bob,\r\n.\r\n..starts with two dots\r\nGrüße\r\n")
        #expect(!mail.raw.contains("X-Peer"))
    }

    @Test("while the SMTP server is down msmtp fails and nothing arrives; after restart on the same port a resend arrives")
    func msmtpFailsWhileDownThenDelivers() throws {
        let server = try LoopbackSMTPServer()
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let command = try server.sendmailCommand(in: home)
        let port = server.port

        server.stop()
        let refused = try sendmail(command, Self.message, home: home)
        try server.restart()
        let resent = try sendmail(command, Self.message, home: home)

        #expect(refused.status == 75, "EX_TEMPFAIL when it cannot connect: \(refused.stderrText)")
        #expect(refused.stderrText.contains("Connection refused"))
        #expect(resent.status == 0, "\(resent.stderrText)")
        #expect(server.port == port)
        let mails = try server.waitForMessages(count: 1, timeout: 10)
        #expect(mails.count == 1 && mails.first?.header("Subject") == "Task T-1 was handed  to you")
    }

    @Test("while the SMTP server answers 451 msmtp fails with 69 and nothing is stored; once cleared a resend arrives")
    func msmtpFailsOnTemporaryRefusalThenDelivers() throws {
        let server = try LoopbackSMTPServer()
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let command = try server.sendmailCommand(in: home)

        try server.setFailing("451 4.3.0 try again later")
        let refused = try sendmail(command, Self.message, home: home)
        try server.setFailing(nil)
        let resent = try sendmail(command, Self.message, home: home)

        // msmtp exits EX_UNAVAILABLE (69) for any reply refusing the mail, 4xx included.
        #expect(refused.status == 69, "\(refused.stderrText)")
        #expect(refused.stderrText.contains("451 4.3.0 try again later"))
        #expect(resent.status == 0, "\(resent.stderrText)")
        #expect(try server.waitForMessages(count: 1, timeout: 10).count == 1)
    }

    @Test("curl POSTs a signed JSON body that arrives byte for byte, and the HMAC helper agrees with openssl")
    func curlDeliversSignedWebhook() throws {
        let server = try LoopbackWebhookServer()
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let body = #"{"event":"handed","task":"T-1","to":"bob@example.com","note":"Grüße"}"#
        let bodyFile = home.appendingPathComponent("body.json")
        try body.write(to: bodyFile, atomically: true, encoding: .utf8)
        let digest = try TestKeys.run("openssl", ["dgst", "-sha256", "-hmac", "s3cret", "-r", bodyFile.path], environment: TestKeys.environment(home: home))
        try TestKeys.check(digest, "openssl dgst")
        let hex = try #require(digest.stdoutText.split(separator: " ").first.map(String.init))

        let posted = try curl(
            ["--fail", "-H", "Content-Type: application/json", "-H", "X-Handoff-Signature-256: sha256=\(hex)", "--data-binary", "@\(bodyFile.path)", server.url],
            home: home)

        #expect(posted.status == 0, "\(posted.stderrText)")
        #expect(posted.stdoutText == "{\"ok\":true}\n")
        let request = try #require(try server.waitForRequests(count: 1, timeout: 10).first)
        #expect(request.path == "/hook")
        #expect(request.body == Array(body.utf8))
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.header("X-Handoff-Signature-256") == "sha256=\(hex)")
        #expect(request.answeredStatus == 200)
        #expect(request.hmacSHA256Matches(secret: "s3cret"))
        #expect(!request.hmacSHA256Matches(secret: "wrong"))
        #expect(!request.hmacSHA256Matches(secret: "s3cret", header: "content-type"))
    }

    @Test("a failing webhook makes curl --fail exit 22 and still records the request; a stopped one refuses, then works after restart")
    func curlFailsWhileWebhookFailsOrIsDown() throws {
        let server = try LoopbackWebhookServer()
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let post = { (body: String) in try self.curl(["--fail", "--data-binary", body, server.url], home: home) }

        try server.setFailing(503)
        let failed = try post("first")
        try server.setFailing(nil)
        server.stop()
        let refused = try post("second")
        try server.restart()
        let delivered = try post("third")

        #expect(failed.status == 22, "\(failed.stderrText)")
        #expect(refused.status == 7, "curl's 'could not connect': \(refused.stderrText)")
        #expect(delivered.status == 0, "\(delivered.stderrText)")
        let requests = try server.waitForRequests(count: 2, timeout: 10)
        #expect(requests.map(\.bodyText) == ["first", "third"])
        #expect(requests.map(\.answeredStatus) == [503, 200])
    }

    @Test("a server that is released stops listening")
    func releasedServersStopListening() throws {
        let home = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        var webhook: LoopbackWebhookServer? = try LoopbackWebhookServer()
        var smtp: LoopbackSMTPServer? = try LoopbackSMTPServer()
        let urls = ["http://127.0.0.1:\(webhook?.port ?? 0)/hook", "http://127.0.0.1:\(smtp?.port ?? 0)/"]
        #expect(try curl(["--data-binary", "up", urls[0]], home: home).status == 0)

        webhook = nil
        smtp = nil

        #expect(webhook == nil && smtp == nil)
        for url in urls {
            #expect(try curl(["--data-binary", "down", url], home: home).status == 7, "\(url) still answers")
        }
    }
}
