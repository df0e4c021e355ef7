/// `withdraw`: the sender of a pending offer takes it back.
public struct WithdrawOperation: OperationRules, Equatable {
    /// Why, when the sender says.
    public let reason: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard let offer = task.offer else { throw OperationText.stateRefusal(task, wanted: .withdraw) }
        guard offer.from.caseInsensitiveEquals(member.email) else {
            throw .refused("\(task.id) was offered by \(offer.from); only \(offer.from) can withdraw it")
        }
        document.setField("state", to: TaskState.open.rawValue)
        document.removeField("offer")
        return OperationEdit(
            summary: "withdraw by \(offer.from) (offer to \(offer.to))", details: OperationText.labelled("Reason", reason),
            fromPerson: offer.from, toPerson: offer.to, fromStage: task.stage, toStage: task.stage)
    }

    init?(recorded entry: RecordedEntry) {
        reason = entry.text(labelled: "Reason")
    }

    init(reason: String?) {
        self.reason = reason
    }
}

extension TaskOperation {
    /// The sender takes the offer back.
    public static func withdraw(reason: String?) -> TaskOperation {
        .withdraw(WithdrawOperation(reason: reason))
    }
}
