import GitKit
import HandoffModel

/// Checks many commits on every core, each worker with its own repository handle and policy cache.
enum ParallelCheck {
    /// How a worker opens the repository (by path, or from git's hook environment, which also
    /// brings a push's quarantine object directory), reading objects as it is told.
    typealias Opener = @Sendable (ObjectReading) throws(GitError) -> Repository

    /// The violations and the parents of each commit of `ids`, in the same order (no parents
    /// for a commit that could not be read, which is a violation itself).
    ///
    /// When `ids` is the whole history (`complete`), a created task's ID is not looked up in
    /// every month folder of its parent: an ID some parent tree holds was added by an earlier
    /// commit of that history, so an ID that exactly one commit adds was free where it was
    /// created. Only the commits adding an ID that another commit also adds are checked again
    /// with the lookups. An import of 1,000 tasks into a repository of 100 months otherwise
    /// reads all 100 month folders.
    ///
    /// The workers read objects through `objects`, which they share with one tree cache
    /// (libgit2 reads them all when it is nil).
    /// - Throws: the first `HandoffError` any worker met.
    static func violations(
        of ids: [ObjectID], complete: Bool, open: Opener, objects: ObjectFiles?, environment: [String: String],
        trustRoot: ObjectID?, trustOwnPolicy: Bool
    ) throws(HandoffError) -> (violations: [[Violation]], parents: [[ObjectID]]) {
        // Each version of a month folder is a commit's new tree and, some commits later, the
        // parent tree of the next commit in that folder, often on the other worker: one cache
        // of 32 MB (about 800 folders of 1,000 tasks) lets both read it once. In 16 shards, the
        // workers seldom wait for each other's lookups.
        let reading = ObjectReading(objectFiles: objects, treeCache: TreeCache(budget: 32 << 20, shards: 16))
        let policies = PolicyStore()
        func rules(_ repository: Repository, defersIDLookups: Bool) -> CommitRules {
            var rules = CommitRules(repository: repository, policies: PolicyCache(repository: repository, store: policies), environment: environment)
            rules.defersIDLookups = defersIDLookups
            return rules
        }
        func check(_ index: Int, with rules: CommitRules, in repository: Repository) throws(HandoffError)
            -> (violations: [Violation], added: Set<String>, parents: [ObjectID])
        {
            let id = ids[index]
            do {
                let bytes = try git({ () throws(GitError) in try repository.rawObject(id) })
                let commit = try RawCommit(id: id, bytes: bytes)
                let checked = try rules.checkCreating(commit, isTrustRoot: trustOwnPolicy && id == trustRoot)
                return (checked.violations, checked.added, commit.parents)
            } catch where error.kind == .invalidFile {
                // A commit or tree git could read differently: refused, naming the commit.
                let message = "\(error.message); git could read it differently from handoff, so it is refused"
                return ([Violation(commit: id.hex, task: nil, rule: .object, message: message)], [], [])
            }
        }
        let results = try ParallelWork.map(
            count: ids.count, open: { () throws(GitError) in try open(reading) },
            prepare: { repository throws(HandoffError) in rules(repository, defersIDLookups: complete) },
            job: { repository, rules, index throws(HandoffError) in try check(index, with: rules, in: repository) })
        var violations = results.map(\.violations)
        let parents = results.map(\.parents)
        guard complete else { return (violations, parents) }
        // One pass over every added ID (100,000 for the large bench, on one core): a second
        // pass is needed only when some ID was added twice.
        var seen = Set<String>(minimumCapacity: results.reduce(0) { $0 + $1.added.count })
        var addedTwice = Set<String>()
        for result in results {
            for id in result.added where !seen.insert(id).inserted { addedTwice.insert(id) }
        }
        guard !addedTwice.isEmpty else { return (violations, parents) }
        let contested = results.indices.filter { !results[$0].added.isDisjoint(with: addedTwice) }
        let repository = try git({ () throws(GitError) in try open(reading) })
        let precise = rules(repository, defersIDLookups: false)
        for index in contested {
            violations[index] = try check(index, with: precise, in: repository).violations
        }
        return (violations, parents)
    }
}
