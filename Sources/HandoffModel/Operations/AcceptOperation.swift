/// `accept`: the receiver of a pending offer takes the task into the offered stage, restating
/// the brief in a read-back (required when the workflow says so).
public struct AcceptOperation: OperationRules, Equatable {
    /// What the receiver understood, in their words.
    public let readback: String?

    /// The line that starts the read-back under the log heading.
    private static let readbackHeading = "#### Read-back\n"

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        let offer = try OperationText.pendingOffer(task, receiverMustBe: member.email, action: .accept)
        let text = readback?.trimmed ?? ""
        if workflow.readbackRequired && text.isEmpty {
            throw .refused("this workflow requires a read-back; accept with --readback 'what you understood, in your words'")
        }
        document.setField("owner", to: offer.to)
        document.setField("stage", to: offer.stage)
        document.setField("state", to: TaskState.open.rawValue)
        document.removeField("offer")
        return OperationEdit(
            summary: "accept by \(offer.to) (\(task.stage) → \(offer.stage))", details: text.isEmpty ? "" : Self.readbackHeading + text,
            fromPerson: offer.from, toPerson: offer.to, fromStage: task.stage, toStage: offer.stage)
    }

    init?(recorded entry: RecordedEntry) {
        readback = entry.text(after: Self.readbackHeading)
    }

    init(readback: String?) {
        self.readback = readback
    }
}

extension TaskOperation {
    /// The receiver takes the task, restating the brief in `readback`.
    public static func accept(readback: String?) -> TaskOperation {
        .accept(AcceptOperation(readback: readback))
    }
}
