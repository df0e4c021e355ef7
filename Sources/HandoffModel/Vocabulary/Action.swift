/// What a handoff commit records in its `Handoff-Action` trailer: the one list of actions.
/// Readers switch over it, so a new action is a compile error wherever it must be handled.
public enum Action: Hashable, Sendable, CaseIterable {
    /// An operation on one existing task (offer, accept, …).
    case operation(TaskOperation.Kind)
    /// `handoff new`: one task created.
    case new
    /// `handoff import`: tasks created from a file, by an admin, in one commit.
    case `import`
    /// `handoff init`: the workflow and signers created; the trust root.
    case initialize
    /// `handoff member add`.
    case memberAdd
    /// `handoff member remove`: the member's keys retired, not deleted.
    case memberRemove
    /// `handoff member edit`: stages, name or admin flag changed in place.
    case memberEdit
    /// `handoff member key`: a member's key rotated (by an admin or by the member themself).
    case memberKey
    /// `handoff policy propose`: a policy change waiting for admins' sign-offs.
    case policyPropose
    /// `handoff policy approve`: an admin's sign-off on a proposal, or the one that applies it.
    case policyApprove

    public static let allCases: [Action] =
        TaskOperation.Kind.allCases.map(Action.operation)
        + [.new, .import, .initialize, .memberAdd, .memberRemove, .memberEdit, .memberKey, .policyPropose, .policyApprove]

    /// The trailer's value.
    public var rawValue: String {
        switch self {
        case .operation(let kind): kind.rawValue
        case .new: "new"
        case .import: "import"
        case .initialize: "init"
        case .memberAdd: "member-add"
        case .memberRemove: "member-remove"
        case .memberEdit: "member-edit"
        case .memberKey: "member-key"
        case .policyPropose: "policy-propose"
        case .policyApprove: "policy-approve"
        }
    }

    /// The action whose trailer value is `rawValue`; nil for a value handoff never writes.
    public init?(rawValue: String) {
        guard let found = Self.byValue[rawValue] else { return nil }
        self = found
    }

    private static let byValue = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
