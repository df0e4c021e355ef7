/// One operation on one task: what a handoff commit records in its `Handoff-Action` trailer.
public enum TaskOperation: Sendable, Equatable {
    /// The owner offers the task to `to`, moving it into `stage` on acceptance.
    case offer(to: String, stage: String, brief: Brief)
    /// The receiver takes the task, restating the brief in `readback`.
    case accept(readback: String?)
    /// The receiver refuses the offer; the sender keeps the task.
    case decline(reason: String)
    /// The sender takes the offer back.
    case withdraw(reason: String?)
    /// Any member adds a dated note.
    case note(text: String)
    /// The owner finishes the task.
    case close(resolution: String?)
    /// The owner opens a finished or cancelled task again.
    case reopen(reason: String?)
    /// An admin gives the task to `to`, e.g. when its owner is gone.
    case reassign(to: String, reason: String)

    /// The name in commit subjects and the `Handoff-Action` trailer.
    public var action: String {
        switch self {
        case .offer: "offer"
        case .accept: "accept"
        case .decline: "decline"
        case .withdraw: "withdraw"
        case .note: "note"
        case .close: "close"
        case .reopen: "reopen"
        case .reassign: "reassign"
        }
    }
}

/// What an operation made of a task: the new file and who and where it moved between.
public struct OperationOutcome: Sendable {
    /// The task file after the operation.
    public let document: TaskDocument
    /// The task as that file states it (checked to parse when the outcome was made).
    public let task: HandoffTask
    /// The person the task (or offer) comes from.
    public let fromPerson: String
    /// The person it goes to.
    public let toPerson: String
    /// The stage before.
    public let fromStage: String
    /// The stage after (for an offer, the stage it would move to).
    public let toStage: String
}
