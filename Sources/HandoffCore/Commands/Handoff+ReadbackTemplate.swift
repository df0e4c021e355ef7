import HandoffModel
import HandoffStore

extension Handoff {
    /// What the editor opens on for the read-back of `query`'s pending offer: the checklist of
    /// items to acknowledge (when the transition has `readback_checklist`), then the brief as
    /// comment lines to read while writing, as `git commit` shows what is being committed.
    /// - Throws: `HandoffError` when the task cannot be read or has no pending offer.
    public func readbackTemplate(for query: String) throws(HandoffError) -> String {
        let snapshot = try Workspace(context: context).snapshot()
        let workflow = try snapshot.workflow()
        let document = try snapshot.task(query).document
        let task = try HandoffTask(document: document)
        guard let offer = task.offer else { throw .refused("\(task.id) has no pending offer; there is nothing to accept") }
        let brief = document.brief(of: offer, in: task)
        let checklist = workflow.readbackChecklist(from: task.stage, to: offer.stage)
        var lines = [String]()
        if let brief, !checklist.isEmpty {
            let items = ReadbackChecklist.items(of: brief, in: checklist)
            if !items.isEmpty { lines += [ReadbackChecklist.form(items), ""] }
        }
        lines += [
            "# Your read-back of \(task.id) \"\(task.title)\" from \(offer.from) (\(task.stage) → \(offer.stage)):",
            "# say in your own words what you take over\(checklist.isEmpty ? "" : ", and tick ('- [x]') or answer each item above").",
            "# Lines starting with '#' followed by a space are ignored, as in a git commit message.",
        ]
        if let brief {
            lines += ["#", "# The brief:"] + brief.logMarkdown.split(separator: "\n", omittingEmptySubsequences: false).map { "#   " + $0.replacingOccurrences(of: "#### ", with: "") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
