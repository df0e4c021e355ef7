/// One operation on one task: what a handoff commit records in its `Handoff-Action` trailer.
///
/// The one list of operations. Each has a file of its own (`OfferOperation.swift`, …) holding
/// who may do it, what it writes, and how its commit is read back; everything that handles
/// operations (verify, sync, report, the CLI) switches over `Kind`, so a new case is a compile
/// error wherever it must be handled.
public enum TaskOperation: Sendable, Equatable {
    /// The owner offers the task to a member of the target stage.
    case offer(OfferOperation)
    /// The receiver takes the task, restating the brief in a read-back.
    case accept(AcceptOperation)
    /// The receiver refuses the offer; the sender keeps the task.
    case decline(DeclineOperation)
    /// The sender takes the offer back.
    case withdraw(WithdrawOperation)
    /// Any member adds a dated note.
    case note(NoteOperation)
    /// The owner finishes the task.
    case close(CloseOperation)
    /// The owner opens a finished or cancelled task again.
    case reopen(ReopenOperation)
    /// An admin gives the task to another member, e.g. when its owner is gone.
    case reassign(ReassignOperation)
    /// A member of the stage a queue offer goes to takes the task.
    case claim(ClaimOperation)
    /// A member of the target stage signs off on an accepted offer that needs several sign-offs.
    case approve(ApproveOperation)

    /// The operations by name: the values of the `Handoff-Action` trailer that an operation on
    /// one existing task records.
    public enum Kind: String, CaseIterable, Sendable {
        case offer, accept, decline, withdraw, note, close, reopen, reassign, claim, approve
    }

    /// Which operation this is.
    public var kind: Kind {
        switch self {
        case .offer: .offer
        case .accept: .accept
        case .decline: .decline
        case .withdraw: .withdraw
        case .note: .note
        case .close: .close
        case .reopen: .reopen
        case .reassign: .reassign
        case .claim: .claim
        case .approve: .approve
        }
    }

    /// The name in commit subjects and the `Handoff-Action` trailer.
    public var action: String { kind.rawValue }

    /// The operation's own rules.
    var rules: any OperationRules {
        switch self {
        case .offer(let operation): operation
        case .accept(let operation): operation
        case .decline(let operation): operation
        case .withdraw(let operation): operation
        case .note(let operation): operation
        case .close(let operation): operation
        case .reopen(let operation): operation
        case .reassign(let operation): operation
        case .claim(let operation): operation
        case .approve(let operation): operation
        }
    }

    /// The operation of kind `kind` that wrote `entry`; nil when the entry is not what that
    /// operation writes.
    package static func recorded(_ kind: Kind, from entry: RecordedEntry) -> TaskOperation? {
        switch kind {
        case .offer: OfferOperation(recorded: entry).map(TaskOperation.offer)
        case .accept: AcceptOperation(recorded: entry).map(TaskOperation.accept)
        case .decline: DeclineOperation(recorded: entry).map(TaskOperation.decline)
        case .withdraw: WithdrawOperation(recorded: entry).map(TaskOperation.withdraw)
        case .note: NoteOperation(recorded: entry).map(TaskOperation.note)
        case .close: CloseOperation(recorded: entry).map(TaskOperation.close)
        case .reopen: ReopenOperation(recorded: entry).map(TaskOperation.reopen)
        case .reassign: ReassignOperation(recorded: entry).map(TaskOperation.reassign)
        case .claim: ClaimOperation(recorded: entry).map(TaskOperation.claim)
        case .approve: ApproveOperation(recorded: entry).map(TaskOperation.approve)
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
