/// `offer`: the owner (or an admin) offers an open task to a member of the target stage, along a
/// transition of the workflow, with a brief that has the sections the transition requires.
public struct OfferOperation: OperationRules, Equatable {
    /// Who is offered the task.
    public let receiver: String
    /// The stage the task moves into on acceptance.
    public let stage: String
    /// The structured brief.
    public let brief: Brief
    /// When the offerer needs an answer by (UTC, ISO 8601); nil: the transition's response time.
    public let respondBy: String?

    func edit(_ document: inout TaskDocument, of task: HandoffTask, by member: Workflow.Member, in workflow: Workflow, at time: Timestamp) throws(HandoffError) -> OperationEdit {
        guard task.state == .open else { throw OperationText.stateRefusal(task, wanted: .offer) }
        guard task.owner.caseInsensitiveEquals(member.email) || member.admin else {
            throw .refused("\(task.id) is owned by \(task.owner); only the owner (or an admin) can offer it")
        }
        let target = try Self.receiver(receiver, of: task, by: member, in: workflow)
        guard workflow.transition(from: task.stage, to: stage) != nil else {
            let allowed = workflow.transitions.filter { $0.from == task.stage }.map(\.to)
            throw .refused("the workflow has no transition \(task.stage) → \(stage); allowed from \(task.stage): \(allowed.isEmpty ? "none" : allowed.joined(separator: ", "))")
        }
        let to = try check(target, works: stage, owner: task.owner, in: workflow)
        let needed = workflow.approvals(from: task.stage, to: stage)
        let signers = workflow.members.count { $0.stages.contains(stage) && !$0.email.caseInsensitiveEquals(task.owner) }
        guard signers >= needed else {
            throw .refused("\(task.stage) → \(stage) needs \(needed) sign-offs by members of \(stage) other than \(task.owner), but only \(signers) could give one; ask an admin to add members to \(stage)")
        }
        let missing = brief.missingSections(workflow.requiredSections(from: task.stage, to: stage))
        guard missing.isEmpty else {
            throw .refused("the brief lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); add a '## NAME' section with text for each")
        }
        if let respondBy {
            guard let deadline = Timestamp(iso8601: respondBy), deadline.iso8601 == respondBy else {
                throw .usage("respond-by '\(respondBy)' is not a UTC time as handoff writes it; give one like 2026-12-05T14:00:00Z or a duration like 2h")
            }
            guard deadline.seconds > time.seconds else {
                throw .usage("respond-by \(respondBy) is not after the offer (\(time.iso8601)); give a later time")
            }
        }
        let offer = Offer(from: task.owner, to: to, stage: stage, at: time.iso8601, respondBy: respondBy)
        document.setField("state", to: TaskState.offered.rawValue)
        document.setMapping("offer", to: offer.fields)
        return OperationEdit(
            summary: "offer \(offer.from) → \(offer.to) (\(task.stage) → \(stage))", details: brief.logMarkdown,
            fromPerson: task.owner, toPerson: to, fromStage: task.stage, toStage: stage)
    }

    /// Who an offer to `receiver` goes to: a member other than the owner, or a stage's queue.
    /// - Throws: `HandoffError.refused` saying whom to offer to instead.
    private static func receiver(_ receiver: String, of task: HandoffTask, by actor: Workflow.Member, in workflow: Workflow) throws(HandoffError) -> Workflow.Member? {
        if Offer.queueStage(of: receiver) != nil { return nil }
        guard let target = workflow.member(receiver) else {
            throw .refused("\(receiver) is not a member of this workflow; offer to a member or ask an admin to add them")
        }
        guard !target.email.caseInsensitiveEquals(task.owner) else {
            let owner = actor.email.caseInsensitiveEquals(task.owner) ? "yours" : "owned by \(task.owner)"
            throw .refused("\(task.id) is already \(owner); offer it to someone else")
        }
        return target
    }

    /// The receiver as the task file records it, once `target` (nil: the queue this offer names)
    /// is known to take tasks into `stage`: the member's email, or `Offer.queue(stage)` when
    /// someone other than the owner works in `stage` to claim it.
    /// - Throws: `HandoffError.refused` saying whom to offer to instead.
    private func check(_ target: Workflow.Member?, works stage: String, owner: String, in workflow: Workflow) throws(HandoffError) -> String {
        guard let target else {
            let queue = Offer.queueStage(of: receiver) ?? stage
            guard queue == stage else {
                throw .refused("an offer to the \(queue) queue moves the task into \(queue), not \(stage); pass --stage \(queue)")
            }
            guard workflow.members.contains(where: { $0.stages.contains(stage) && !$0.email.caseInsensitiveEquals(owner) }) else {
                throw .refused("nobody but \(owner) works in \(stage), so nobody could claim it from the queue; ask an admin to add members to \(stage)")
            }
            return Offer.queue(stage)
        }
        guard target.stages.contains(stage) else {
            throw .refused("\(target.email) does not work in stage \(stage); offer to a member of \(stage) or ask an admin to add the stage to them (handoff member edit \(target.email) --add-stage \(stage))")
        }
        return target.email
    }

    /// Reads the brief back from the log, where its `## ` sections are written as `#### `.
    init?(recorded entry: RecordedEntry) {
        guard let receiver = entry.receiver, let stage = entry.stage else { return nil }
        // Foundation keeps "\r\n" whole when splitting at "\n", so with a carriage return
        // its split decides.
        let details = entry.details
        let lines = details.linesWithoutCarriageReturn ?? details.components(separatedBy: "\n").map { Substring($0) }
        let markdown = lines.map { $0.hasPrefix("#### ") ? "## " + $0.dropFirst(5) : String($0) }.joined(separator: "\n")
        self.init(receiver: receiver, stage: stage, brief: Brief(markdown: markdown), respondBy: entry.respondBy)
    }

    init(receiver: String, stage: String, brief: Brief, respondBy: String? = nil) {
        self.receiver = receiver
        self.stage = stage
        self.brief = brief
        self.respondBy = respondBy
    }
}

extension TaskOperation {
    /// The owner offers the task to `to`, moving it into `stage` on acceptance, to be answered
    /// by `respondBy` (UTC, ISO 8601) when given.
    public static func offer(to receiver: String, stage: String, brief: Brief, respondBy: String? = nil) -> TaskOperation {
        .offer(OfferOperation(receiver: receiver, stage: stage, brief: brief, respondBy: respondBy))
    }
}
