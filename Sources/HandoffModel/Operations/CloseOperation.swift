/// `close`: the owner finishes an open task.
public struct CloseOperation: OperationRules, Equatable {
    /// How it ended, when the owner says.
    public let resolution: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard task.state == .open else { throw OperationText.stateRefusal(task, wanted: .close) }
        guard task.owner.caseInsensitiveEquals(member.email) else {
            throw .refused("\(task.id) is owned by \(task.owner); only the owner can close it")
        }
        document.setField("state", to: TaskState.done.rawValue)
        return OperationEdit(
            summary: "close by \(task.owner)", details: OperationText.labelled("Resolution", resolution),
            fromPerson: task.owner, toPerson: task.owner, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        resolution = entry.text(labelled: "Resolution")
    }

    init(resolution: String?) {
        self.resolution = resolution
    }
}

extension TaskOperation {
    /// The owner finishes the task.
    public static func close(resolution: String?) -> TaskOperation {
        .close(CloseOperation(resolution: resolution))
    }
}
