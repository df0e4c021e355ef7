import Foundation
import GitKit
import HandoffModel

/// What `verify` found.
public struct VerifyReport: Sendable, Encodable {
    /// The commit whose policy is trusted first.
    public let trustRoot: String?
    /// Where the trust root came from; nil when there is none.
    public let trustRootSource: TrustRootSource?
    /// The trust root's subject line, when the repository has the commit.
    public let trustRootSubject: String?
    /// Commits checked in this run.
    public let checked: Int
    /// Commits skipped because an earlier run verified them under the same trust root.
    public let cached: Int
    /// Every violation, oldest commit first.
    public let violations: [Violation]

    /// One line naming the trust root, its subject and where it came from; nil when there is none.
    public var trustRootLine: String? {
        guard let trustRoot, let id = ObjectID(hex: trustRoot), let trustRootSource else { return nil }
        return TrustRootSource.line(root: id, subject: trustRootSubject, source: trustRootSource)
    }
}

/// Walks history and checks every commit against the rules of SPEC §4, each judged by the policy
/// of its first parent, starting from a trust root.
public struct Verifier {
    let repository: Repository
    let environment: [String: String]
    private let open: ParallelCheck.Opener

    /// A verifier over `repository`; `environment` is handed to ssh-keygen for non-Ed25519 keys.
    /// Workers open their own handles of the same repository by path.
    public init(repository: Repository, environment: [String: String]) {
        let path = repository.gitDirectory
        self.init(repository: repository, environment: environment) { reading throws(GitError) in try Repository.open(at: path, reading: reading) }
    }

    /// A verifier whose workers open the repository with `open` (e.g. from a hook's environment).
    init(repository: Repository, environment: [String: String], open: @escaping ParallelCheck.Opener) {
        self.repository = repository
        self.environment = environment
        self.open = open
    }

    /// Verifies the commits of `range` (nil: all of HEAD's history).
    /// - Parameters:
    ///   - trustRoot: the commit whose policy is trusted; by default the commit that created `.handoff/`.
    ///   - useCache: skip commits verified by an earlier run under the same trust root, and record new ones.
    /// - Throws: `HandoffError` when history cannot be read.
    ///   - recorded: the root this repository recorded earlier; a history whose policy now
    ///     starts elsewhere is a violation (it was replaced), unless a root is pinned.
    public func verify(range: String?, trustRoot pinned: ObjectID? = nil, recorded: ObjectID? = nil, useCache: Bool = true) throws(HandoffError) -> VerifyReport {
        let commits = try git({ () throws(GitError) in try repository.commits(in: range) })
        let trustRoot: ObjectID? = if let pinned { pinned } else { try self.trustRoot(of: commits) }
        // One revision's whole history is complete; a range `A..B` leaves out A's history.
        let complete = !(range?.contains("..") ?? false)
        guard pinned == nil, let recorded, let trustRoot else {
            return try verify(commits, complete: complete, trustRoot: trustRoot, pinned: pinned != nil, source: pinned != nil ? .pinned : .found, useCache: useCache)
        }
        let report = try verify(commits, complete: complete, trustRoot: trustRoot, pinned: false, source: trustRoot == recorded ? .recorded : .found, useCache: useCache)
        guard trustRoot != recorded else { return report }
        let replaced = Violation(
            commit: trustRoot.hex, task: nil, rule: .trustRoot,
            message: "this repository recorded trust root \(recorded.short), but this history's policy starts at \(trustRoot.short): the history was replaced from its first commit on; ask your team which root is right, then pin it (handoff verify --trust-root COMMIT) or remove \(RecordedTrustRoot(gitDirectory: repository.gitDirectory).file) to record the new one")
        return VerifyReport(
            trustRoot: report.trustRoot, trustRootSource: report.trustRootSource, trustRootSubject: report.trustRootSubject,
            checked: report.checked, cached: report.cached, violations: [replaced] + report.violations)
    }

    /// Checks what a push brings to `tip`: the commits reachable from it and from no ref in
    /// `hiding` (the tips whose whole history an earlier accepted push verified). Nothing is
    /// recorded: the caller records the result with `accept` once the whole push is accepted.
    /// - Parameter trustRoot: the server's pinned trust root; nil to find it in `tip`'s history
    ///   (trust on first push), which `accept` then records.
    /// - Throws: `HandoffError` when history cannot be read.
    public func checkPush(tip: ObjectID, hiding: [ObjectID], trustRoot: ObjectID?) throws(HandoffError) -> PushCheck {
        let commits = try git({ () throws(GitError) in try repository.commits(from: tip, hiding: hiding) })
        var root = trustRoot
        if root == nil { root = try self.trustRoot(of: try git({ () throws(GitError) in try repository.commits(in: tip.hex) })) }
        let run = try check(commits, complete: false, trustRoot: root, pinned: false, source: trustRoot == nil ? .found : .recorded, useCache: true)
        return PushCheck(trustRoot: root, report: run.report, verified: run.verified)
    }

