import Foundation
import GitKit

/// What `verify` found.
public struct VerifyReport: Sendable, Encodable {
    /// The commit whose policy is trusted first.
    public let trustRoot: String?
    /// Commits checked in this run.
    public let checked: Int
    /// Commits skipped because an earlier run verified them under the same trust root.
    public let cached: Int
    /// Every violation, oldest commit first.
    public let violations: [Violation]
}

/// Walks history and checks every commit against the rules of SPEC §4, each judged by the policy
/// of its first parent, starting from a trust root.
public struct Verifier {
    let repository: Repository
    let environment: [String: String]
    private let open: ParallelWork.Opener

    /// A verifier over `repository`; `environment` is handed to ssh-keygen for non-Ed25519 keys.
    /// Workers open their own handles of the same repository by path.
    public init(repository: Repository, environment: [String: String]) {
        let path = repository.gitDirectory
        self.init(repository: repository, environment: environment) { () throws(GitError) in try Repository.open(at: path) }
    }

    /// A verifier whose workers open the repository with `open` (e.g. from a hook's environment).
    init(repository: Repository, environment: [String: String], open: @escaping ParallelWork.Opener) {
        self.repository = repository
        self.environment = environment
        self.open = open
    }

    /// Verifies the commits of `range` (nil: all of HEAD's history).
    /// - Parameters:
    ///   - trustRoot: the commit whose policy is trusted; by default the commit that created `.handoff/`.
    ///   - useCache: skip commits verified by an earlier run under the same trust root, and record new ones.
    /// - Throws: `HandoffError` when history cannot be read.
    public func verify(range: String?, trustRoot pinned: ObjectID? = nil, useCache: Bool = true) throws(HandoffError) -> VerifyReport {
        let commits = try git({ () throws(GitError) in try repository.commits(in: range) })
        let trustRoot: ObjectID? = if let pinned { pinned } else { try findTrustRoot(commits) }
        // One revision's whole history is complete; a range `A..B` leaves out A's history.
        return try verify(commits, complete: !(range?.contains("..") ?? false), trustRoot: trustRoot, pinned: pinned != nil, useCache: useCache)
    }

    /// Verifies what a push brings: the commits reachable from `tip` and from no existing ref.
    /// The trust root is the one recorded in `.git/handoff/trust-root`, else found in `tip`'s
    /// history and recorded.
    /// - Throws: `HandoffError` when history cannot be read.
    public func verifyPushed(tip: ObjectID) throws(HandoffError) -> VerifyReport {
        let commits = try git({ () throws(GitError) in try repository.newCommits(from: tip) })
        let file = repository.gitDirectory + "handoff/trust-root"
        var trustRoot = FileManager.default.contents(atPath: file).flatMap {
            ObjectID(hex: String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if trustRoot == nil {
            trustRoot = try findTrustRoot(try git({ () throws(GitError) in try repository.commits(in: tip.hex) }))
            if let root = trustRoot {
                try? FileManager.default.createDirectory(atPath: repository.gitDirectory + "handoff", withIntermediateDirectories: true)
                // Best effort: without the file the root is found again next time.
                try? Data((root.hex + "\n").utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
            }
        }
        return try verify(commits, complete: false, trustRoot: trustRoot, pinned: false, useCache: true)
    }

    /// Verifies `commits`; `complete` says they are the whole history of their tip, which
    /// lets created IDs be checked against each other instead of against every parent tree.
    private func verify(_ commits: [ObjectID], complete: Bool, trustRoot: ObjectID?, pinned: Bool, useCache: Bool) throws(HandoffError) -> VerifyReport {
        let cache = VerifiedCache(gitDirectory: repository.gitDirectory, trustRoot: trustRoot, enabled: useCache)
        let verified = cache.load()
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
        let found = try ParallelCheck.violations(
            of: pending, complete: complete && pending.count == commits.count, open: open,
            objects: repository.sharedObjectFiles(deltaBaseBudget: 64 << 20), environment: environment,
            trustRoot: trustRoot, trustOwnPolicy: !pinned)
        cache.record(zip(pending, found).filter { $0.1.isEmpty }.map(\.0))
        return VerifyReport(trustRoot: trustRoot?.hex, checked: pending.count, cached: cachedCount, violations: found.flatMap { $0 })
    }

    /// The oldest commit of `commits` that has a policy while its first parent has none.
    private func findTrustRoot(_ commits: [ObjectID]) throws(HandoffError) -> ObjectID? {
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

/// Commit ids verified under one trust root, kept in `.git/handoff/verified/<root>` so hooks and
/// CI check only what is new.
struct VerifiedCache {
    let file: String?

    init(gitDirectory: String, trustRoot: ObjectID?, enabled: Bool) {
        file = enabled ? "\(gitDirectory)handoff/verified/\(trustRoot?.hex ?? "none")" : nil
    }

    func load() -> Set<ObjectID> {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { ObjectID(hex: String($0)) })
    }

    func record(_ ids: [ObjectID]) {
        guard let file, !ids.isEmpty else { return }
        let directory = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = ids.map(\.hex).joined(separator: "\n") + "\n"
        if let handle = FileHandle(forWritingAtPath: file) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        } else {
            // Best effort: a cache that cannot be written only means checking again next time.
            try? Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        }
    }
}
