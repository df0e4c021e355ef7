import GitKit
import HandoffModel

/// A handoff commit that has just landed on a branch, with the task as it was before and after:
/// what every consumer of "a handoff landed" needs (the server's notifications, a clone's
/// "new for you" after a sync). Read by `HistoryReader.landed(from:to:)`, the one place that
/// turns newly landed commits into events, wherever they landed.
public struct LandedEvent: Sendable {
    /// The event as `log` shows it: actor, people, stages, the text it added, the signature.
    public let event: HandoffEvent
    /// The operation, for the commits of task operations (nil for `new`, policy changes, …).
    public var kind: TaskOperation.Kind? {
        if case .operation(let kind) = event.recordedAction { return kind }
        return nil
    }
    /// The task after the commit; nil when its file is gone or cannot be read.
    public let task: HandoffTask?
    /// The task before the commit (its first parent's version); nil for a new task.
    public let before: HandoffTask?

    /// The event of a commit, with the task around it.
    package init(event: HandoffEvent, task: HandoffTask?, before: HandoffTask?) {
        self.event = event
        self.task = task
        self.before = before
    }

    /// How many sign-offs the task still waits for after this event under `workflow`'s
    /// `approvals`; 0 when nothing waits (it moved, or needs no more).
    public func remainingSignOffs(_ workflow: Workflow) -> Int {
        task.map(workflow.remainingSignOffs) ?? 0
    }

    /// When the pending offer this event answers or withdraws was made (seconds since 1970).
    public var offeredAt: Int64? {
        before?.offer?.offeredAt
    }
}

extension HistoryReader {
    /// The handoff commits that `new` brings over `old` (nil: its whole history), oldest first,
    /// each with its task before and after. Commits without a `Handoff-Action` trailer (hand
    /// edits, merges) are not events of their own and are left out.
    /// - Throws: `HandoffError` when history cannot be read.
    /// `including` picks, from a commit's trailers, the commits worth reading whole (the
    /// trees, the policy and the signature are read only for those).
    package func landed(from old: ObjectID?, to new: ObjectID, including: (RawCommit) -> Bool = { _ in true }) throws(HandoffError) -> [LandedEvent] {
        let ids = try git({ () throws(GitError) in try repository.commits(from: new, hiding: old.map { [$0] } ?? []) })
        var landed = [LandedEvent]()
        for id in ids {
            let commit = try RawCommit(id: id, bytes: try git({ () throws(GitError) in try repository.rawObject(id) }))
            guard let action = commit.trailerValues(.action).first, Action(rawValue: action) != nil, including(commit) else { continue }
            let parentTree = try commit.parents.first.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
            let path = try commit.trailerValues(.task).first == nil ? nil
                : TreeChanges.between(parentTree, commit.tree, under: [TaskLocation.root], in: repository)
                    .first { HandEditRules.isTaskPath($0.path) }?.path
            let event = try event(commit, action: action, path: path)
            landed.append(LandedEvent(
                event: event, task: try path.flatMap { path throws(HandoffError) in try task(at: path, tree: commit.tree) },
                before: try path.flatMap { path throws(HandoffError) in try parentTree.flatMap { tree throws(HandoffError) in try task(at: path, tree: tree) } }))
        }
        return landed
    }

    /// The task in file `path` of `tree`; nil when there is none or it cannot be read.
    private func task(at path: String, tree: ObjectID) throws(HandoffError) -> HandoffTask? {
        guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
        let bytes = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
        return (try? TaskDocument(bytes: bytes, path: path)).flatMap { try? HandoffTask(document: $0) }
    }
}

extension HistoryReader {
    /// The workflow of commit `id`'s tree; nil when it has none.
    /// - Throws: `HandoffError` when it cannot be read or is malformed.
    package func workflow(at id: ObjectID) throws(HandoffError) -> Workflow? {
        let tree = try git({ () throws(GitError) in try repository.commit(id).tree })
        return try Policy.read(tree: tree, repository: repository)?.workflow
    }
}
