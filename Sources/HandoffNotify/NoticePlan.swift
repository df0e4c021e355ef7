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
        for person in concerned(kind, landed, workflow) where !person.caseInsensitiveEquals(event.actor) {
            if !people.contains(where: { $0.caseInsensitiveEquals(person) }) { people.append(person) }
        }
        let text = NoticeText(landed: landed, id: id, workflow: workflow)
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

    /// The people an operation concerns, before the actor is left out; a stage's queue stands
    /// for every member of that stage.
    static func concerned(_ kind: TaskOperation.Kind, _ landed: LandedEvent, _ workflow: Workflow) -> [String] {
        let event = landed.event
        let people: [String?]
        switch kind {
        // The receiver (a queue's members); and the owner, when an admin offered for them.
        case .offer: people = [event.to, landed.before?.owner]
        // The one who offered (the trailer's From of an accept).
        case .accept: people = [event.from]
        // The one who offered (the trailer's To of a decline).
        case .decline: people = [event.to]
        // The receiver of the offer withdrawn (a queue's members).
        case .withdraw: people = [event.to, landed.before?.offer?.to]
        // The new owner and the old.
        case .reassign: people = [event.to, event.from]
        // The owner, and the receiver of a pending offer.
        case .note, .close, .reopen: people = [landed.task?.owner, landed.task?.offer?.to]
        // The one who offered, and the queue's other members: who got it.
        case .claim: people = [event.from, landed.before?.offer?.to]
        // The one who offered and the receiver.
        case .approve: people = [event.from, event.to]
        }
        // While the task waits for sign-offs, the members who can still give one.
        let signers = landed.remainingSignOffs(workflow) > 0 ? landed.task?.offer.map { offer in
            workflow.members.filter { member in
                member.stages.contains(offer.stage) && !member.email.caseInsensitiveEquals(offer.from)
                    && !offer.approvedBy.contains { $0.caseInsensitiveEquals(member.email) }
            }.map(\.email)
        } ?? [] : []
        return people.compactMap { $0 }.flatMap { person in
            Offer.queueStage(of: person).map { stage in workflow.members.filter { $0.stages.contains(stage) }.map(\.email) } ?? [person]
        } + signers
    }

    /// An idempotency key: `prefix`, the thing's id, and a digest of the recipient (`team` for a
    /// webhook message), so one thing reaches one person once.
    static func key(_ prefix: String, _ thing: String, _ recipient: String?) -> String {
        guard let recipient else { return prefix + "." + thing + ".team" }
        let digest = SHA256.hash(data: Data(recipient.lowercased().utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return prefix + "." + thing + "." + digest
    }
}
