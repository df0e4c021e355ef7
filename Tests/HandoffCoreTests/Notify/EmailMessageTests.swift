import Foundation
@testable import HandoffNotify
import TestSupport
import Testing

/// The messages handed to sendmail, read back by Python's `email` package (a real, strict
/// parser of RFC 5322 and MIME): whatever a task's title or brief holds, the message has exactly
/// handoff's headers, the subject reads as the title, and the body as the notice.
@Suite struct EmailMessageTests {
    /// What Python's parser made of a message.
    struct Parsed: Decodable {
        let headers: [[String]]
        let body: String
        let defects: [String]

        func values(_ name: String) -> [String] { headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] } }
    }

    static let parser = """
        import email, email.policy, json, sys
        message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
        defects = [type(d).__name__ for d in message.defects]
        for part in message.walk():
            defects += [type(d).__name__ for d in part.defects]
        headers = [[name, str(value)] for name, value in message.items()]
        print(json.dumps({"headers": headers, "body": message.get_content(), "defects": defects}))
        """

    static func parse(_ bytes: [UInt8]) throws -> Parsed {
        let output = try TestKeys.run("python3", ["-c", parser], environment: ProcessInfo.processInfo.environment, stdin: bytes)
        try TestKeys.check(output, "python3 email parser")
        return try JSONDecoder().decode(Parsed.self, from: Data(output.stdout))
    }

    static func notice(title: String, body: String, task: String? = "HO-12") -> Notice {
        Notice(kind: .event, key: "e.0123456789abcdef0123456789abcdef01234567.0011223344556677", recipient: "bob@example.com", task: task,
               subject: "[HO-12] alice@example.com offers you \"\(title)\"", body: body, time: 1_796_342_400, event: nil)
    }

    static let expectedHeaders = [
        "from", "to", "subject", "date", "message-id", "in-reply-to", "references", "x-handoff-task", "x-handoff-key",
        "auto-submitted", "mime-version", "content-type", "content-transfer-encoding",
    ]

    @Test("a hostile title cannot add a header or a recipient, and reads back as the title without its line breaks", arguments: [
        "Onboard ACME\r\nBcc: mallory@attacker.test",
        "Onboard ACME\nTo: mallory@attacker.test\n\nforged body",
        "Line\u{2028}separator\u{2029}and\u{85}next line\u{0}nul\u{1b}[31mred",
        "=?UTF-8?B?QmNjOiBtYWxsb3J5QGF0dGFja2VyLnRlc3Q=?=",
        "Überweisung für Kunden — 東京 \u{1F680} " + String(repeating: "lang ", count: 60),
        String(repeating: "a-very-long-word-", count: 40),
    ])
    func hostileTitles(title: String) throws {
        let notice = Self.notice(title: title, body: "hello\n")
        let parsed = try Self.parse(try EmailMessage.render(notice, from: "handoff@example.com", to: "bob@example.com"))
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.headers.map { $0[0].lowercased() } == Self.expectedHeaders)
        #expect(parsed.values("to") == ["<bob@example.com>"] || parsed.values("to") == ["bob@example.com"])
        let subject = try #require(parsed.values("subject").first)
        #expect(!subject.contains("\n") && !subject.contains("\r"))
        let expected = notice.subject.unicodeScalars.map { $0.properties.generalCategory == .control || $0.properties.generalCategory == .lineSeparator
            || $0.properties.generalCategory == .paragraphSeparator || $0.properties.generalCategory == .format ? " " : String($0) }.joined()
            .split(separator: " ").joined(separator: " ")
        #expect(subject == expected)
        #expect(parsed.body == "hello\n")
    }

    @Test("a body with dots, 'From ' lines, carriage returns, long lines and any text reads back whole")
    func bodies() throws {
        let body = ".\n..\nFrom the start\nwindows line\r\ntrailing space \nta\tb\t\n" + String(repeating: "x", count: 5_000) + "\nÄ=3D €\n"
        let parsed = try Self.parse(try EmailMessage.render(Self.notice(title: "t", body: body), from: "handoff@example.com", to: "bob@example.com"))
        #expect(parsed.defects.isEmpty)
        #expect(parsed.body == body.replacingOccurrences(of: "\r\n", with: "\n"))
        let raw = String(decoding: try EmailMessage.render(Self.notice(title: "t", body: body), from: "handoff@example.com", to: "bob@example.com"), as: UTF8.self)
        let bodyLines = raw.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n").split(separator: "\n")
        #expect(bodyLines.allSatisfy { $0.utf8.count <= 76 })
    }

    @Test("messages about one task share a thread root; each message's id is its key")
    func threading() throws {
        let parsed = try Self.parse(try EmailMessage.render(Self.notice(title: "t", body: "b\n"), from: "handoff@example.com", to: "bob@example.com"))
        #expect(parsed.values("message-id") == ["<e.0123456789abcdef0123456789abcdef01234567.0011223344556677@example.com>"])
        #expect(parsed.values("in-reply-to") == ["<task.HO-12@example.com>"])
        #expect(parsed.values("references") == ["<task.HO-12@example.com>"])
        #expect(parsed.values("date") == ["Fri, 04 Dec 2026 00:00:00 +0000"])
    }

    @Test("an address that is not plain is refused for good, naming it", arguments: ["bob@example.com\nBcc: x@y.z", "Bob <bob@example.com>", "a,b@example.com", "bob"])
    func unsafeAddresses(address: String) throws {
        #expect(throws: DeliveryError.self) { try EmailMessage.render(Self.notice(title: "t", body: "b"), from: "handoff@example.com", to: address) }
        do {
            _ = try EmailMessage.render(Self.notice(title: "t", body: "b"), from: "handoff@example.com", to: address)
        } catch {
            guard case .permanent = error else { Issue.record("should be permanent: \(error)"); return }
        }
    }
}
