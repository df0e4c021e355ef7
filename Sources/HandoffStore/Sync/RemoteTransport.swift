import GitKit
import HandoffModel

/// Fetches and pushes one upstream branch with the `git` program (see `GitProcess` for why).
package struct RemoteTransport {
    /// How a push ended.
    package enum PushResult: Equatable {
        /// The remote branch now points at what was pushed.
        case pushed
        /// The remote branch moved since it was fetched; fetch and replay again.
        case upstreamMoved
    }

    let process: GitProcess
    let upstream: Upstream

    /// Talks to `upstream` through `process`.
    package init(process: GitProcess, upstream: Upstream) {
        self.process = process
        self.upstream = upstream
    }

    /// Fetches the upstream branch into its tracking ref and returns its tip, or nil when the
    /// remote has no such branch yet.
    /// - Throws: `HandoffError.environment` with git's own message when the fetch fails.
    package func fetch(into repository: Repository) throws(HandoffError) -> ObjectID? {
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
    package func push(_ commit: ObjectID, expecting expected: ObjectID?) throws(HandoffError) -> PushResult {
        let lease = "--force-with-lease=\(upstream.branch):\(expected?.hex ?? "")"
        let output = try process.run(["push", "--porcelain", lease, upstream.remote, "\(commit.hex):\(upstream.branch)"])
        if output.status == 0 { return .pushed }
        let refLine = output.stdout.split(separator: "\n").first { $0.hasPrefix("!") }.map(String.init) ?? ""
        if refLine.contains("stale info") || refLine.contains("fetch first") || refLine.contains("non-fast-forward") {
            return .upstreamMoved
        }
        // git can fail after the remote took the push (killed, or out of space, as it updates
        // the tracking ref): then the push landed, and saying it failed would be untrue.
        if remoteTip() == commit { return .pushed }
        let remoteLines = output.errorLines.filter { $0.hasPrefix("remote:") }.map { $0.dropFirst(7).trimmingCharacters(in: .whitespaces) }
        if refLine.contains("remote rejected") {
            let reasons = remoteLines.isEmpty ? refLine : remoteLines.joined(separator: " / ")
            // Only the server's hook judges the commits; anything else (a full disk, a lock) is
            // the server's trouble, and dropping commits would not help.
            guard refLine.contains("hook declined") else {
                throw .environment("\(upstream.remote) could not take the push: \(reasons); nothing was pushed, and your branch keeps the synced commits, so run 'handoff sync' again once the remote is fixed")
            }
            throw .refused("\(upstream.remote) refused the push: \(reasons); your branch still holds those commits, so fix or drop them (handoff sync --drop COMMIT) and sync again")
        }
        let details = (output.errorLines + [refLine]).filter { !$0.isEmpty }.joined(separator: " / ")
        throw .environment("git push \(upstream.remote) failed: \(details); your branch keeps the synced commits, so run 'handoff sync' again when the remote is reachable")
    }

    /// Where the upstream branch is on the remote now, asked with `git ls-remote`; nil when it
    /// has no such branch or cannot be asked.
    private func remoteTip() -> ObjectID? {
        guard let output = try? process.run(["ls-remote", "--refs", upstream.remote, upstream.branch]), output.status == 0 else { return nil }
        for line in output.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, fields[1] == upstream.branch || fields[1] == "refs/heads/" + upstream.branch { return ObjectID(hex: String(fields[0])) }
        }
        return nil
    }
}
