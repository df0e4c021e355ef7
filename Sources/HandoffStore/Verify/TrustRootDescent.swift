import GitKit
import HandoffModel

/// Which checked commits descend from the trust root, and the merges that bring in history
/// that does not: a merge parent from an unrelated history (an orphan commit whose tree has no
/// policy, say) was judged by no policy at all, so what it brings is refused.
struct TrustRootDescent {
    /// The trust root; nil when the history has none, and nothing descends from it.
    let root: ObjectID?
    /// Commits an earlier run verified under `root`: all of them descend from it.
    let verified: Set<ObjectID>
    /// True when a commit is the root or one of its ancestors (history from before handoff,
    /// which merges may bring).
    let isAncestorOfRoot: (ObjectID) throws(HandoffError) -> Bool
    /// The checked commits found to descend from `root`.
    private(set) var descendants = Set<ObjectID>()

    init(root: ObjectID?, verified: Set<ObjectID>, isAncestorOfRoot: @escaping (ObjectID) throws(HandoffError) -> Bool) {
        self.root = root
        self.verified = verified
        self.isAncestorOfRoot = isAncestorOfRoot
    }

    /// Takes commit `id` with its `parents` (commits come parents first); the violation when
    /// it merges a parent that neither descends from the root nor comes before it.
    mutating func admit(_ id: ObjectID, parents: [ObjectID]) throws(HandoffError) -> Violation? {
        guard let root else { return nil }
        if id == root {
            descendants.insert(id)
            return nil
        }
        let fromRoot = parents.filter { $0 == root || descendants.contains($0) || verified.contains($0) }
        guard !fromRoot.isEmpty else { return nil }
        descendants.insert(id)
        for parent in parents where !fromRoot.contains(parent) {
            if try !isAncestorOfRoot(parent) {
                descendants.remove(id)
                return Violation(
                    commit: id.hex, task: nil, rule: .trustRoot,
                    message: "merges \(parent.short), which does not descend from the trust root \(root.short); history from outside the audit trail cannot be merged into it")
            }
        }
        return nil
    }
}
