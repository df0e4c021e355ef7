import HandoffModel
import HandoffStore

/// The words of a landed event's messages, as the person concerned reads them: what happened,
/// who did it, the brief (or read-back, or reason), how long the offer waited, and the exact
/// command to answer.
struct NoticeText {
    let landed: LandedEvent
    /// The task's ID.
    let id: String
    /// The workflow the event landed under: how many sign-offs a handoff needs.
    let workflow: Workflow

    private var event: HandoffEvent { landed.event }
    private var title: String { landed.task?.title ?? landed.before?.title ?? id }
    private var stages: String {
        guard let from = event.fromStage, let to = event.toStage, from != to else { return "" }
        return " (\(from) → \(to))"
    }
    /// ", after it waited 3h 5m", when the event answers a pending offer.
    private var waited: String {
        guard let offered = landed.offeredAt else { return "" }
        return ", after it waited " + DurationText.words(Int(event.timestamp - offered))
    }

    /// The subject line for `person` (nil: a team webhook's message).
    func subject(for person: String?) -> String {
        let quoted = "\"\(title)\""
        switch landed.kind {
        case .offer: return "[\(id)] \(event.actor) offers \(receiver(for: person)) \(quoted)\(stages)"
        case .accept: return "[\(id)] \(event.actor) accepted \(quoted)\(stages)"
        case .decline: return "[\(id)] \(event.actor) declined \(quoted)"
        case .withdraw: return "[\(id)] \(event.actor) withdrew the offer of \(quoted)"
        case .reassign: return "[\(id)] \(event.actor) reassigned \(quoted) to \(isYou(event.to, person) ? "you" : event.to ?? "someone")"
        case .note: return "[\(id)] \(event.actor) added a note to \(quoted)"
        case .close: return "[\(id)] \(event.actor) closed \(quoted)"
        case .reopen: return "[\(id)] \(event.actor) reopened \(quoted)"
        case .claim: return "[\(id)] \(event.actor) claimed \(quoted)\(stages)"
        case .approve: return "[\(id)] \(event.actor) signed off on \(quoted)\(stages)"
        case nil: return "[\(id)] \(event.action) by \(event.actor)"
        }
    }

    /// The plain-text body for `person` (nil: a team webhook's message).
    func body(for person: String?) -> String {
        var lines = [String]()
        let details = Self.plain(event.details)
        switch landed.kind {
        case .offer:
            lines.append("\(event.actor) offers \(receiver(for: person)) \(id) \"\(title)\"\(stages).")
            if let details { lines += ["", "The brief:", "", details] }
            if let queue = event.to.flatMap(Offer.queueStage(of:)) {
                lines += [
                    "", "Any member of \(queue) may take it; the first claim wins:",
                    "  handoff claim \(id) --readback \"…\"",
                    "(run 'handoff sync' or 'git pull' first to have the offer in your clone)",
                ]
            } else if isYou(event.to, person) {
                lines += [
                    "", "Accept it, saying in your own words what you take over:",
                    "  handoff accept \(id) --readback \"…\"",
                    "or decline it, saying why:",
                    "  handoff decline \(id) --reason \"…\"",
                    "(run 'handoff sync' or 'git pull' first to have the offer in your clone)",
                ]
            }
        case .accept:
            lines.append("\(event.actor) accepted \(id) \"\(title)\"\(stages)\(waited).\(moved)")
            if let details { lines += ["", details] }
            lines += ["", "Compare it with your brief: handoff log \(id)"]
            lines += signOffRequest
        case .decline:
            lines.append("\(event.actor) declined \(id) \"\(title)\"\(waited).")
            if let details { lines += ["", details] }
            lines += ["", "The task stays with \(landed.task?.owner ?? "its owner"); offer it again or to someone else:", "  handoff offer \(id) --to EMAIL"]
        case .withdraw:
            lines.append("\(event.actor) withdrew the offer of \(id) \"\(title)\"\(waited). Nothing waits for you on it.")
            if let details { lines += ["", details] }
        case .reassign:
            lines.append("\(event.actor) reassigned \(id) \"\(title)\" from \(event.from ?? "its owner") to \(event.to ?? "someone").")
            if let details { lines += ["", details] }
            if isYou(event.to, person) { lines += ["", "It is yours now: handoff show \(id)"] }
        case .note:
            lines.append("\(event.actor) added a note to \(id) \"\(title)\".")
            if let details { lines += ["", details] }
        case .close:
            lines.append("\(event.actor) closed \(id) \"\(title)\".")
            if let details { lines += ["", details] }
        case .reopen:
            lines.append("\(event.actor) reopened \(id) \"\(title)\".")
            if let details { lines += ["", details] }
        case .claim:
            let queue = landed.before?.offer?.queueStage.map { " from the \($0) queue" } ?? ""
            lines.append("\(event.actor) claimed \(id) \"\(title)\"\(queue)\(stages)\(waited).\(moved)")
            if let details { lines += ["", details] }
            lines += signOffRequest
        case .approve:
            lines.append("\(event.actor) signed off on handing \(id) \"\(title)\" to \(event.to ?? "its receiver")\(stages).\(moved)")
            if let details { lines += ["", details] }
            lines += signOffRequest
        case nil:
            lines.append("\(event.actor) recorded \(event.action) on \(id).")
        }
        lines += ["", "—", "commit \(event.commit.prefix(12)), \(event.time), signature \(event.signature)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whether the event moved the task: " The task is theirs now." or how many sign-offs it still waits for.
    private var moved: String {
        guard let offer = landed.task?.offer, offer.awaitsApproval else {
            return landed.kind == .approve ? " The task is \(event.to ?? "the receiver")'s now." : " The task is theirs now."
        }
        return " It moves when \(remainingSignOffs) more member\(remainingSignOffs == 1 ? "" : "s") of \(offer.stage) sign\(remainingSignOffs == 1 ? "s" : "") off."
    }

    /// How many sign-offs the task still waits for after this event (0 when it moved).
    private var remainingSignOffs: Int { landed.remainingSignOffs(workflow) }

    /// The command to sign off, while the task waits for sign-offs.
    private var signOffRequest: [String] {
        guard remainingSignOffs > 0 else { return [] }
        return ["", "Members of \(landed.task?.offer?.stage ?? "the stage") sign off with:", "  handoff approve \(id)"]
    }

    /// Who an offer went to, as `person` reads it: "you", "the onboarding queue", or the receiver.
    private func receiver(for person: String?) -> String {
        if let queue = event.to.flatMap(Offer.queueStage(of:)) { return "the \(queue) queue" }
        return isYou(event.to, person) ? "you" : event.to ?? "someone"
    }

    private func isYou(_ email: String?, _ person: String?) -> Bool {
        guard let email, let person else { return false }
        return email.caseInsensitiveEquals(person)
    }

    /// The text an event added to the log, with its `#### Heading` lines as `Heading:`; nil when empty.
    static func plain(_ details: String?) -> String? {
        guard let details, !details.trimmed.isEmpty else { return nil }
        return details.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("#### ") ? String($0.dropFirst(5)) + ":" : String($0) }
            .joined(separator: "\n").trimmed
    }
}
