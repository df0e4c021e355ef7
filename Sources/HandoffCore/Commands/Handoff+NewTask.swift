import GitKit

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
    /// Fields only the tool writes; `--field` cannot set them.
    static let protectedFields: Set<String> = ["id", "title", "stage", "owner", "state", "offer", "created"]

    /// Creates `tasks/<YYYY-MM>/<ID>.md` from the template in one signed commit.
    /// - Returns: the new task.
    /// - Throws: `HandoffError.usage` for a bad field, `.refused` when the owner does not work in the stage.
    public func newTask(_ request: NewTaskRequest) throws(HandoffError) -> (task: HandoffTask, commit: ObjectID) {
        let title = request.title.trimmed
        guard !title.isEmpty, !title.contains(where: \.isNewline) else {
            throw .usage("the title must be one non-empty line")
        }
        if let due = request.due, !Self.isCalendarDate(due) {
            throw .usage("--due takes a date as YYYY-MM-DD, e.g. 2026-12-01; got '\(due)'")
        }
        for (key, _) in request.fields {
            guard !Self.protectedFields.contains(key), key != "labels", key != "priority", key != "due" else {
                throw .usage("--field cannot set '\(key)'; use the command's own option or the handoff command that changes it")
            }
            guard Self.isValidFieldName(key) else {
                throw .usage("field name '\(key)' must be letters, digits, '_' or '-'")
            }
        }
        let workspace = try Workspace(context: context)
        let snapshot = try workspace.snapshot()
        let workflow = try snapshot.workflow()
        let identity = try workspace.identity()
        guard let creator = workflow.member(identity.email) else {
            throw .refused("\(identity.email) is not a member of this workflow; ask an admin to run 'handoff member add \(identity.email) --key KEY'")
        }
        let owner = try request.owner.map { email throws(HandoffError) in
            guard let member = workflow.member(email) else { throw .refused("\(email) is not a member of this workflow") }
            return member
        } ?? creator
        let stage = request.stage ?? owner.stages.first ?? workflow.stages[0]
        guard workflow.stages.contains(stage) else {
            throw .usage("stage '\(stage)' is not in the workflow (\(workflow.stages.joined(separator: ", ")))")
        }
        guard owner.stages.contains(stage) else {
            throw .refused("\(owner.email) does not work in stage \(stage); pick --stage from \(owner.stages.joined(separator: ", "))")
        }
        let existing = Set(try snapshot.taskLocations().map(\.id))
        let id = TaskID.generate(prefix: workflow.prefix, existing: existing)
        let created = identity.time
        let path = TaskLocation.path(id: id, month: created.monthFolder)
        let template = try snapshot.fileText("\(PolicyFiles.templates)/task.md") ?? Templates.task
        let text = Templates.fill(template, [
            "id": id, "title": YAMLScalar.render(title, preferring: .plain), "stage": stage,
            "owner": owner.email, "priority": YAMLScalar.render(request.priority ?? "normal", preferring: .plain),
            "created": created.iso8601,
        ])
        var document = try TaskDocument(bytes: Array(text.utf8), path: path)
        if let due = request.due { document.setField("due", to: due) }
        for (key, value) in request.fields { document.setField(key, to: value) }
        if !request.labels.isEmpty { document.setFlowList("labels", to: request.labels) }
        let task = try HandoffTask(document: document)
        guard task.id == id, task.owner == owner.email, task.stage == stage, task.state == .open else {
            throw .invalidFile("\(PolicyFiles.templates)/task.md", "does not produce a valid task; keep its id, stage, owner and state lines")
        }
        let message = CommitMessage(
            subject: "handoff: new \(id) (\(stage))", body: title,
            trailers: [("Handoff-Task", id), ("Handoff-Action", "new"), ("Handoff-From", identity.email),
                       ("Handoff-To", owner.email), ("Handoff-From-Stage", stage), ("Handoff-To-Stage", stage)])
        let commit = try CommitWriter(workspace: workspace).commit(
            [FileChange(path: path, contents: document.bytes)], message: message, branch: snapshot.branch,
            parent: snapshot.tip, identity: identity, signer: try workspace.signer())
        return (task, commit)
    }

    /// True for a real calendar date written YYYY-MM-DD.
    static func isCalendarDate(_ text: String) -> Bool {
        guard text.count == 10, let parsed = Timestamp(iso8601: text + "T00:00:00Z") else { return false }
        return parsed.iso8601.hasPrefix(text)
    }

    static func isValidFieldName(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 64 && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
    }
}
