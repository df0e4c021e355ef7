/// One broken rule in one commit: what `verify` and the server hook print, one line each.
public struct Violation: Sendable, Equatable, Encodable {
    /// The commit's full id.
    public let commit: String
    /// The task concerned, if any.
    public let task: String?
    /// The rule broken.
    public let rule: Rule
    /// What is wrong and what would make it right.
    public let message: String

    /// A violation of `rule` in `commit`.
    public init(commit: String, task: String?, rule: Rule, message: String) {
        self.commit = commit
        self.task = task
        self.rule = rule
        self.message = message
    }

    /// `abc1234 HO-7K3QX [transition] message`, as printed.
    public var line: String {
        "\(commit.prefix(7)) \(task ?? "-") [\(rule.rawValue)] \(message)"
    }

    /// The rules a commit can break, by the name `verify` prints and `--json` writes.
    public enum Rule: String, Sendable, Encodable, CaseIterable {
        /// The signature does not hold against the parent's policy.
        case signature
        /// `.handoff/` changed by someone who is not an admin of the parent's workflow.
        case policy
        /// An operation that its rules refuse, or a file it does not write.
        case transition
        /// A plain commit that changes what only handoff's operations write.
        case handEdit = "hand-edit"
        /// A task file that is malformed, misplaced, deleted or a duplicate ID.
        case taskFile = "task-file"
        /// Handoff trailers that are missing, doubled, or could be read differently by git.
        case trailers
        /// A merge that makes a task file neither parent had.
        case merge
        /// A commit or tree git could read differently from handoff.
        case object
        /// A path or mode git or a checkout could treat differently (case, Unicode, links).
        case path
        /// History that does not descend from the pinned trust root.
        case trustRoot = "trust-root"
    }
}
