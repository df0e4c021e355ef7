import Foundation
import GitKit
import HandoffModel
import HandoffSigning

/// One file a handoff commit writes.
public struct FileChange: Sendable {
    /// The path inside the repository.
    public let path: String
    /// Its new bytes.
    public let contents: [UInt8]

    /// A change that makes `path` hold `contents`.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// What one commit writes and says: what a command makes of the branch as it finds it.
public struct PlannedCommit: Sendable {
    /// The files it writes.
    public let changes: [FileChange]
    /// Its message.
    public let message: CommitMessage

    /// A commit writing `changes` with `message`.
    public init(changes: [FileChange], message: CommitMessage) {
        self.changes = changes
        self.message = message
    }
}

/// Makes a signed commit on the current branch without touching unrelated files: new blobs and a
/// tree updated by path, the payload signed as git signs it, the branch moved only if it still
/// points where it did (compare-and-swap), then the working tree and index brought in step.
///
/// Moving the branch and updating the working tree and index happen under `BranchLock`, with a
/// `SyncJournal` written before the move, so concurrent handoff processes update them in the
/// order their commits land and a process killed in between is finished by the next one.
public struct CommitWriter {
    let workspace: Workspace

    /// How often `commit(as:signer:_:)` tries before giving up when the branch keeps moving.
    static let maximumAttempts = 10

    /// Creates a writer for `workspace`.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Commits what `plan` makes of the current branch, as `identity`, signed by the signer
    /// `signer` makes (asked for once, after the first plan succeeded). When
    /// another process moves the branch first, `plan` runs again on the new tip (operations
    /// are pure functions of the files they change), after a short random pause; from the
    /// second attempt on, the whole attempt holds the branch lock, so only a writer other than
    /// handoff (e.g. `git commit`) can make it lose again.
    /// - Returns: the new commit's id and what `plan` returned with the commit that landed.
    /// - Throws: what `plan` throws (on a retry, a refusal says the branch moved first);
    ///   `HandoffError.refused` when a local edit is in the way or the branch kept moving;
    ///   `.environment` when signing or git fails. Nothing is written to the branch then.
    public func commit<Result>(
        as identity: Identity, signer makeSigner: () throws(HandoffError) -> CommitSigner,
        _ plan: (Snapshot) throws(HandoffError) -> (PlannedCommit, Result)
    ) throws(HandoffError) -> (commit: ObjectID, result: Result) {
        try Self.sayingNothingCommitted { () throws(HandoffError) in try commitAttempts(as: identity, signer: makeSigner, plan) }
    }

    /// `commit(as:signer:_:)` without the sentence its failures end with.
    private func commitAttempts<Result>(
        as identity: Identity, signer makeSigner: () throws(HandoffError) -> CommitSigner,
        _ plan: (Snapshot) throws(HandoffError) -> (PlannedCommit, Result)
    ) throws(HandoffError) -> (commit: ObjectID, result: Result) {
        try finishInterruptedCommandFirst()
        var signer: CommitSigner?
        func sign() throws(HandoffError) -> CommitSigner {
            if let signer { return signer }
            let made = try makeSigner()
            signer = made
            return made
        }
        var firstTip: ObjectID?
        for attempt in 1...Self.maximumAttempts {
            let isRetry = attempt > 1
            if isRetry { usleep(UInt32.random(in: 1_000...(5_000 * UInt32(min(attempt, 8))))) }
            let landed = try isRetry
                ? BranchLock.holding(in: workspace.repository.gitDirectory, context: workspace.context) { () throws(HandoffError) in
                    try attemptCommit(as: identity, signer: sign, plan, firstTip: &firstTip, lockHeld: true)
                }
                : attemptCommit(as: identity, signer: sign, plan, firstTip: &firstTip, lockHeld: false)
            if let landed { return landed }
        }
        let branch = try workspace.currentBranch().name
        throw .refused("\(branch) kept moving while this command ran (\(Self.maximumAttempts) tries); run it again")
    }

