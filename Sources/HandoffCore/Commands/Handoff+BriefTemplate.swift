import HandoffModel
import HandoffStore

extension Handoff {
    /// What the editor opens on for an offer of `task` to `receiver` into `stage`: the team's
    /// `.handoff/templates/brief.md` (the built-in one when the repository has none), filled in.
    /// When that template lacks a section the transition requires, its sections are replaced by
    /// exactly the required ones, so the editor never offers a brief the offer would refuse.
    /// - Throws: `HandoffError` when the repository or workflow cannot be read.
    public func briefTemplate(for task: HandoffTask, to receiver: String, stage: String) throws(HandoffError) -> String {
        let snapshot = try Workspace(context: context).snapshot()
        let workflow = try snapshot.workflow()
        let teamTemplate = try snapshot.fileBytes(PolicyFiles.templates + "/brief.md").flatMap { String(validating: $0, as: UTF8.self) }
        let template = Templates.fill(teamTemplate ?? Templates.brief, [
            "id": task.id, "title": task.title, "to": receiver, "from_stage": task.stage, "to_stage": stage,
        ])
        let required = workflow.requiredSections(from: task.stage, to: stage)
        guard !Brief(markdown: template).hasSections(required) else { return template }
        let comments = template.split(separator: "\n", omittingEmptySubsequences: false).filter { $0 == "#" || $0.hasPrefix("# ") }
        return required.map { "## \($0)\n" }.joined(separator: "\n") + "\n"
            + (["# \(task.stage) → \(stage) requires these sections: \(required.joined(separator: ", "))."] + comments.map(String.init)).joined(separator: "\n") + "\n"
    }
}
