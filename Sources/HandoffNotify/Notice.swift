import HandoffModel
import HandoffStore

/// One message for one person (or, with no recipient, for a team's webhook) about one thing:
/// a handoff that landed, a reminder of an offer that waits, an escalation, a daily digest.
/// What it says is fixed when it is queued; where it goes is decided when it is delivered.
public struct Notice: Sendable, Codable, Equatable {
    /// What the message is about.
    public enum Kind: String, Sendable, Codable {
        /// A handoff commit landed (`event` holds it).
        case event
        /// An offer has waited past its response time; to its receiver.
        case reminder
        /// An offer has waited past `escalate_after`; to the lead or the stage's admins.
        case escalation
        /// What waits for a person and what they hold, once a day.
        case digest
    }

    /// What the message is about.
    public let kind: Kind
    /// What this message is and for whom: the same key is never delivered twice. Letters,
    /// digits, dots and dashes only, so it names a file and fits in a Message-ID.
    public let key: String
    /// The person told (their member email); nil for a message to a team webhook.
    public let recipient: String?
    /// The task, when the message is about one.
    public let task: String?
    /// The one-line summary: an email's subject, a chat message's first line.
    public let subject: String
    /// The plain text: what happened, who did it, the brief or answer, how long it waited, and
    /// the command to act.
    public let body: String
    /// When it happened (seconds since 1970): the commit's time, or the reminder's.
    public let time: Int64
    /// The event, for `event` messages: the object `log --json` prints.
    public let event: HandoffEvent?

    /// A message as given.
    package init(kind: Kind, key: String, recipient: String?, task: String?, subject: String, body: String, time: Int64, event: HandoffEvent?) {
        self.kind = kind
        self.key = key
        self.recipient = recipient
        self.task = task
        self.subject = subject
        self.body = body
        self.time = time
        self.event = event
    }
}