    /// Commits `changes` on top of `parent` (nil for the first commit) as `identity`, signed by
    /// `signer`, in one attempt.
    /// - Returns: the new commit's id.
    /// - Throws: `HandoffError.refused` when a local edit is in the way or the branch moved meanwhile;
    ///   `.environment` when signing or git fails. Nothing is written to the branch in either case.
    @discardableResult
    public func commit(
        _ changes: [FileChange], message: CommitMessage, branch: String, parent: ObjectID?,
        identity: Identity, signer: CommitSigner
    ) throws(HandoffError) -> ObjectID {
        try Self.sayingNothingCommitted { () throws(HandoffError) in
            try finishInterruptedCommandFirst()
            let commit = try writeCommit(changes, message: message, parent: parent, identity: identity, signer: signer)
            guard try land(commit, changes: changes, branch: branch, parent: parent, subject: message.subject, lockHeld: false) else {
                throw .refused("\(branch) moved while this command ran (another commit landed); run it again")
            }
            return commit
        }
    }

    /// Runs `body`, adding to a failure of git, the disk or the signer that nothing was
    /// committed: such a message (say, "No space left on device") does not tell by itself
    /// whether the handoff was recorded. Once a commit lands, a failure is only a warning.
    private static func sayingNothingCommitted<T>(_ body: () throws(HandoffError) -> T) throws(HandoffError) -> T {
        do {
            return try body()
        } catch where error.kind == .environment {
            throw .environment(error.message + "; nothing was committed", cause: error.cause)
        }
    }

    /// One attempt: read the branch, plan, write and sign the commit, land it. The first attempt
    /// runs without the lock, so what it sees of the index may be half a step behind another
    /// process: a refusal there is checked again under the lock before it stands.
    /// - Returns: nil when the branch moved before the commit could land, or the unlocked check
    ///   of the working tree refused.
    private func attemptCommit<Result>(
        as identity: Identity, signer: () throws(HandoffError) -> CommitSigner, _ plan: (Snapshot) throws(HandoffError) -> (PlannedCommit, Result),
        firstTip: inout ObjectID?, lockHeld: Bool
    ) throws(HandoffError) -> (commit: ObjectID, result: Result)? {
        let snapshot = try workspace.snapshot()
        if firstTip == nil { firstTip = snapshot.tip }
        let planned: (commit: PlannedCommit, result: Result)
        do {
            planned = try plan(snapshot)
        } catch where error.kind == .refused && firstTip != snapshot.tip {
            throw .refused("another handoff landed on \(snapshot.branch) while this command ran, and now: \(error.message)")
        }
        let changes = planned.commit.changes
        do {
            try checkWorkingTree(for: changes, parentTree: snapshot.tree)
        } catch where error.kind == .refused && !lockHeld {
            return nil
        }
        let commit = try writeCommit(changes, message: planned.commit.message, parent: snapshot.tip, identity: identity, signer: try signer())
        let landed = try land(
            commit, changes: changes, branch: snapshot.branch, parent: snapshot.tip,
            subject: planned.commit.message.subject, lockHeld: lockHeld)
        return landed ? (commit, planned.result) : nil
    }

    /// Refuses early, before anything is signed, when a local edit is in the way of `changes`
    /// (checked again under the lock before the branch moves).
    private func checkWorkingTree(for changes: [FileChange], parentTree: ObjectID) throws(HandoffError) {
        guard let root = workspace.workingDirectory else { return }
        let sync = WorkingTreeSync(repository: workspace.repository, root: root)
        for change in changes {
            _ = try sync.plan(path: change.path, base: try baseBytes(change.path, tree: parentTree), committed: change.contents)
        }
    }

