import HandoffModel
import HandoffStore

extension Handoff {
    /// Checks, before any brief is written, that an offer of `task` to `receiver` into `stage`
    /// would land: everything `offer` checks except the brief's text (it is checked with every
    /// section the transition requires filled in).
    /// - Throws: `HandoffError` saying why the offer would be refused.
    public func checkOffer(of task: HandoffTask, to receiver: String, stage: String) throws(HandoffError) {
        let required = try workflow().requiredSections(from: task.stage, to: stage)
        let sections = (required.isEmpty ? ["Summary"] : required).map { "## \($0)\nwritten in the editor next\n" }
        try check(.offer(to: receiver, stage: stage, brief: Brief(markdown: sections.joined(separator: "\n"))), on: task.id)
    }

    /// Checks, before the shift brief is written, that a handover to `receiver` would move at
    /// least one task: the user holds an open task, and one of them passes `checkOffer`.
    /// - Throws: `HandoffError` naming each task's refusal when none would move.
    public func checkHandOver(to receiver: String, stage: String?) throws(HandoffError) {
        let me = try currentEmail()
        let held = try list(TaskFilter(owner: me, state: .open))
        guard !held.isEmpty else { throw .refused("\(me) holds no open task; there is nothing to hand over") }
        var reasons = [String]()
        for entry in held {
            do throws(HandoffError) {
                let target: String
                if let stage { target = stage } else { target = try defaultOfferStage(for: entry.task, to: receiver) }
                try checkOffer(of: entry.task, to: receiver, stage: target)
                return
            } catch {
                reasons.append("\(entry.task.id): \(error.message)")
            }
        }
        throw .refused("no task of yours could be offered to \(receiver), so no brief was asked for (" + reasons.joined(separator: "; ") + ")")
    }
}
