/// A task and where it lives, as `list` and `show` report it.
public struct TaskEntry: Sendable {
    /// The parsed task.
    public let task: HandoffTask
    /// Its path in the repository.
    public let path: String

    /// The task `task`, read from `path`.
    package init(task: HandoffTask, path: String) {
        self.task = task
        self.path = path
    }
}
