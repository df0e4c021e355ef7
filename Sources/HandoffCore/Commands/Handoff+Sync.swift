import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// What `handoff sync` did. Encodes as `{upstream, tip, pulled, replayed: [{original,
/// replacement}], dropped, pushed, backups, rounds}` with commit ids in hex.
public struct SyncResult: Sendable, Encodable {
    /// One local commit and what became of it.
    public struct Commit: Sendable, Encodable {
        /// The local commit.
        public let original: ObjectID
        /// Its re-signed replacement on top of upstream; nil when upstream already had its change.
        public let replacement: ObjectID?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(original.hex, forKey: .original)
            try container.encode(replacement?.hex, forKey: .replacement)
        }

        private enum CodingKeys: String, CodingKey { case original, replacement }
    }

    /// The upstream branch, e.g. `origin/main`.
    public let upstream: String
    /// The branch's tip after sync.
    public let tip: ObjectID
    /// Upstream commits the branch gained.
    public let pulled: Int
    /// Local commits replayed on top of upstream (oldest first), as they were before sync.
    public let replayed: [Commit]
    /// Local commits set aside with `--drop`.
    public let dropped: [ObjectID]
    /// True when the branch was pushed.
    public let pushed: Bool
    /// The refs holding the branch as it was before each replay.
    public let backups: [String]
    /// How many fetch–replay–push rounds it took (more than one when upstream moved meanwhile, or
    /// another handoff command landed on the branch in this clone).
    public let rounds: Int

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(tip.hex, forKey: .tip)
        try container.encode(pulled, forKey: .pulled)
        try container.encode(replayed, forKey: .replayed)
        try container.encode(dropped.map(\.hex), forKey: .dropped)
        try container.encode(pushed, forKey: .pushed)
        try container.encode(backups, forKey: .backups)
        try container.encode(rounds, forKey: .rounds)
    }

    private enum CodingKeys: String, CodingKey { case upstream, tip, pulled, replayed, dropped, pushed, backups, rounds }
}

extension Handoff {
    /// How many times sync fetches and replays again when upstream moves before its push lands.
    public static let syncRounds = 3

    /// Fetches the upstream branch, replays the local commits it lacks on top of it (handoff
    /// operations by the rules, other commits as merges; each re-signed), moves the branch and
    /// working tree there, and pushes with a lease. `drop` names local commits to leave out.
    /// - Throws: `HandoffError.refused` when a commit cannot be replayed (the branch and remote
    ///   are left as they were; the message names the backup ref), when a local edit is in the
    ///   way, or when the remote refuses the push; `.usage` for an unknown remote or commit;
    ///   `.environment` when git cannot reach the remote.
    public func sync(remote: String? = nil, drop: [String] = [], rounds: Int = Handoff.syncRounds) throws(HandoffError) -> SyncResult {
        let workspace = try Workspace(context: context)
        guard let root = workspace.workingDirectory else {
            throw .usage("handoff sync needs a working tree; run it in a clone, not in a bare repository")
        }
        let repository = workspace.repository
        let start = try workspace.currentBranch()
        guard start.tip != nil else { throw .refused("\(start.name) has no commits yet; run 'handoff init' or 'git pull' first") }
        let upstream = try Upstream.of(start.name, remote: remote, config: workspace.config)
        let transport = RemoteTransport(process: GitProcess(directory: root, environment: context.environment), upstream: upstream)
        var dropped = [ObjectID]()
        for revision in drop {
            do {
                dropped.append(try repository.resolveCommit(revision))
            } catch {
                throw .usage("--drop \(revision) names no commit; give the id of a local commit sync could not replay")
            }
        }
        var state = SyncState(dropping: dropped)
        for round in 1...max(1, rounds) {
            let branch = try workspace.currentBranch()
            guard let local = branch.tip, branch.name == start.name else {
                throw .refused("\(start.name) changed while sync ran; run 'handoff sync' again")
            }
            func result(tip: ObjectID, pushed: Bool) -> SyncResult {
                SyncResult(
                    upstream: upstream.displayName, tip: tip, pulled: state.pulled, replayed: state.replayed,
                    dropped: dropped, pushed: pushed, backups: state.backups, rounds: round)
            }
            guard let remoteTip = try transport.fetch(into: repository) else {
                if try transport.push(local, expecting: nil) == .pushed { return result(tip: local, pushed: true) }
                continue
            }
            let target = try replayRound(local: local, onto: remoteTip, state: &state, workspace: workspace, branch: start.name, upstream: upstream)
            if target != local {
                // A handoff that landed here meanwhile: start the round again from it.
                guard try moveBranch(start.name, from: local, to: target, root: root, workspace: workspace, upstream: upstream) else { continue }
                state.pulled += try git({ () throws(GitError) in try repository.commits(in: "\(local.hex)..\(remoteTip.hex)") }).count
            }
            if target == remoteTip { return result(tip: target, pushed: false) }
            if try transport.push(target, expecting: remoteTip) == .pushed { return result(tip: target, pushed: true) }
            state.dropping = []
        }
        throw .refused("\(upstream.displayName), or \(start.name) here, kept moving while sync ran (\(rounds) rounds); your branch holds everything replayed so far, so run 'handoff sync' again")
    }

