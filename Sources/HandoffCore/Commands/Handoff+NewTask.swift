import GitKit
import HandoffModel
import HandoffStore

/// What `handoff new` is asked to create.
public struct NewTaskRequest: Sendable {
    /// The one-line title.
    public var title: String
    /// The stage; defaults to the first stage the creator works in.
    public var stage: String?
    /// The owner's email; defaults to the creator.
    public var owner: String?
    /// low, normal, high, urgent…; defaults to normal.
    public var priority: String?
    /// A due date (YYYY-MM-DD).
    public var due: String?
    /// Labels.
    public var labels: [String]
    /// Extra fields (customer, contact, …) as key and value.
    public var fields: [(String, String)]

    /// A request for a task titled `title`.
    public init(title: String, stage: String? = nil, owner: String? = nil, priority: String? = nil,
                due: String? = nil, labels: [String] = [], fields: [(String, String)] = []) {
        self.title = title
        self.stage = stage
        self.owner = owner
        self.priority = priority
        self.due = due
        self.labels = labels
        self.fields = fields
    }
}

extension Handoff {
    /// Creates `tasks/<YYYY-MM>/<ID>.md` from the template in one signed commit.
    /// - Returns: the new task.
    /// - Throws: `HandoffError.usage` for a bad field, `.refused` when the owner does not work in the stage.
    public func newTask(_ request: NewTaskRequest) throws(HandoffError) -> (task: HandoffTask, commit: ObjectID) {
        try TaskDraft.validate(request)
        let workspace = try Workspace(context: context)
        let identity = try workspace.identity()
        let landed = try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) {
            (snapshot: Snapshot) throws(HandoffError) -> (PlannedCommit, HandoffTask) in
            let draft = try TaskDraft(snapshot: snapshot, creator: identity.email)
            let existing = Set(try snapshot.taskLocations().map(\.id))
            let id = TaskID.generate(prefix: draft.workflow.prefix, existing: existing)
            let (task, document) = try draft.make(request, id: id, created: identity.time)
            try document.checkSize(after: "this task's title and fields")
            let message = CommitMessage(
                subject: "handoff: new \(id) (\(task.stage))", body: task.title,
                trailers: [(.task, id), (.action, Action.new.rawValue), (.from, identity.email),
                           (.to, task.owner), (.fromStage, task.stage), (.toStage, task.stage)])
            return (PlannedCommit(changes: [FileChange(path: document.path, contents: document.bytes)], message: message), task)
        }
        return (landed.result, landed.commit)
    }
}

extension TaskDraft {
    /// A draft for tasks created by `creator` in the workflow and with the template of `snapshot`.
    /// - Throws: `HandoffError.refused` when the creator is not a member.
    init(snapshot: Snapshot, creator email: String) throws(HandoffError) {
        let workflow = try snapshot.workflow()
        guard let creator = workflow.member(email) else {
            throw .refused("\(email) is not a member of this workflow; \(MemberAddress.advice(forNonMember: email))")
        }
        self.init(workflow: workflow, template: try snapshot.fileText("\(PolicyFiles.templates)/task.md") ?? Templates.task, creator: creator)
    }
}
