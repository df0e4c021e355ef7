/// `approve`: on a transition that needs several sign-offs (`approvals: N`), a member of the
/// target stage other than the offerer and those who signed already adds theirs to an offer its
/// receiver has accepted. The sign-off that reaches N moves the task to the receiver; until
/// then it stays with the offerer. Each sign-off is its own signed commit, so four eyes are
/// two keys.
public struct ApproveOperation: OperationRules, Equatable {
    /// What the approver says, if anything.
    public let comment: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard let offer = task.offer else { throw OperationText.stateRefusal(task, wanted: .approve) }
        guard offer.awaitsApproval else {
            let receiver = offer.queueStage.map { "a member of the \($0) queue" } ?? offer.to
            throw .refused("\(task.id) waits for \(receiver) to take it first; sign-offs come after the receiver's accept or claim")
        }
        guard member.stages.contains(offer.stage) else {
            throw .refused("only members of \(offer.stage) can approve handing \(task.id) into it; you work in \(member.stages.isEmpty ? "no stage" : member.stages.joined(separator: ", "))")
        }
        guard !member.email.caseInsensitiveEquals(offer.from) else {
            throw .refused("you offered \(task.id); its sign-offs must come from others")
        }
        guard !offer.approvedBy.contains(where: { $0.caseInsensitiveEquals(member.email) }) else {
            throw .refused("you signed off on \(task.id) already, and one person counts once; it waits for another member of \(offer.stage)")
        }
        let needed = workflow.approvals(from: task.stage, to: offer.stage)
        var signed = offer
        signed.approvedBy.append(member.email)
        if signed.approvedBy.count >= needed {
            OperationText.transfer(offer, to: offer.to, document: &document)
        } else {
            document.setMapping("offer", to: signed.fields)
        }
        return OperationEdit(
            summary: "approve by \(member.email), \(signed.approvedBy.count) of \(needed) (\(task.stage) → \(offer.stage))",
            details: OperationText.labelled("Comment", comment),
            fromPerson: offer.from, toPerson: offer.to, fromStage: task.stage, toStage: offer.stage)
    }

    init?(recorded entry: RecordedEntry) {
        comment = entry.text(labelled: "Comment")
    }

    init(comment: String?) {
        self.comment = comment
    }
}

extension TaskOperation {
    /// A member of the target stage signs off on an accepted offer that needs several sign-offs.
    public static func approve(comment: String? = nil) -> TaskOperation {
        .approve(ApproveOperation(comment: comment))
    }
}
