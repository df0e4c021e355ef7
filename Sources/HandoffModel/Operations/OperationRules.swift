/// The rules of one operation, each in a file of its own: who may do it, what it writes into the
/// task file and its log, and how its commit is read back (its inverse), so `verify` and `sync`
/// can apply the recorded operation again and compare byte for byte.
protocol OperationRules: Sendable {
    /// Checks that `member` may do this to `task`, writes the operation's fields into
    /// `document`, and says what its log entry is and where the task moves.
    /// - Throws: `HandoffError.refused` saying who may do it instead.
    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit

    /// The operation that wrote `entry`, or nil when the entry is not what it writes.
    init?(recorded entry: RecordedEntry)
}

/// What an operation decided: its log entry and who and where the task moves between.
package struct OperationEdit {
    /// The log heading's text after its date, e.g. `accept by bob@example.com (sales → support)`.
    let summary: String
    /// The text under the heading (empty for a bare heading).
    let details: String
    let fromPerson: String
    let toPerson: String
    let fromStage: String
    let toStage: String
}

/// A recorded operation as `verify` and `sync` read it back: the text its commit appended under
/// the log heading, and the trailers that name a receiver and stage.
package struct RecordedEntry {
    /// The text under the appended log heading; empty for a bare heading.
    let details: String
    /// The `Handoff-To` trailer.
    let receiver: String?
    /// The `Handoff-To-Stage` trailer.
    let stage: String?
    /// The `Handoff-Respond-By` trailer.
    let respondBy: String?

    /// The entry whose log details are `details`, with the trailers `receiver`, `stage` and `respondBy`.
    package init(details: String, receiver: String?, stage: String?, respondBy: String? = nil) {
        self.details = details
        self.receiver = receiver
        self.stage = stage
        self.respondBy = respondBy
    }

    /// The details after `prefix` (all of them when they do not start with it); nil for a bare
    /// heading.
    func text(after prefix: String) -> String? {
        details.isEmpty ? nil : details.hasPrefix(prefix) ? String(details.dropFirst(prefix.count)) : details
    }

    /// The text of `label` in the details: the reading of what `OperationText.labelled` writes.
    func text(labelled label: String) -> String? {
        text(after: label + ": ")
    }
}

/// Texts and refusals that several operations share.
enum OperationText {
    /// `Label: text` for an optional text; empty when it is absent or blank. What
    /// `RecordedEntry.text(labelled:)` reads back.
    static func labelled(_ label: String, _ text: String?) -> String {
        guard let text = text?.trimmed, !text.isEmpty else { return "" }
        return "\(label): \(text)"
    }

    /// The line that starts a read-back under the log heading (`accept` and `claim` write it).
    static let readbackHeading = "#### Read-back\n"

    /// What taking an offer writes, for `accept` and `claim` alike: `taker` owns the task in the
    /// offer's stage, the offer is gone, and the read-back (required when the workflow says so)
    /// is the log entry's text.
    /// - Throws: `HandoffError.refused` when the workflow requires a read-back and there is none.
    static func take(
        _ offer: Offer, of task: HandoffTask, by taker: String, readback: String?, verb: TaskOperation.Kind,
        in workflow: Workflow, document: inout TaskDocument
    ) throws(HandoffError) -> OperationEdit {
        let text = readback?.trimmed ?? ""
        if workflow.readbackRequired && text.isEmpty {
            throw .refused("this workflow requires a read-back; \(verb.rawValue) with --readback 'what you understood, in your words'")
        }
        let checklist = workflow.readbackChecklist(from: task.stage, to: offer.stage)
        if !checklist.isEmpty {
            guard let brief = document.brief(of: offer, in: task) else {
                throw .refused("the brief of the pending offer cannot be found in \(task.id)'s log, so its read-back checklist cannot be checked; withdraw the offer and offer again")
            }
            let missing = ReadbackChecklist.unacknowledged(ReadbackChecklist.items(of: brief, in: checklist), in: text)
            guard missing.isEmpty else {
                throw .refused("the read-back leaves \(missing.count) item\(missing.count == 1 ? "" : "s") of the brief unacknowledged (\(missing.map { "'\($0)'" }.joined(separator: ", "))); tick each ('- [x] ITEM') or answer it ('- ITEM: what you will do')")
            }
        }
        let summary = "\(verb.rawValue) by \(taker) (\(task.stage) → \(offer.stage))"
        let details = text.isEmpty ? "" : readbackHeading + text
        let needed = workflow.approvals(from: task.stage, to: offer.stage)
        if needed > 1 {
            // The receiver's sign-off is the first; the task stays offered until the rest come.
            var waiting = offer
            waiting.to = taker
            waiting.approvedBy = [taker]
            document.setMapping("offer", to: waiting.fields)
        } else {
            transfer(offer, to: taker, document: &document)
        }
        return OperationEdit(summary: summary, details: details, fromPerson: offer.from, toPerson: taker, fromStage: task.stage, toStage: offer.stage)
    }

    /// Moves the task of `offer` to `taker` in the offer's stage: the end of every handoff.
    static func transfer(_ offer: Offer, to taker: String, document: inout TaskDocument) {
        document.setField("owner", to: taker)
        document.setField("stage", to: offer.stage)
        document.setField("state", to: TaskState.open.rawValue)
        document.removeField("offer")
    }

    /// The refusal of another accept or claim of an offer its receiver answered already, while
    /// it waits for further sign-offs.
    static func awaitingApproval(_ task: HandoffTask, _ offer: Offer, in workflow: Workflow) -> HandoffError {
        let remaining = max(1, workflow.remainingSignOffs(of: task))
        return .refused("\(offer.to) took \(task.id) already; it waits for \(remaining) more sign-off\(remaining == 1 ? "" : "s") from members of \(offer.stage) ('handoff approve \(task.id)')")
    }

    /// The pending offer of `task`, which only its receiver `actor` may answer with `action`.
    static func pendingOffer(_ task: HandoffTask, receiverMustBe actor: String, action: TaskOperation.Kind) throws(HandoffError) -> Offer {
        guard let offer = task.offer else { throw stateRefusal(task, wanted: action) }
        if let queue = offer.queueStage {
            throw .refused("\(task.id) waits in the \(queue) queue; a member of \(queue) takes it with 'handoff claim \(task.id)'")
        }
        guard offer.to.caseInsensitiveEquals(actor) else {
            if offer.from.caseInsensitiveEquals(actor) {
                throw .refused("you offered \(task.id) to \(offer.to); only \(offer.to) can \(action.rawValue) it (to take it back: handoff withdraw \(task.id))")
            }
            throw .refused("\(task.id) is offered to \(offer.to); only \(offer.to) can \(action.rawValue) it")
        }
        return offer
    }

    /// The refusal of `action` on `task` in a state that does not allow it.
    static func stateRefusal(_ task: HandoffTask, wanted action: TaskOperation.Kind) -> HandoffError {
        switch task.state {
        case .offered:
            let offer = task.offer.map { " to \($0.to)" } ?? ""
            return .refused("\(task.id) is already offered\(offer); it must be accepted, declined or withdrawn before you \(action.rawValue) it")
        case .open:
            return .refused("\(task.id) has no pending offer; there is nothing to \(action.rawValue)")
        case .done where action == .close, .cancelled where action == .close:
            return .refused("\(task.id) is already \(task.state.rawValue); there is nothing to close")
        case .done, .cancelled:
            return .refused("\(task.id) is \(task.state.rawValue); reopen it before you \(action.rawValue) it")
        }
    }
}
