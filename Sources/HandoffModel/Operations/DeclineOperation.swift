/// `decline`: the receiver of a pending offer refuses it, saying why; the sender keeps the task.
public struct DeclineOperation: OperationRules, Equatable {
    /// Why the receiver declines.
    public let reason: String

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        let offer = try OperationText.pendingOffer(task, receiverMustBe: member.email, action: .decline)
        guard !reason.trimmed.isEmpty else { throw .refused("say why you decline with --reason TEXT") }
        document.setField("state", to: TaskState.open.rawValue)
        document.removeField("offer")
        return OperationEdit(
            summary: "decline by \(offer.to) (stays with \(offer.from))", details: OperationText.labelled("Reason", reason),
            fromPerson: offer.to, toPerson: offer.from, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        reason = entry.text(labelled: "Reason") ?? ""
    }

    init(reason: String) {
        self.reason = reason
    }
}

extension TaskOperation {
    /// The receiver refuses the offer, saying why; the sender keeps the task.
    public static func decline(reason: String) -> TaskOperation {
        .decline(DeclineOperation(reason: reason))
    }
}
