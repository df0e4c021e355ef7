import HandoffCore

/// What the CLI says after an accept, claim or approve: whether the task moved, or how many
/// sign-offs it still waits for and who gives them.
enum SignOffText {
    /// The line for `task` after `verb` ("Accepted", "Claimed", "Signed off on") in `commit`,
    /// with `remaining` sign-offs still to come; `taker` says the caller is who gets the task.
    static func line(_ verb: String, _ task: HandoffTask, commit: String, remaining: Int, taker: Bool = true) -> String {
        guard remaining > 0, let offer = task.offer else {
            return "\(verb) \(task.id); \(taker ? "you own" : "\(task.owner) owns") it now in stage \(task.stage) (commit \(commit))."
        }
        let members = remaining == 1 ? "1 more member of \(offer.stage) signs" : "\(remaining) more members of \(offer.stage) sign"
        return "\(verb) \(task.id) (commit \(commit)); it moves to \(offer.to) when \(members) off with 'handoff approve \(task.id)'."
    }
}
