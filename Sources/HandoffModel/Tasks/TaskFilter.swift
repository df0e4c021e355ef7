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

    /// A filter; nil fields match everything.
    public init(owner: String? = nil, stage: String? = nil, state: TaskState? = nil, offeredTo: String? = nil, staleAfter: Int? = nil) {
        self.owner = owner
        self.stage = stage
        self.state = state
        self.offeredTo = offeredTo
        self.staleAfter = staleAfter
    }

    package func matches(_ task: HandoffTask, now: Int64) -> Bool {
        if let owner, !task.owner.caseInsensitiveEquals(owner) { return false }
        if let stage, task.stage != stage { return false }
        if let state, task.state != state { return false }
        if let offeredTo, !task.isOffered(to: offeredTo) { return false }
        if let staleAfter {
            guard let at = task.offer.flatMap({ Timestamp(iso8601: $0.at) }), now - at.seconds >= Int64(staleAfter) else { return false }
        }
        return true
    }
}
