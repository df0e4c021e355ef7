import GitKit
import HandoffModel

/// What the remote-tracking branch of the current branch holds for one task that this clone
/// lacks: the handoff commits fetched (by `git fetch`, `git pull` or an earlier `sync`) but not
/// yet in the branch. No network: it reads only `refs/remotes/…`.
public struct UpstreamNews: Sendable, Equatable {
    /// The tracking branch as people write it, e.g. `origin/main`.
    public let upstream: String
    /// The newer operations on the task, oldest first, e.g. `offer by alice@example.com`.
    public let operations: [String]

    /// The sentence a refusal adds: what is newer upstream, and to run `handoff sync`.
    public var advice: String {
        let shown = operations.suffix(3).joined(separator: ", ")
        let count = operations.count == 1 ? "a newer handoff commit" : "\(operations.count) newer handoff commits"
        return "\(upstream) has \(count) on this task that your clone lacks (\(shown)); run 'handoff sync' and try again"
    }
}

extension Workspace {
    /// The handoff commits on the current branch's remote-tracking branch, not in the branch,
    /// whose `Handoff-Task` is `query` (or starts with it, as a short ID does); nil when there
    /// are none, the branch has no upstream, or it was never fetched. Never throws: it only adds
    /// advice to a refusal already on its way.
    public func upstreamNews(of query: String) -> UpstreamNews? {
        guard let branch = try? currentBranch(), let tip = branch.tip,
              let upstream = try? Upstream.of(branch.name, remote: nil, config: config),
              let tracked = try? repository.resolveReference(upstream.trackingRef), tracked != tip,
              let ids = try? repository.commits(from: tracked, hiding: [tip])
        else { return nil }
        let wanted = query.uppercased()
        var operations = [String]()
        for id in ids {
            guard let bytes = try? repository.rawObject(id), let commit = try? RawCommit(id: id, bytes: bytes),
                  commit.trailerValues(.task).contains(where: { $0.uppercased().hasPrefix(wanted) })
            else { continue }
            operations.append("\(commit.trailerValues(.action).first ?? "change") by \(commit.committer.email)")
        }
        return operations.isEmpty ? nil : UpstreamNews(upstream: upstream.displayName, operations: operations)
    }
}
