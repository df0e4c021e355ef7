import HandoffModel
import HandoffStore

extension Handoff {
    /// The chain of custody of one task, oldest first.
    /// - Throws: `HandoffError` when no single task matches `query` or history cannot be read.
    public func log(_ query: String) throws(HandoffError) -> (task: HandoffTask, events: [HandoffEvent]) {
        let workspace = try Workspace(context: context)
        let (location, document) = try workspace.snapshot().task(query)
        let events = try HistoryReader(repository: workspace.repository, environment: context.environment).events(of: location)
        return (try HandoffTask(document: document), events)
    }

    /// Every handoff event of the current branch, oldest first, optionally from `since` (seconds).
    /// - Throws: `HandoffError` when history cannot be read.
    public func audit(since: Int64? = nil) throws(HandoffError) -> [HandoffEvent] {
        let workspace = try Workspace(context: context)
        return try HistoryReader(repository: workspace.repository, environment: context.environment).events(since: since)
    }
}
