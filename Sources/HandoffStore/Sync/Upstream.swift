import GitKit
import HandoffModel

/// The remote branch a local branch syncs with: git's upstream (`branch.NAME.remote` and
/// `branch.NAME.merge`), or the branch of the same name on `origin`.
package struct Upstream: Sendable {
    /// The remote's name, e.g. `origin`.
    let remote: String
    /// The branch on the remote, e.g. `refs/heads/main`.
    let branch: String
    /// Where the fetched tip is kept locally, e.g. `refs/remotes/origin/main`.
    let trackingRef: String

    /// The upstream of local branch `localBranch` (a full ref), on `remote` when one is named.
    /// - Throws: `HandoffError.usage` when the remote is not configured.
    package static func of(_ localBranch: String, remote named: String?, config: GitConfig) throws(HandoffError) -> Upstream {
        let short = localBranch.hasPrefix("refs/heads/") ? String(localBranch.dropFirst("refs/heads/".count)) : localBranch
        let configuredRemote = try git({ () throws(GitError) in try config.string("branch.\(short).remote") })
        let configuredMerge = try git({ () throws(GitError) in try config.string("branch.\(short).merge") })
        let remote = named ?? configuredRemote.flatMap { $0 == "." ? nil : $0 } ?? "origin"
        guard try git({ () throws(GitError) in try config.string("remote.\(remote).url") }) != nil else {
            throw .usage("there is no remote named '\(remote)'; add it with 'git remote add \(remote) URL' or name one: handoff sync REMOTE")
        }
        let branch = remote == configuredRemote ? configuredMerge ?? localBranch : localBranch
        let branchShort = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        return Upstream(remote: remote, branch: branch, trackingRef: "refs/remotes/\(remote)/\(branchShort)")
    }

    /// How people write it: `origin/main`.
    package var displayName: String { String(trackingRef.dropFirst("refs/remotes/".count)) }
}
