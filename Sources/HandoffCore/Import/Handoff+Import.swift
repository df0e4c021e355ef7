import GitKit
import HandoffModel
import HandoffStore

/// One task to import from another tracker.
public struct TaskImport: Sendable {
    /// What the task is, as `handoff new` takes it.
    public var request: NewTaskRequest
    /// When it was created where it comes from; decides its month folder. Defaults to now.
    public var created: Timestamp?

    /// A task to import, created at `created`.
    public init(_ request: NewTaskRequest, created: Timestamp? = nil) {
        self.request = request
        self.created = created
    }
}

extension Handoff {
    /// Creates many tasks in one signed commit, as when a team moves from another tracker.
    /// Only an admin may import; every task is checked as `new` checks one, and nothing is
    /// written unless all of them pass.
    /// - Returns: the new tasks, in the order given, and the commit.
    /// - Throws: `HandoffError.usage` naming the first bad entry (numbered from 1), `.refused` when
    ///   the caller is not an admin or an owner does not fit a stage.
    public func importTasks(_ imports: [TaskImport]) throws(HandoffError) -> (tasks: [HandoffTask], commit: ObjectID) {
        guard !imports.isEmpty else { throw .usage("nothing to import") }
        for (number, entry) in imports.enumerated() {
            do {
                try TaskDraft.validate(entry.request)
            } catch {
                throw .usage("task \(number + 1): \(error.message)")
            }
        }
        let workspace = try Workspace(context: context)
        let snapshot = try workspace.snapshot()
        let identity = try workspace.identity()
        let draft = try TaskDraft(snapshot: snapshot, creator: identity.email)
        guard draft.workflow.isAdmin(identity.email) else {
            throw .refused("only an admin may import tasks; \(identity.email) is not one")
        }
        var taken = Set(try snapshot.taskLocations().map(\.id))
        var tasks = [HandoffTask]()
        var changes = [FileChange]()
        tasks.reserveCapacity(imports.count)
        changes.reserveCapacity(imports.count)
        for (number, entry) in imports.enumerated() {
            let id = TaskID.generate(prefix: draft.workflow.prefix, existing: taken)
            taken.insert(id)
            do {
                let (task, document) = try draft.make(entry.request, id: id, created: entry.created ?? identity.time)
                tasks.append(task)
                changes.append(FileChange(path: document.path, contents: document.bytes))
            } catch {
                throw HandoffError(error.kind, "task \(number + 1): \(error.message)", cause: error.cause)
            }
        }
        let noun = tasks.count == 1 ? "task" : "tasks"
        let message = CommitMessage(
            subject: "handoff: import \(tasks.count) \(noun)", body: "Imported by \(identity.email).",
            trailers: [(.action, Action.import.rawValue), (.from, identity.email), (.count, String(tasks.count))])
        let commit = try CommitWriter(workspace: workspace).commit(
            changes, message: message, branch: snapshot.branch, parent: snapshot.tip,
            identity: identity, signer: try workspace.signer())
        return (tasks, commit)
    }
}
