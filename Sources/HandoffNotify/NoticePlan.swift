import Crypto
import Foundation
import HandoffModel
import HandoffStore

/// Who is told of a landed handoff, and what: the one place that decides it. Each operation's
/// people are named in one exhaustive switch, so a new operation is a compile error here until
/// someone decides who hears of it.
public enum NoticePlan {
    /// The messages a landed event sends under `workflow`'s `notify:` settings: one per person
    /// concerned (never the one who acted), and one per team webhook.
    public static func notices(for landed: LandedEvent, workflow: Workflow) -> [Notice] {
        guard let kind = landed.kind, workflow.notify.events.contains(kind), let id = landed.event.task else { return [] }
        let event = landed.event
        var people = [String]()
        for person in concerned(kind, landed) where !person.caseInsensitiveEquals(event.actor) {
            if !people.contains(where: { $0.caseInsensitiveEquals(person) }) { people.append(person) }
        }
        let text = NoticeText(landed: landed, id: id)
        var notices = people.map { person in
            Notice(
                kind: .event, key: key("e", event.commit, person), recipient: person, task: id,
                subject: text.subject(for: person), body: text.body(for: person), time: event.timestamp, event: event)
        }
        if !workflow.notify.webhooks.isEmpty {
            notices.append(Notice(
                kind: .event, key: key("e", event.commit, nil), recipient: nil, task: id,
                subject: text.subject(for: nil), body: text.body(for: nil), time: event.timestamp, event: event))
        }
        return notices
    }

    /// The people an operation concerns, before the actor is left out.
    static func concerned(_ kind: TaskOperation.Kind, _ landed: LandedEvent) -> [String] {
        let event = landed.event
        switch kind {
        // The receiver; and the owner, when an admin offered on their behalf.
        case .offer: return [event.to, landed.before?.owner].compactMap { $0 }
        // The one who offered (the trailer's From of an accept).
        case .accept: return [event.from].compactMap { $0 }
        // The one who offered (the trailer's To of a decline).
        case .decline: return [event.to].compactMap { $0 }
        // The receiver of the offer withdrawn.
        case .withdraw: return [event.to, landed.before?.offer?.to].compactMap { $0 }
        // The new owner and the old.
        case .reassign: return [event.to, event.from].compactMap { $0 }
        // The owner, and the receiver of a pending offer.
        case .note, .close, .reopen: return [landed.task?.owner, landed.task?.offer?.to].compactMap { $0 }
        }
    }

    /// An idempotency key: `prefix`, the thing's id, and a digest of the recipient (`team` for a
    /// webhook message), so one thing reaches one person once.
    static func key(_ prefix: String, _ thing: String, _ recipient: String?) -> String {
        guard let recipient else { return prefix + "." + thing + ".team" }
        let digest = SHA256.hash(data: Data(recipient.lowercased().utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return prefix + "." + thing + "." + digest
    }
}