    /// What one sync carries from round to round.
    private struct SyncState {
        /// Local commits still to leave out (only in the first round; later rounds start from its result).
        var dropping: [ObjectID]
        var backups = [String]()
        var pulled = 0
        var replayed = [SyncResult.Commit]()
        /// The local commit each replacement stands for, so later rounds report the first ids.
        var originals = [ObjectID: ObjectID]()

        init(dropping: [ObjectID]) {
            self.dropping = dropping
        }
    }

    /// Where the branch should point after this round: upstream's tip (fast-forward), the local
    /// tip (nothing to replay), or the local commits replayed on top of upstream.
    /// - Throws: `HandoffError.refused` naming the commit that cannot be replayed.
    private func replayRound(
        local: ObjectID, onto remoteTip: ObjectID, state: inout SyncState, workspace: Workspace, branch: String, upstream: Upstream
    ) throws(HandoffError) -> ObjectID {
        let repository = workspace.repository
        if try git({ () throws(GitError) in try repository.isAncestor(local, of: remoteTip) }) {
            guard state.dropping.isEmpty else { throw .usage("there are no local commits to drop; \(branch) has nothing upstream lacks") }
            return remoteTip
        }
        guard let base = try git({ () throws(GitError) in try repository.mergeBase(local, remoteTip) }) else {
            throw .refused("\(branch) and \(upstream.displayName) share no history; sync only joins clones of one repository")
        }
        let localCommits = try git({ () throws(GitError) in try repository.commits(in: "\(remoteTip.hex)..\(local.hex)") })
        if let stray = state.dropping.first(where: { !localCommits.contains($0) }) {
            throw .usage("--drop \(stray.short) is not a local commit waiting to be pushed; see them with 'git log \(upstream.displayName)..'")
        }
        if base == remoteTip && state.dropping.isEmpty { return local }
        let backup = try saveBackup(of: local, branch: branch, in: repository)
        state.backups.append(backup)
        let replayer = Replayer(
            repository: repository, signer: try workspace.signer(), user: try workspace.identity().email,
            environment: context.environment,
            upstreamCommits: try git({ () throws(GitError) in try repository.commits(in: "\(base.hex)..\(remoteTip.hex)") }))
        let dropping = state.dropping
        switch try replayer.replay(localCommits.filter { !dropping.contains($0) }, onto: remoteTip) {
        case .stopped(let commit, let reason):
            throw .refused(stopMessage(commit, reason, backup: backup, upstream: upstream, repository: repository))
        case .done(let tip, let commits):
            let originals = state.originals
            state.replayed = commits.map { SyncResult.Commit(original: originals[$0.original] ?? $0.original, replacement: $0.replacement) }
            for commit in state.replayed { if let new = commit.replacement { state.originals[new] = commit.original } }
            return tip
        }
    }

