import GitKit

/// Fetches and pushes one upstream branch with the `git` program (see `GitProcess` for why).
struct RemoteTransport {
    /// How a push ended.
    enum PushResult: Equatable {
        /// The remote branch now points at what was pushed.
        case pushed
        /// The remote branch moved since it was fetched; fetch and replay again.
        case upstreamMoved
    }

    let process: GitProcess
    let upstream: Upstream

    /// Fetches the upstream branch into its tracking ref and returns its tip, or nil when the
    /// remote has no such branch yet.
    /// - Throws: `HandoffError.environment` with git's own message when the fetch fails.
    func fetch(into repository: Repository) throws(HandoffError) -> ObjectID? {
        let output = try process.run(["fetch", "--quiet", "--no-write-fetch-head", upstream.remote, "+\(upstream.branch):\(upstream.trackingRef)"])
        if output.status != 0 {
            if output.stderr.contains("couldn't find remote ref") { return nil }
            throw .environment("git fetch \(upstream.remote) failed: \(output.errorLines.joined(separator: " / ")); check the remote (git remote -v) and your access to it")
        }
        return try git({ () throws(GitError) in try repository.resolveReference(upstream.trackingRef) })
    }

    /// Pushes `commit` to the upstream branch only if the remote still has it at `expected` (nil:
    /// the branch must not exist), as `git push --force-with-lease` checks it.
    /// - Throws: `HandoffError.refused` with the remote's reasons when it refuses the push (the
    ///   server hook), `.environment` when git cannot reach it.
    func push(_ commit: ObjectID, expecting expected: ObjectID?) throws(HandoffError) -> PushResult {
        let lease = "--force-with-lease=\(upstream.branch):\(expected?.hex ?? "")"
        let output = try process.run(["push", "--porcelain", lease, upstream.remote, "\(commit.hex):\(upstream.branch)"])
        if output.status == 0 { return .pushed }
        let refLine = output.stdout.split(separator: "\n").first { $0.hasPrefix("!") }.map(String.init) ?? ""
        if refLine.contains("stale info") || refLine.contains("fetch first") || refLine.contains("non-fast-forward") {
            return .upstreamMoved
        }
        let remoteLines = output.errorLines.filter { $0.hasPrefix("remote:") }.map { $0.dropFirst(7).trimmingCharacters(in: .whitespaces) }
        if refLine.contains("remote rejected") {
            let reasons = remoteLines.isEmpty ? refLine : remoteLines.joined(separator: " / ")
            throw .refused("\(upstream.remote) refused the push: \(reasons); your branch still holds those commits, so fix or drop them (handoff sync --drop COMMIT) and sync again")
        }
        let details = (output.errorLines + [refLine]).filter { !$0.isEmpty }.joined(separator: " / ")
        throw .environment("git push \(upstream.remote) failed: \(details); your branch keeps the synced commits, so run 'handoff sync' again when the remote is reachable")
    }
}
