/// Which tasks `list` shows.
public struct TaskFilter: Sendable {
    /// Only tasks owned by this email.
    public var owner: String?
    /// Only tasks in this stage.
    public var stage: String?
    /// Only tasks in this state.
    public var state: TaskState?
    /// Only tasks offered to this email.
    public var offeredTo: String?
    /// Only offers older than this many seconds.
    public var staleAfter: Int?
    /// Only open or offered tasks whose `due` date (YYYY-MM-DD, UTC) has passed.
    public var overdue: Bool

    /// A filter; nil fields match everything.
    public init(owner: String? = nil, stage: String? = nil, state: TaskState? = nil, offeredTo: String? = nil, staleAfter: Int? = nil, overdue: Bool = false) {
        self.owner = owner
        self.stage = stage
        self.state = state
        self.offeredTo = offeredTo
        self.staleAfter = staleAfter
        self.overdue = overdue
    }

    /// True when `task` is still open or offered after the end (UTC) of its `due` day.
    package static func isOverdue(_ task: HandoffTask, now: Int64) -> Bool {
        guard task.state == .open || task.state == .offered, let due = task.fields["due"],
            let end = Timestamp(iso8601: due + "T23:59:59Z")
        else { return false }
        return now > end.seconds
    }

    package func matches(_ task: HandoffTask, now: Int64) -> Bool {
        if let owner, !task.owner.caseInsensitiveEquals(owner) { return false }
        if let stage, task.stage != stage { return false }
        if let state, task.state != state { return false }
        if let offeredTo, !task.isOffered(to: offeredTo) { return false }
        if overdue && !Self.isOverdue(task, now: now) { return false }
        if let staleAfter {
            guard let at = task.offer?.offeredAt, now - at >= Int64(staleAfter) else { return false }
        }
        return true
    }
}
