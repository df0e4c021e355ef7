/// `note`: any member adds a dated note to a task's log, in any state.
public struct NoteOperation: OperationRules, Equatable {
    /// The note.
    public let text: String

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard !text.trimmed.isEmpty else { throw .refused("the note is empty; pass the text with -m TEXT") }
        return OperationEdit(
            summary: "note by \(member.email)", details: text.trimmed,
            fromPerson: member.email, toPerson: member.email, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        text = entry.details
    }

    init(text: String) {
        self.text = text
    }
}

extension TaskOperation {
    /// Any member adds a dated note.
    public static func note(text: String) -> TaskOperation {
        .note(NoteOperation(text: text))
    }
}
