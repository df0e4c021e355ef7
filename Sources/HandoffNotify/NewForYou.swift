import HandoffModel
import HandoffStore

/// What a pull or a sync brought that concerns the person in this clone: offers to them, answers
/// to their offers, moves of their tasks — one line each, with the command to act. The same
/// people as the server's messages (`NoticePlan`), for every operation, on their own machine.
public enum NewForYou {
    /// One line per event of `landed` that concerns `me` and that someone else did.
    public static func lines(_ landed: [LandedEvent], me: String, workflow: Workflow) -> [String] {
        landed.compactMap { event in
            guard let kind = event.kind, let id = event.event.task, !event.event.actor.caseInsensitiveEquals(me),
                NoticePlan.concerned(kind, event, workflow).contains(where: { $0.caseInsensitiveEquals(me) })
            else { return nil }
            let subject = NoticeText(landed: event, id: id, workflow: workflow).subject(for: me)
            switch kind {
            case .offer where event.event.to?.caseInsensitiveEquals(me) == true:
                return subject + " → handoff accept \(id) --readback \"…\" | handoff decline \(id) --reason \"…\""
            case .offer where event.event.to.flatMap(Offer.queueStage(of:)) != nil:
                return subject + " → handoff claim \(id) --readback \"…\""
            case .decline:
                return subject + " → handoff offer \(id) --to EMAIL"
            case .accept, .offer, .withdraw, .reassign, .note, .close, .reopen, .claim, .approve:
                // While the handoff waits for sign-offs, the stage's members are asked for theirs.
                let signs = event.remainingSignOffs(workflow) > 0 && !(event.event.from?.caseInsensitiveEquals(me) ?? false)
                return subject + (signs ? " → handoff approve \(id)" : " → handoff show \(id)")
            }
        }
    }
}
