import HandoffModel

/// One event of a task's history, read from a commit: who did what, when, and whether the
/// commit's signature holds up against the policy of its parent.
public struct HandoffEvent: Sendable, Codable, Equatable {
    /// The commit's full id.
    public let commit: String
    /// The task, when the commit names one.
    public let task: String?
    /// The operation (`offer`, `accept`, …, `member-add`: an `Action`'s value), `edit` for a
    /// hand-made change of the task, `merge` for a merge that changed it.
    public let action: String
    /// The committer's email: who acted.
    public let actor: String
    /// When, as the committer stated it (UTC, ISO 8601).
    public let time: String
    /// Seconds since 1970, for sorting and filtering.
    public let timestamp: Int64
    /// Who the task or offer came from.
    public let from: String?
    /// Who it went to.
    public let to: String?
    /// The stage before.
    public let fromStage: String?
    /// The stage after.
    public let toStage: String?
    /// The text the event added to the task's log (brief, read-back, reason, note).
    public let details: String?
    /// `good`, `bad`, `unsigned` or `no-policy`; `unchecked` in a report, which reads trailers only.
    public let signature: String
    /// The signing key's fingerprint (`SHA256:…`) when the signature is an SSH signature.
    public let fingerprint: String?
    /// Why the signature does not hold, when it does not.
    public let problem: String?

    /// The action the commit records, when it is one handoff writes (not an edit or merge).
    public var recordedAction: Action? { Action(rawValue: action) }

    /// The action of an event that is a hand-made change of the task file.
    public static let handEdit = "edit"
    /// The action of an event that is a merge commit changing the task file.
    public static let merge = "merge"
}
