import Foundation

/// The rules of SPEC §3–§4 for one task: applies an operation's own rules (its file in this
/// folder) and writes its entry in the task's log. Pure: the same inputs always give the same
/// file, so history can be re-checked by recomputing it.
public enum TaskTransitions {
    /// Applies `operation` by `actor` at `time` to the task in `document`.
    /// - Throws: `HandoffError.refused` saying who may do it instead, or `.invalidFile` when the
    ///   task file is malformed.
    public static func apply(
        _ operation: TaskOperation, to document: TaskDocument, workflow: Workflow,
        actor: String, at time: Timestamp
    ) throws(HandoffError) -> OperationOutcome {
        let (written, edit) = try edited(operation, to: document, task: nil, workflow: workflow, actor: actor, at: time)
        try written.checkSize(after: "this \(operation.action)")
        return OperationOutcome(
            document: written, task: try HandoffTask(document: written), fromPerson: edit.fromPerson,
            toPerson: edit.toPerson, fromStage: edit.fromStage, toStage: edit.toStage)
    }

    /// What `apply` writes, before the new file is parsed back. `verify` compares these bytes with
    /// the commit's file first: a file that equals one that parsed needs no second parse.
    /// `parsed` is the task `document` states when the caller read it already.
    /// - Throws: as `apply`, except that a result that does not parse is not detected here.
    package static func edited(
        _ operation: TaskOperation, to document: TaskDocument, task parsed: HandoffTask?, workflow: Workflow,
        actor: String, at time: Timestamp
    ) throws(HandoffError) -> (document: TaskDocument, edit: OperationEdit) {
        let task: HandoffTask
        if let parsed { task = parsed } else { task = try HandoffTask(document: document) }
        guard let member = workflow.member(actor) else {
            throw .refused("\(actor) is not a member of this workflow; \(MemberAddress.advice(forNonMember: actor))")
        }
        var document = document
        let edit = try operation.rules.edit(&document, of: task, by: member, in: workflow, at: time)
        // A '### ' line is how the log starts an entry: in the text it would read back as one.
        if let line = edit.details.split(separator: "\n").first(where: { $0.hasPrefix("### ") }) {
            throw .refused("the text has a line starting '### ' (\"\(line.prefix(40))\"), which the task's log would read as a new entry; make it '#### ' or indent it")
        }
        let heading = "### \(time.logHeading) — " + edit.summary
        if !document.bodyHasLine(logHeading) { document.appendToBody(logHeading + "\n") }
        document.appendToBody(edit.details.isEmpty ? heading + "\n" : heading + "\n\n" + edit.details + "\n")
        return (document, edit)
    }

    /// The heading under which every handoff event is logged in a task's body.
    public static let logHeading = "## Handoff log"
}

extension String {
    package var trimmed: String { trimmedOfWhitespaceAndNewlines }
}
