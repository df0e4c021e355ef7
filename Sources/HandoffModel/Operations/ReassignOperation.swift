/// `reassign`: an admin gives a task to another member of its stage, e.g. when its owner is
/// gone; a pending offer ends with it.
public struct ReassignOperation: OperationRules, Equatable {
    /// The new owner.
    public let receiver: String
    /// Why; a reassignment is always recorded as such.
    public let reason: String

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard member.admin else {
            // Said to the person who asked: the owner is told what they can do themselves.
            let instead = member.email.caseInsensitiveEquals(task.owner)
                ? "offer it yourself ('handoff offer \(task.id) --to EMAIL')" : "ask \(task.owner) to offer it"
            throw .refused("only an admin can reassign \(task.id); ask one, or \(instead)")
        }
        guard let target = workflow.member(receiver) else {
            throw .refused("\(receiver) is not a member of this workflow; add them first with 'handoff member add'")
        }
        guard target.stages.contains(task.stage) else {
            throw .refused("\(target.email) does not work in stage \(task.stage); add the stage to them first (handoff member edit \(target.email) --add-stage \(task.stage))")
        }
        guard !reason.trimmed.isEmpty else { throw .refused("say why with --reason TEXT; a reassignment is recorded as such") }
        document.setField("owner", to: target.email)
        if task.state == .offered { document.setField("state", to: TaskState.open.rawValue) }
        document.removeField("offer")
        return OperationEdit(
            summary: "reassign by \(member.email): \(task.owner) → \(target.email)", details: OperationText.labelled("Reason", reason),
            fromPerson: task.owner, toPerson: target.email, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        guard let receiver = entry.receiver else { return nil }
        self.init(receiver: receiver, reason: entry.text(labelled: "Reason") ?? "")
    }

    init(receiver: String, reason: String) {
        self.receiver = receiver
        self.reason = reason
    }
}

extension TaskOperation {
    /// An admin gives the task to `to`, saying why.
    public static func reassign(to receiver: String, reason: String) -> TaskOperation {
        .reassign(ReassignOperation(receiver: receiver, reason: reason))
    }
}
