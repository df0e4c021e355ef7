import Foundation

/// The rules of SPEC §3–§4 for one task: who may do what in which state, and exactly what each
/// operation writes. Pure: the same inputs always give the same file, so history can be
/// re-checked by recomputing it.
public enum TaskTransitions {
    /// Applies `operation` by `actor` at `time` to the task in `document`.
    /// - Throws: `HandoffError.refused` saying who may do it instead, or `.invalidFile` when the
    ///   task file is malformed.
    public static func apply(
        _ operation: TaskOperation, to document: TaskDocument, workflow: Workflow,
        actor: String, at time: Timestamp
    ) throws(HandoffError) -> OperationOutcome {
        let edit = try edited(operation, to: document, task: nil, workflow: workflow, actor: actor, at: time)
        try edit.document.checkSize(after: "this \(operation.action)")
        return OperationOutcome(
            document: edit.document, task: try HandoffTask(document: edit.document), fromPerson: edit.fromPerson,
            toPerson: edit.toPerson, fromStage: edit.fromStage, toStage: edit.toStage)
    }

    /// What `apply` writes, before the new file is parsed back. `verify` compares these bytes with
    /// the commit's file first: a file that equals one that parsed needs no second parse.
    /// `parsed` is the task `document` states when the caller read it already.
    /// - Throws: as `apply`, except that a result that does not parse is not detected here.
    static func edited(
        _ operation: TaskOperation, to document: TaskDocument, task parsed: HandoffTask?, workflow: Workflow,
        actor: String, at time: Timestamp
    ) throws(HandoffError) -> EditedTask {
        let task: HandoffTask
        if let parsed { task = parsed } else { task = try HandoffTask(document: document) }
        guard let member = workflow.member(actor) else {
            throw .refused("\(actor) is not a member of this workflow; \(Handoff.becomeMemberAdvice(actor))")
        }
        var document = document
        let heading = "### \(time.logHeading) — "
        switch operation {
        case .offer(let receiver, let stage, let brief):
            guard task.state == .open else { throw stateRefusal(task, wanted: "offer") }
            guard task.owner.caseInsensitiveEquals(actor) || member.admin else {
                throw .refused("\(task.id) is owned by \(task.owner); only the owner (or an admin) can offer it")
            }
            guard let target = workflow.member(receiver) else {
                throw .refused("\(receiver) is not a member of this workflow; offer to a member or ask an admin to add them")
            }
            guard !target.email.caseInsensitiveEquals(task.owner) else {
                throw .refused("\(task.id) is already owned by \(task.owner); offer it to someone else")
            }
            guard workflow.transition(from: task.stage, to: stage) != nil else {
                let allowed = workflow.transitions.filter { $0.from == task.stage }.map(\.to)
                throw .refused("the workflow has no transition \(task.stage) → \(stage); allowed from \(task.stage): \(allowed.isEmpty ? "none" : allowed.joined(separator: ", "))")
            }
            guard target.stages.contains(stage) else {
                throw .refused("\(target.email) does not work in stage \(stage); offer to a member of \(stage) or ask an admin to add the stage to them")
            }
            let missing = brief.missingSections(workflow.requiredSections(from: task.stage, to: stage))
            guard missing.isEmpty else {
                throw .refused("the brief lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); add a '## NAME' section with text for each")
            }
            let offer = Offer(from: task.owner, to: target.email, stage: stage, at: time.iso8601)
            document.setField("state", to: TaskState.offered.rawValue)
            document.setMapping("offer", to: [("from", offer.from), ("to", offer.to), ("stage", offer.stage), ("at", offer.at)])
            appendLog(&document, heading + "offer \(offer.from) → \(offer.to) (\(task.stage) → \(stage))", brief.logMarkdown)
            return edit(document, task.owner, target.email, task.stage, stage)

        case .accept(let readback):
            let offer = try pendingOffer(task, receiverMustBe: actor, action: "accept")
            let text = readback?.trimmed ?? ""
            if workflow.readbackRequired && text.isEmpty {
                throw .refused("this workflow requires a read-back; accept with --readback 'what you understood, in your words'")
            }
            document.setField("owner", to: offer.to)
            document.setField("stage", to: offer.stage)
            document.setField("state", to: TaskState.open.rawValue)
            document.removeField("offer")
            appendLog(&document, heading + "accept by \(offer.to) (\(task.stage) → \(offer.stage))",
                      text.isEmpty ? "" : "#### Read-back\n\(text)")
            return edit(document, offer.from, offer.to, task.stage, offer.stage)

        case .decline(let reason):
            let offer = try pendingOffer(task, receiverMustBe: actor, action: "decline")
            guard !reason.trimmed.isEmpty else { throw .refused("say why you decline with --reason TEXT") }
            document.setField("state", to: TaskState.open.rawValue)
            document.removeField("offer")
            appendLog(&document, heading + "decline by \(offer.to) (stays with \(offer.from))", "Reason: \(reason.trimmed)")
            return edit(document, offer.to, offer.from, task.stage, task.stage)

        case .withdraw(let reason):
            guard let offer = task.offer else { throw stateRefusal(task, wanted: "withdraw") }
            guard offer.from.caseInsensitiveEquals(actor) else {
                throw .refused("\(task.id) was offered by \(offer.from); only \(offer.from) can withdraw it")
            }
            document.setField("state", to: TaskState.open.rawValue)
            document.removeField("offer")
            appendLog(&document, heading + "withdraw by \(offer.from) (offer to \(offer.to))", labelled("Reason", reason))
            return edit(document, offer.from, offer.to, task.stage, task.stage)

        case .note(let text):
            guard !text.trimmed.isEmpty else { throw .refused("the note is empty; pass the text with -m TEXT") }
            appendLog(&document, heading + "note by \(member.email)", text.trimmed)
            return edit(document, member.email, member.email, task.stage, task.stage)

        case .close(let resolution):
            guard task.state == .open else { throw stateRefusal(task, wanted: "close") }
            guard task.owner.caseInsensitiveEquals(actor) else {
                throw .refused("\(task.id) is owned by \(task.owner); only the owner can close it")
            }
            document.setField("state", to: TaskState.done.rawValue)
            appendLog(&document, heading + "close by \(task.owner)", labelled("Resolution", resolution))
            return edit(document, task.owner, task.owner, task.stage, task.stage)

        case .reopen(let reason):
            guard task.state == .done || task.state == .cancelled else {
                throw task.state == .open ? .refused("\(task.id) is already open; there is nothing to reopen") : stateRefusal(task, wanted: "reopen")
            }
            guard task.owner.caseInsensitiveEquals(actor) else {
                throw .refused("\(task.id) is owned by \(task.owner); only the owner can reopen it")
            }
            document.setField("state", to: TaskState.open.rawValue)
            appendLog(&document, heading + "reopen by \(task.owner)", labelled("Reason", reason))
            return edit(document, task.owner, task.owner, task.stage, task.stage)

        case .reassign(let receiver, let reason):
            guard member.admin else {
                throw .refused("only an admin can reassign \(task.id); ask one, or have \(task.owner) offer it")
            }
            guard let target = workflow.member(receiver) else {
                throw .refused("\(receiver) is not a member of this workflow; add them first with 'handoff member add'")
            }
            guard target.stages.contains(task.stage) else {
                throw .refused("\(target.email) does not work in stage \(task.stage); add the stage to them first")
            }
            guard !reason.trimmed.isEmpty else { throw .refused("say why with --reason TEXT; a reassignment is recorded as such") }
            document.setField("owner", to: target.email)
            if task.state == .offered { document.setField("state", to: TaskState.open.rawValue) }
            document.removeField("offer")
            appendLog(&document, heading + "reassign by \(member.email): \(task.owner) → \(target.email)", "Reason: \(reason.trimmed)")
            return edit(document, task.owner, target.email, task.stage, task.stage)
        }
    }

