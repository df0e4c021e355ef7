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
        let snapshot = try workspace.snapshot()
        let workflow = try snapshot.workflow()
        let tasks = try list()
        let events = try HistoryReader(repository: workspace.repository, environment: context.environment)
            .events(detail: .trailers)
        let takes = try readbackTakes(of: events, in: snapshot, workflow: workflow, tasks: tasks)
        let builder = ReportBuilder(workflow: workflow, now: context.now(), since: since, staleAfter: workflow.staleAfter)
        return ReportContents(
            report: builder.report(events: events, tasks: tasks.map(\.task), takes: takes), tasks: tasks, events: events, stages: workflow.stages)
    }

    /// The accepts and claims of each task that was taken along a transition with a read-back
    /// checklist, measured against their briefs. Only those tasks' files are read: a workflow
    /// without checklists reads none.
    private func readbackTakes(
        of events: [HandoffEvent], in snapshot: Snapshot, workflow: Workflow, tasks: [TaskEntry]
    ) throws(HandoffError) -> [String: [ReadbackTake]] {
        var checked = Set<String>()
        for event in events {
            guard let task = event.task, event.recordedAction == .operation(.accept) || event.recordedAction == .operation(.claim),
                let from = event.fromStage, let to = event.toStage, !workflow.readbackChecklist(from: from, to: to).isEmpty
            else { continue }
            checked.insert(task)
        }
        guard !checked.isEmpty else { return [:] }
        var takes = [String: [ReadbackTake]]()
        for entry in tasks where checked.contains(entry.task.id) {
            let document = try snapshot.document(at: try snapshot.locate(entry.task.id))
            takes[entry.task.id] = document.readbackTakes { from, to in workflow.readbackChecklist(from: from, to: to) }
        }
        return takes
    }
}
