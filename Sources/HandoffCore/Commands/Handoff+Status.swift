import HandoffModel
import HandoffStore

/// What `handoff status` shows one person: their inbox and the team's stale offers.
public struct Status: Sendable {
    /// What waits for them, what they hold, what they offered.
    public let inbox: Inbox
    /// The team's offers older than the workflow's `stale_after`, oldest first.
    public let staleOffers: [HandoffReport.PendingOffer]
    /// That threshold, in seconds.
    public let staleAfter: Int
    /// The workflow, for each offer's response time.
    let workflow: Workflow
    /// The moment the status was taken.
    public let now: Int64

    /// How long `task`'s pending offer has waited and how long its transition allows
    /// (its `--respond-by`, else `respond_within`, else `notify.remind_after`, else `stale_after`), in seconds.
    public func wait(of task: HandoffTask) -> (waited: Int, allowed: Int)? {
        guard let offer = task.offer, let at = offer.offeredAt else { return nil }
        return (Int(now - at), workflow.responseTime(of: offer, from: task.stage))
    }
}

extension Handoff {
    /// The current user's inbox and the team's stale offers, from one read of the tasks.
    /// - Throws: `HandoffError` when the identity, workflow or tasks cannot be read.
    public func status() throws(HandoffError) -> Status {
        let workspace = try Workspace(context: context)
        let email = try workspace.identity().email
        let workflow = try workspace.snapshot().workflow()
        let entries = try list()
        let active = entries.filter { $0.task.state == .open || $0.task.state == .offered }
        let inbox = Inbox(of: email, member: workflow.member(email), among: active)
        let builder = ReportBuilder(workflow: workflow, now: context.now(), since: nil, staleAfter: workflow.staleAfter)
        let stale = active.compactMap { builder.pendingOffer($0.task) }
            .filter { $0.ageSeconds >= workflow.staleAfter }
            .sorted { ($0.offeredAt, $0.task) < ($1.offeredAt, $1.task) }
        return Status(inbox: inbox, staleOffers: stale, staleAfter: workflow.staleAfter, workflow: workflow, now: context.now())
    }
}