    /// The commits refs point at (peeled) whose whole history an accepted push verified
    /// under `trustRoot`: a push's walk stops there.
    /// - Throws: `HandoffError` when the refs cannot be read.
    public func verifiedTips(trustRoot: ObjectID?) throws(HandoffError) -> [ObjectID] {
        let verified = VerifiedCache(gitDirectory: repository.gitDirectory, trustRoot: trustRoot, enabled: true).load()
        return try git({ () throws(GitError) in try repository.referenceTips() }).filter { verified.contains($0) }
    }

    /// Records what `checkPush` verified, once the push is accepted.
    public func accept(_ check: PushCheck) {
        VerifiedCache(gitDirectory: repository.gitDirectory, trustRoot: check.trustRoot, enabled: true).record(check.verified)
    }

    /// Verifies `commits`; `complete` says they are the whole history of their tip, which
    /// lets created IDs be checked against each other instead of against every parent tree.
    private func verify(
        _ commits: [ObjectID], complete: Bool, trustRoot: ObjectID?, pinned: Bool, source: TrustRootSource, useCache: Bool
    ) throws(HandoffError) -> VerifyReport {
        let run = try check(commits, complete: complete, trustRoot: trustRoot, pinned: pinned, source: source, useCache: useCache)
        VerifiedCache(gitDirectory: repository.gitDirectory, trustRoot: trustRoot, enabled: useCache).record(run.verified, known: run.known)
        return run.report
    }

    /// Checks `commits` (parents first); the report, the commits to record as verified (those
    /// without violations that descend from the trust root), and those the cache held already.
    private func check(_ commits: [ObjectID], complete: Bool, trustRoot: ObjectID?, pinned: Bool, source: TrustRootSource, useCache: Bool) throws(HandoffError)
        -> (report: VerifyReport, verified: [ObjectID], known: Set<ObjectID>)
    {
        let verified = VerifiedCache(gitDirectory: repository.gitDirectory, trustRoot: trustRoot, enabled: useCache).load()
        var pending = [ObjectID]()
        var cachedCount = 0
        for id in commits {
            if verified.contains(id) {
                cachedCount += 1
                continue
            }
            if pinned, let trustRoot {
                let beforeRoot = try git({ () throws(GitError) in try repository.isAncestor(id, of: trustRoot) })
                if beforeRoot { continue }
            }
            pending.append(id)
        }
        var (found, parents) = try ParallelCheck.violations(
            of: pending, complete: complete && pending.count == commits.count, open: open,
            objects: repository.sharedObjectFiles(deltaBaseBudget: 64 << 20), environment: environment,
            trustRoot: trustRoot, trustOwnPolicy: !pinned)
        var descent = TrustRootDescent(root: trustRoot, verified: verified) { parent throws(HandoffError) in
            guard let trustRoot else { return false }
            return try git({ () throws(GitError) in try repository.isAncestor(parent, of: trustRoot) })
        }
        for index in pending.indices {
            if let violation = try descent.admit(pending[index], parents: parents[index]) { found[index].append(violation) }
        }
        let good = pending.indices.filter { found[$0].isEmpty && descent.descendants.contains(pending[$0]) }.map { pending[$0] }
        let report = VerifyReport(
            trustRoot: trustRoot?.hex, trustRootSource: trustRoot == nil ? nil : source, trustRootSubject: trustRoot.flatMap(repository.subjectLine(of:)),
            checked: pending.count, cached: cachedCount, violations: found.flatMap { $0 })
        return (report, good, verified)
    }

    /// The trust root of HEAD's history (the commit that created `.handoff/`) and its subject
    /// line; nil when HEAD is unborn or its history has no policy.
    /// - Throws: `HandoffError` when history cannot be read.
    public func headTrustRoot() throws(HandoffError) -> (id: ObjectID, subject: String?)? {
        let tip: ObjectID
        switch try git({ () throws(GitError) in try repository.head() }) {
        case .branch(_, let id), .detached(let id): tip = id
        case .unborn: return nil
        }
        guard let root = try trustRoot(of: try git({ () throws(GitError) in try repository.commits(in: tip.hex) })) else { return nil }
        return (root, repository.subjectLine(of: root))
    }

    /// The oldest commit of `commits` that has a policy while its first parent has none.
    func trustRoot(of commits: [ObjectID]) throws(HandoffError) -> ObjectID? {
        for id in commits {
            let info = try git({ () throws(GitError) in try repository.commit(id) })
            guard try git({ () throws(GitError) in try repository.treeEntry(at: Workflow.path, in: info.tree) }) != nil else { continue }
            guard let parent = info.parents.first else { return id }
            let parentTree = try git({ () throws(GitError) in try repository.commit(parent).tree })
            if try git({ () throws(GitError) in try repository.treeEntry(at: Workflow.path, in: parentTree) }) == nil { return id }
            return nil
        }
        return nil
    }
}

/// What a push brings to one ref, checked and not yet recorded.
public struct PushCheck: Sendable {
    /// The trust root it was judged under.
    public let trustRoot: ObjectID?
    /// The commits checked and the violations found.
    public let report: VerifyReport
    /// The commits to record as verified once the whole push is accepted.
    let verified: [ObjectID]
}

