/// `claim`: a member of the stage a queue offer goes to takes the task, as `accept` takes an
/// offer made to them, restating the brief in a read-back (required when the workflow says so).
/// The first claim to land wins: the branch moves by compare-and-swap, and a claim on a task no
/// longer offered is refused.
public struct ClaimOperation: OperationRules, Equatable {
    /// What the claimer understood, in their words.
    public let readback: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard let offer = task.offer else {
            // Most often another member's claim landed first: say who has it.
            if task.state == .open { throw .refused("\(task.id) is no longer offered: \(task.owner) holds it (stage \(task.stage))") }
            throw OperationText.stateRefusal(task, wanted: .claim)
        }
        if offer.awaitsApproval { throw OperationText.awaitingApproval(task, offer, in: workflow) }
        guard let queue = offer.queueStage else {
            throw .refused("\(task.id) is offered to \(offer.to), not to a queue; only \(offer.to) can accept it")
        }
        guard member.stages.contains(queue) else {
            throw .refused("\(task.id) waits in the \(queue) queue; only members of \(queue) can claim it")
        }
        guard !member.email.caseInsensitiveEquals(offer.from) else {
            throw .refused("you offered \(task.id) to the \(queue) queue; withdraw it instead of claiming it")
        }
        return try OperationText.take(offer, of: task, by: member.email, readback: readback, verb: .claim, in: workflow, document: &document)
    }

    init?(recorded entry: RecordedEntry) {
        readback = entry.text(after: OperationText.readbackHeading)
    }

    init(readback: String?) {
        self.readback = readback
    }
}

extension TaskOperation {
    /// A member of the queue's stage takes a task offered to the queue, restating the brief in `readback`.
    public static func claim(readback: String?) -> TaskOperation {
        .claim(ClaimOperation(readback: readback))
    }
}
