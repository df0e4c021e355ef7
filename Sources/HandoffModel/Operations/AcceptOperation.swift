/// `accept`: the receiver of a pending offer takes the task into the offered stage, restating
/// the brief in a read-back (required when the workflow says so).
public struct AcceptOperation: OperationRules, Equatable {
    /// What the receiver understood, in their words.
    public let readback: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        if let offer = task.offer, offer.awaitsApproval { throw OperationText.awaitingApproval(task, offer, in: workflow) }
        let offer = try OperationText.pendingOffer(task, receiverMustBe: member.email, action: .accept)
        return try OperationText.take(offer, of: task, by: offer.to, readback: readback, verb: .accept, in: workflow, document: &document)
    }

    init?(recorded entry: RecordedEntry) {
        readback = entry.text(after: OperationText.readbackHeading)
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
