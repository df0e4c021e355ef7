import Crypto
import Foundation
import HandoffStore

/// A notice as a webhook's POST body: handoff's JSON event, or the `{"text": …}` form Slack's
/// and Mattermost's incoming webhooks read. Signed with HMAC-SHA256 of the body in
/// `X-Handoff-Signature-256: sha256=<hex>`, as GitHub signs its webhooks.
///
/// The JSON form (`format json`, the default):
///
///     {"kind": "event", "key": "e.<commit>.<recipient digest>", "recipient": "bob@example.com",
///      "task": "HO-12", "subject": "…", "text": "…", "time": 1764892800,
///      "event": { the object `handoff log --json` prints }}
///
/// `recipient` is absent for a team webhook's message, `event` for reminders and digests.
public enum WebhookPayload {
    /// How a webhook wants its body.
    public enum Format: String, Sendable {
        /// handoff's event JSON.
        case json
        /// `{"text": "subject\n\nbody"}`.
        case slack
    }

    /// The body of `notice` in `format`.
    static func body(_ notice: Notice, format: Format) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data?
        switch format {
        case .json:
            data = try? encoder.encode(JSONBody(notice))
        case .slack:
            data = try? encoder.encode(["text": notice.subject + "\n\n" + notice.body])
        }
        return data.map(Array.init) ?? []
    }

    /// `sha256=<hex>` of HMAC-SHA256 of `body` under `secret`.
    public static func signature(of body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// The JSON form's fields.
    private struct JSONBody: Encodable {
        let kind: String
        let key: String
        let recipient: String?
        let task: String?
        let subject: String
        let text: String
        let time: Int64
        let event: HandoffEvent?

        init(_ notice: Notice) {
            kind = notice.kind.rawValue
            key = notice.key
            recipient = notice.recipient
            task = notice.task
            subject = notice.subject
            text = notice.body
            time = notice.time
            event = notice.event
        }
    }
}
