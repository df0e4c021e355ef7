import HandoffModel
import HandoffStore

/// Turns a `NewTaskRequest` into a task file: checks the request against the workflow, then fills
/// the repository's task template. Shared by `new` (one task) and `import` (many in one commit).
struct TaskDraft {
    /// The workflow the task must fit.
    let workflow: Workflow
    /// The repository's task template (or the built-in one).
    let template: String
    /// Who creates the task; the default owner.
    let creator: Workflow.Member


    /// Checks what can be checked without the workflow: title, due date and field names.
    /// - Throws: `HandoffError.usage` naming the bad part.
    static func validate(_ request: NewTaskRequest) throws(HandoffError) {
        let title = request.title.trimmed
        guard !title.isEmpty, !title.contains(where: \.isNewline) else {
            throw .usage("the title must be one non-empty line")
        }
        if let due = request.due, !isCalendarDate(due) {
            throw .usage("--due takes a date as YYYY-MM-DD, e.g. 2026-12-01; got '\(due)'")
        }
        for (key, _) in request.fields {
            guard !TaskFields.writtenByNew.contains(key) else {
                throw .usage("--field cannot set '\(key)'; use the command's own option or the handoff command that changes it")
            }
            guard isValidFieldName(key) else {
                throw .usage("field name '\(key)' must be letters, digits, '_' or '-'")
            }
        }
    }

    /// The task `request` describes, with `id`, created at `created`, and the path it goes to.
    /// - Throws: `HandoffError.refused` when the owner is not a member or does not work in the
    ///   stage, `.usage` for an unknown stage, `.invalidFile` when the template breaks the task.
    func make(_ request: NewTaskRequest, id: String, created: Timestamp) throws(HandoffError) -> (task: HandoffTask, document: TaskDocument) {
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
        let path = TaskLocation.path(id: id, month: created.monthFolder)
        let text = Templates.fill(template, [
            "id": id, "title": YAMLScalar.render(request.title.trimmed, preferring: .plain), "stage": stage,
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
        return (task, document)
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