    /// The heading under which every handoff event is logged in a task's body.
    public static let logHeading = "## Handoff log"

    private static func appendLog(_ document: inout TaskDocument, _ heading: String, _ details: String) {
        if !document.bodyHasLine(logHeading) { document.appendToBody(logHeading + "\n") }
        document.appendToBody(details.isEmpty ? heading + "\n" : heading + "\n\n" + details + "\n")
    }

    /// "Label: text" for an optional text; empty when it is absent or blank.
    private static func labelled(_ label: String, _ text: String?) -> String {
        guard let text = text?.trimmed, !text.isEmpty else { return "" }
        return "\(label): \(text)"
    }

    private static func pendingOffer(_ task: HandoffTask, receiverMustBe actor: String, action: String) throws(HandoffError) -> Offer {
        guard let offer = task.offer else { throw stateRefusal(task, wanted: action) }
        guard offer.to.caseInsensitiveEquals(actor) else {
            throw .refused("\(task.id) is offered to \(offer.to); only \(offer.to) can \(action) it")
        }
        return offer
    }

    private static func stateRefusal(_ task: HandoffTask, wanted action: String) -> HandoffError {
        switch task.state {
        case .offered:
            let offer = task.offer.map { " to \($0.to)" } ?? ""
            return .refused("\(task.id) is already offered\(offer); it must be accepted, declined or withdrawn before you \(action) it")
        case .open:
            return .refused("\(task.id) has no pending offer; there is nothing to \(action)")
        case .done, .cancelled:
            return .refused("\(task.id) is \(task.state.rawValue); reopen it before you \(action) it")
        }
    }

    private static func edit(
        _ document: TaskDocument, _ from: String, _ to: String, _ fromStage: String, _ toStage: String
    ) -> EditedTask {
        EditedTask(document: document, fromPerson: from, toPerson: to, fromStage: fromStage, toStage: toStage)
    }
}

/// A task file as an operation wrote it, with who and where it moved between; not yet parsed back.
struct EditedTask {
    let document: TaskDocument
    let fromPerson: String
    let toPerson: String
    let fromStage: String
    let toStage: String
}

extension String {
    var trimmed: String { trimmedOfWhitespaceAndNewlines }
}