    /// Keeps the branch's tip under `refs/handoff/backup/BRANCH/TIME` before sync rewrites it.
    private func saveBackup(of tip: ObjectID, branch: String, in repository: Repository) throws(HandoffError) -> String {
        let now = context.now()
        for attempt in 1...100 {
            let name = SyncBackup.name(branch: branch, at: now, attempt: attempt)
            do {
                try repository.moveReference(name, to: tip, expecting: nil, message: "handoff sync: backup before replay")
                return name
            } catch where error.isConcurrentUpdate {
                continue
            } catch {
                throw .git(error)
            }
        }
        throw .environment("cannot create a backup ref of \(branch) under \(SyncBackup.prefix); delete old ones with 'handoff sync --prune-backups'")
    }

    /// Moves the branch from `old` to `new` (compare-and-swap) and brings the working tree along;
    /// a local edit in the way refuses the move before anything changes.
    ///
    /// It runs under the lock every handoff command takes for this, so a handoff landing at the
    /// same moment cannot interleave its updates; and, as those commands do, it first waits for
    /// git's index lock and finishes what a command killed after its commit landed left (its
    /// journal): that command's files and index entries still hold the commit before, which is
    /// no staged change of the user's.
    /// - Returns: false, changing nothing, when another command moved the branch from `old`
    ///   before the lock was free (its index then differs from `old`'s tree, which is no local
    ///   edit of the user's).
    private func moveBranch(_ branch: String, from old: ObjectID, to new: ObjectID, root: String, workspace: Workspace, upstream: Upstream) throws(HandoffError) -> Bool {
        let repository = workspace.repository
        return try BranchLock.holding(in: repository.gitDirectory, context: context) { () throws(HandoffError) -> Bool in
            let sync = WorkingTreeSync(repository: repository, root: root)
            try sync.waitForIndexLock()
            try workspace.finishInterruptedCommand(sync)
            guard try git({ () throws(GitError) in try repository.resolveReference(branch) }) == old else { return false }
            let move = WorkingTreeMove(repository: repository, root: root)
            let steps = try move.plan(from: old, to: new)
            // The journal comes first: killed after the move, the next command (or the
            // pre-commit hook, which waits for it) brings the index and files in step.
            let gitDirectory = repository.gitDirectory
            try SyncJournal(branch: branch, old: old, new: new, paths: steps.map(\.path)).save(in: gitDirectory)
            do throws(GitError) {
                try repository.moveReference(branch, to: new, expecting: old, message: "handoff sync: onto \(upstream.displayName)")
            } catch where error.isConcurrentUpdate {
                SyncJournal.remove(from: gitDirectory)
                throw .refused("\(branch) moved while sync ran (another handoff landed); run 'handoff sync' again")
            } catch {
                SyncJournal.remove(from: gitDirectory)
                throw .git(error)
            }
            do throws(HandoffError) {
                try move.apply(steps)
            } catch {
                let problem = error.message
                context.notice?("warning: the synced commits landed (\(branch) is at \(new.short)), but the working tree and index did not follow: \(problem); run any handoff command (e.g. 'handoff status') to finish it; your own edits are kept")
                return true
            }
            SyncJournal.remove(from: gitDirectory)
            return true
        }
    }

    private func stopMessage(_ commit: ObjectID, _ reason: String, backup: String, upstream: Upstream, repository: Repository) -> String {
        let subject = (try? RawCommit(id: commit, bytes: try repository.rawObject(commit)).subject).map { " (\($0))" } ?? ""
        return "cannot replay your commit \(commit.short)\(subject) on \(upstream.displayName): \(reason). "
            + "Nothing changed: your branch and \(upstream.displayName) are as they were, and your commits are also saved at \(backup). "
            + "To sync the rest without it, run 'handoff sync --drop \(commit.short)' (then redo it if it still makes sense); to see what upstream did, run 'git log ..\(upstream.displayName)'."
    }
}
