import GitKit

/// Checks many commits on every core, each worker with its own repository handle and policy cache.
enum ParallelCheck {
    /// The violations of each commit of `ids`, in the same order.
    /// - Throws: the first `HandoffError` any worker met.
    static func violations(
        of ids: [ObjectID], open: ParallelWork.Opener, environment: [String: String], trustRoot: ObjectID?, trustOwnPolicy: Bool
    ) throws(HandoffError) -> [[Violation]] {
        try ParallelWork.map(
            count: ids.count, open: open,
            prepare: { repository throws(HandoffError) in
                CommitRules(repository: repository, policies: PolicyCache(repository: repository), environment: environment)
            },
            job: { repository, rules, index throws(HandoffError) in
                let id = ids[index]
                let bytes = try git({ () throws(GitError) in try repository.rawObject(id) })
                return try rules.check(try RawCommit(id: id, bytes: bytes), isTrustRoot: trustOwnPolicy && id == trustRoot)
            })
    }
}
