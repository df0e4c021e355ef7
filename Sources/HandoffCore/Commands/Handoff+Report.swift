import HandoffModel
import HandoffStore

/// What a report is made from, and the report: the HTML page shows all three.
public struct ReportContents: Sendable {
    /// The numbers.
    public let report: HandoffReport
    /// The current tasks, sorted by ID.
    public let tasks: [TaskEntry]
    /// Every handoff event of the branch, oldest first (trailers only; signatures unchecked).
    public let events: [HandoffEvent]
    /// The workflow's stages, in order.
    public let stages: [String]
}

extension Handoff {
    /// Handoff latency, declines, time in stage, WIP, stale offers and waiting customers of the
    /// current branch, from its history and its tasks. Outcomes before `since` (seconds) are not
    /// counted; pending offers and WIP are always the current ones.
    /// - Throws: `HandoffError` when the repository, its workflow or a task file cannot be read.
    public func report(since: Int64? = nil) throws(HandoffError) -> ReportContents {
        let workspace = try Workspace(context: context)
        let workflow = try workspace.snapshot().workflow()
        let tasks = try list()
        let events = try HistoryReader(repository: workspace.repository, environment: context.environment)
            .events(detail: .trailers)
        let builder = ReportBuilder(workflow: workflow, now: context.now(), since: since, staleAfter: workflow.staleAfter)
        return ReportContents(
            report: builder.report(events: events, tasks: tasks.map(\.task)), tasks: tasks, events: events, stages: workflow.stages)
    }
}
