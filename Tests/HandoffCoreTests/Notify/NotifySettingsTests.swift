import Foundation
@testable import HandoffModel
import Testing

/// The `notify:` section of `.handoff/config.yml`: who hears of what, read as written, and no
/// secret ever accepted into a file every clone reads.
@Suite struct NotifySettingsTests {
    static func workflow(_ notify: String, member: String = "{stages: [a], admin: true}") throws -> Workflow {
        try Workflow(yaml: """
            prefix: HO
            stages: [a, b]
            transitions:
              - {from: a, to: b, respond_within: 4h}
            \(notify)
            members:
              a@x.com: \(member)
            """)
    }

    static func refusal(_ notify: String, member: String = "{stages: [a], admin: true}") -> String? {
        do {
            _ = try workflow(notify, member: member)
            return nil
        } catch let error as HandoffError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("without notify: every answer and move of an offer is mailed; with it, as written")
    func settings() throws {
        let plain = try Self.workflow("")
        #expect(plain.notify == .standard)
        #expect(plain.responseTime(from: "a", to: "b") == 4 * 3_600)
        #expect(plain.responseTime(from: "b", to: "a") == 2 * 86_400)
        let custom = try Self.workflow("notify:\n  events: [offer, note]\n  channels: [email, ops-chat]\n  webhooks: [team]\n  remind_after: 1d\n  escalate_after: 3d\n  lead: lead@x.com",
                                       member: "{stages: [a], notify: [ops-chat]}")
        #expect(custom.notify.events == [.offer, .note])
        #expect(custom.notify.channels == ["email", "ops-chat"] && custom.notify.webhooks == ["team"])
        #expect(custom.notify.escalateAfter == 3 * 86_400 && custom.notify.lead == "lead@x.com")
        #expect(custom.responseTime(from: "b", to: "a") == 86_400)
        #expect(custom.member("a@x.com")?.notify == ["ops-chat"])
        #expect(try Self.workflow("", member: "{stages: [a], notify: none}").member("a@x.com")?.notify == [])
    }

    @Test("a URL or a credential in the workflow is refused, saying it belongs in the server's git config", arguments: [
        ("notify:\n  webhooks: [https://hooks.slack.com/services/T0/B0/XXXX]", "{stages: [a]}"),
        ("notify:\n  channels: [email]\n  webhook_url: https://chat.example.com/x", "{stages: [a]}"),
        ("notify:\n  secret: abc", "{stages: [a]}"),
        ("webhooks:\n  chat: {url: https://chat.example.com/x}", "{stages: [a]}"),
        ("smtp_password: hunter2", "{stages: [a]}"),
        ("", "{stages: [a], notify: [\"https://chat.example.com/hook?token=1\"]}"),
    ])
    func secretsRefused(notify: String, member: String) {
        let message = Self.refusal(notify, member: member)
        #expect(message?.contains("live only on the server") == true, "\(message ?? "accepted")")
        #expect(message?.hasPrefix(".handoff/config.yml") == true)
    }

    @Test("unknown events, keys, channels and durations are refused with what is allowed")
    func malformed() {
        #expect(Self.refusal("notify:\n  events: [offer, teleport]")?.contains("known: offer, accept") == true)
        #expect(Self.refusal("notify:\n  remind: 1d")?.contains("unknown key 'remind'") == true)
        #expect(Self.refusal("notify:\n  channels: [Email Me]")?.contains("a channel is 'email'") == true)
        #expect(Self.refusal("notify:\n  escalate_after: soon")?.contains("duration") == true)
        #expect(Self.refusal("notify:\n  lead: 'Lead <l@x.com>'")?.contains("plain email address") == true)
    }
}
