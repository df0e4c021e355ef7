/// One broken rule in one commit: what `verify` and the server hook print, one line each.
public struct Violation: Sendable, Equatable, Encodable {
    /// The commit's full id.
    public let commit: String
    /// The task concerned, if any.
    public let task: String?
    /// The rule broken: signature, policy, transition, hand-edit, task-file, trailers, merge,
    /// object (git could read the commit or a tree differently), path, trust-root.
    public let rule: String
    /// What is wrong and what would make it right.
    public let message: String

    /// A violation of `rule` in `commit`.
    public init(commit: String, task: String?, rule: String, message: String) {
        self.commit = commit
        self.task = task
        self.rule = rule
        self.message = message
    }

    /// `abc1234 HO-7K3QX [transition] message`, as printed.
    public var line: String {
        "\(commit.prefix(7)) \(task ?? "-") [\(rule)] \(message)"
    }
}