    /// Writes the blobs, tree and signed commit object; the branch does not move yet.
    private func writeCommit(
        _ changes: [FileChange], message: CommitMessage, parent: ObjectID?, identity: Identity, signer: CommitSigner
    ) throws(HandoffError) -> ObjectID {
        let repository = workspace.repository
        let parentTree = try parent.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
        var updates = [TreeUpdate]()
        for change in changes {
            let blob = try git({ () throws(GitError) in try repository.writeBlob(change.contents) })
            updates.append(TreeUpdate(path: change.path, blob: blob))
        }
        let tree = try git({ () throws(GitError) in try repository.updatedTree(parentTree, applying: updates) })
        return try repository.writeCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], author: identity.author, committer: identity.committer,
            message: message.text, signedBy: signer, what: "the commit")
    }

    /// Moves `branch` from `parent` to `commit` and brings the working tree and index in step,
    /// under the branch lock (taken here unless `lockHeld`).
    /// - Returns: false when the branch no longer points at `parent` (nothing written then).
    private func land(
        _ commit: ObjectID, changes: [FileChange], branch: String, parent: ObjectID?, subject: String, lockHeld: Bool
    ) throws(HandoffError) -> Bool {
        guard lockHeld else {
            return try BranchLock.holding(in: workspace.repository.gitDirectory, context: workspace.context) { () throws(HandoffError) in
                try land(commit, changes: changes, branch: branch, parent: parent, subject: subject, lockHeld: true)
            }
        }
        let repository = workspace.repository
        let gitDirectory = repository.gitDirectory
        let sync = workspace.workingDirectory.map { WorkingTreeSync(repository: repository, root: $0) }
        if let sync { try workspace.finishInterruptedCommand(sync) }
        guard try git({ () throws(GitError) in try repository.resolveReference(branch) }) == parent else { return false }
        var plans = [WorkingTreeSync.Plan]()
        if let sync {
            let parentTree = try parent.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
            for change in changes {
                let base = try parentTree.flatMap { tree throws(HandoffError) in try baseBytes(change.path, tree: tree) }
                plans.append(try sync.plan(path: change.path, base: base, committed: change.contents))
            }
            try SyncJournal(branch: branch, old: parent, new: commit, paths: changes.map(\.path)).save(in: gitDirectory)
        }
        var lockedPolls = 0
        while true {
            do {
                try repository.moveReference(branch, to: commit, expecting: parent, message: subject)
                break
            } catch where error.isLocked && lockedPolls < WorkingTreeSync.lockPolls {
                lockedPolls += 1
                usleep(WorkingTreeSync.lockPollMicroseconds)
            } catch where error.isConcurrentUpdate {
                SyncJournal.remove(from: gitDirectory)
                if error.isLocked {
                    throw .refused("\(branch) is locked by another git command (\(error.message)); if none is running, remove the .lock file it names and run the command again")
                }
                return false
            } catch {
                SyncJournal.remove(from: gitDirectory)
                throw .git(error)
            }
        }
        do {
            try sync?.apply(plans)
        } catch {
            // The commit landed: say so and keep the journal, so the next handoff command (or
            // the pre-commit hook, which refuses until then) finishes the update.
            workspace.context.notice?("warning: commit \(commit.short) landed, but the working tree and index did not follow: \(error.message); "
                + "run any handoff command (e.g. 'handoff status') to finish it; your own edits are kept, and this command must not be run again")
            return true
        }
        SyncJournal.remove(from: gitDirectory)
        return true
    }

    /// Before planning: when a killed command left its journal, finish its work under the lock,
    /// so the working tree a plan checks is in step with the branch.
    private func finishInterruptedCommandFirst() throws(HandoffError) {
        guard let root = workspace.workingDirectory, workspace.hasJournal else { return }
        let sync = WorkingTreeSync(repository: workspace.repository, root: root)
        try BranchLock.holding(in: workspace.repository.gitDirectory, context: workspace.context) { () throws(HandoffError) in
            try workspace.finishInterruptedCommand(sync)
        }
    }

    private func baseBytes(_ path: String, tree: ObjectID) throws(HandoffError) -> [UInt8]? {
        let repository = workspace.repository
        guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
        return try git({ () throws(GitError) in try repository.blobContents(entry.id) })
    }
}
