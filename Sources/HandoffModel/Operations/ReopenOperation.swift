/// `reopen`: the owner opens a finished or cancelled task again.
public struct ReopenOperation: OperationRules, Equatable {
    /// Why, when the owner says.
    public let reason: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard task.state == .done || task.state == .cancelled else {
            throw task.state == .open ? .refused("\(task.id) is already open; there is nothing to reopen") : OperationText.stateRefusal(task, wanted: .reopen)
        }
        guard task.owner.caseInsensitiveEquals(member.email) else {
            throw .refused("\(task.id) is owned by \(task.owner); only the owner can reopen it")
        }
        document.setField("state", to: TaskState.open.rawValue)
        return OperationEdit(
            summary: "reopen by \(task.owner)", details: OperationText.labelled("Reason", reason),
            fromPerson: task.owner, toPerson: task.owner, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        reason = entry.text(labelled: "Reason")
    }

    init(reason: String?) {
        self.reason = reason
    }
}

extension TaskOperation {
    /// The owner opens a finished or cancelled task again.
    public static func reopen(reason: String?) -> TaskOperation {
        .reopen(ReopenOperation(reason: reason))
    }
}
