import GitKit
import HandoffModel
import HandoffSigning

/// Replays local commits, oldest first, on top of another commit (the upstream tip), each one
/// re-signed with its original author, committer and dates:
/// - a handoff operation (offer, accept, note, …) is re-derived from the commit and applied to the
///   task as upstream left it, by the same rules as the command (`TaskTransitions`);
/// - any other commit (hand-made edits, new tasks, member changes) is replayed as a three-way
///   merge of trees, as a cherry-pick is, with task files merged by `TaskFileMerge`.
/// Every replayed commit is then checked by the rules `verify` and the server hook apply.
package final class Replayer {
    /// One local commit that was replayed.
    package struct Replayed: Sendable {
        /// The local commit.
        package let original: ObjectID
        /// Its replacement on top of upstream; nil when upstream already had its change.
        package let replacement: ObjectID?
    }

    /// How a replay ended.
    package enum Outcome {
        /// Every commit replayed; the new tip.
        case done(tip: ObjectID, replayed: [Replayed])
        /// `commit` could not be replayed, for `reason` (one sentence saying what upstream did).
        case stopped(commit: ObjectID, reason: String)
    }

    private let repository: Repository
    private let signer: CommitSigner
    private let user: String
    private let rules: CommitRules
    private let policies: PolicyCache
    private let explainer: UpstreamExplainer

    /// A replayer signing as `user` with `signer`; `upstreamCommits` are the commits upstream made
    /// since the common ancestor, used to say what happened when a replay fails.
    package init(repository: Repository, signer: CommitSigner, user: String, environment: [String: String], upstreamCommits: [ObjectID]) {
        self.repository = repository
        self.signer = signer
        self.user = user
        policies = PolicyCache(repository: repository)
        rules = CommitRules(repository: repository, policies: policies, environment: environment)
        explainer = UpstreamExplainer(repository: repository, commits: upstreamCommits)
    }

    /// Replays `commits` (oldest first) on top of `start`.
    /// - Throws: `HandoffError.environment` when git or signing fails.
    package func replay(_ commits: [ObjectID], onto start: ObjectID) throws(HandoffError) -> Outcome {
        var tip = start
        var replayed = [Replayed]()
        for id in commits {
            let commit = try RawCommit(id: id, bytes: try git({ () throws(GitError) in try repository.rawObject(id) }))
            guard commit.parents.count == 1, let originalParent = commit.parents.first else {
                return .stopped(commit: id, reason: "it is a merge commit; sync replays a straight line of commits, so redo the merge with 'git pull' instead")
            }
            guard commit.committer.email.caseInsensitiveEquals(user) else {
                return .stopped(commit: id, reason: "it was committed by \(commit.committer.email), not by you (\(user)); sync re-signs what it replays and can only sign as you, so ask \(commit.committer.email) to sync it")
            }
            let step: Step
            let actions = commit.trailerValues(.action)
            // Operations are replayed by their rules; anything else by merging text.
            if actions.count == 1, let action = actions.first, case .operation(let kind)? = Action(rawValue: action) {
                step = try operationStep(commit, kind, originalParent: originalParent, onto: tip)
            } else {
                step = try mergeStep(commit, originalParent: originalParent, onto: tip)
            }
            switch step {
            case .stop(let reason):
                return .stopped(commit: id, reason: reason)
            case .alreadyUpstream:
                replayed.append(Replayed(original: id, replacement: nil))
            case .commit(let tree, let message):
                let new = try write(tree: tree, parent: tip, like: commit, message: message)
                let raw = try RawCommit(id: new, bytes: try git({ () throws(GitError) in try repository.rawObject(new) }))
                let createsPolicy = actions == [Action.initialize.rawValue]
                let violations = try rules.check(raw, isTrustRoot: createsPolicy)
                if let first = violations.first {
                    return .stopped(commit: id, reason: "on top of upstream it would break the rules [\(first.rule)]: \(first.message)")
                }
                replayed.append(Replayed(original: id, replacement: new))
                tip = new
            }
        }
        return .done(tip: tip, replayed: replayed)
    }

    private enum Step {
        case commit(tree: ObjectID, message: String)
        case alreadyUpstream
        case stop(String)
    }

    /// Re-derives the operation `commit` recorded and applies it to the task as of `parent`.
    private func operationStep(_ commit: RawCommit, _ kind: TaskOperation.Kind, originalParent: ObjectID, onto parent: ObjectID) throws(HandoffError) -> Step {
        let action = kind.rawValue
        guard let id = commit.trailerValues(.task).first else {
            return .stop("its Handoff-Action \(action) names no Handoff-Task, so it is not a handoff operation sync can replay")
        }
        let oldTree = try git({ () throws(GitError) in try repository.commit(originalParent).tree })
        let changes = try TreeDiff.files(from: oldTree, to: commit.tree, in: repository)
        guard changes.count == 1, let change = changes.first, change.path.hasSuffix("/\(id).md"),
            let oldEntry = change.old, let newEntry = change.new
        else {
            return .stop("it changes more than the task file of \(id) (or not that file), so it is not an operation sync can replay; split it with 'git rebase -i' or drop it")
        }
        let before = try TaskDocument(bytes: try blob(oldEntry.id), path: change.path)
        let after = try TaskDocument(bytes: try blob(newEntry.id), path: change.path)
        guard let operation = RecordedOperation.operation(
            kind, receiver: commit.trailerValues(.to).first,
            stage: commit.trailerValues(.toStage).first, respondBy: commit.trailerValues(.respondBy).first, oldBody: before.body, newBody: after.body)
        else {
            return .stop("its change to \(change.path) is not what '\(action)' writes, so the operation cannot be read back from it")
        }
        let snapshot = try Snapshot(repository: repository, branch: "", tip: parent)
        guard let currentBytes = try snapshot.fileBytes(change.path) else {
            return .stop("upstream has no \(change.path) any more\(explainer.lastChange(to: change.path))")
        }
        let current = try TaskDocument(bytes: currentBytes, path: change.path)
        guard let workflow = try policies.policy(of: snapshot.tree)?.workflow else {
            return .stop("upstream has no handoff workflow (\(Workflow.path)) any more")
        }
        let outcome: OperationOutcome
        do {
            outcome = try TaskTransitions.apply(operation, to: current, workflow: workflow, actor: commit.committer.email, at: commit.committer.time)
        } catch {
            let upstream = explainer.lastChange(to: change.path)
            return .stop("'\(action)' is no longer allowed on \(id)\(upstream): \(error.message)")
        }
        let blob = try git({ () throws(GitError) in try repository.writeBlob(outcome.document.bytes) })
        let tree = try git({ () throws(GitError) in try repository.updatedTree(snapshot.tree, applying: [TreeUpdate(path: change.path, blob: blob)]) })
        let message = CommitMessage.forOperation(kind, task: try HandoffTask(document: current), outcome: outcome)
        return .commit(tree: tree, message: message.text)
    }

    /// Merges the change `commit` made to its parent into the tree of `parent`, as a cherry-pick does.
    private func mergeStep(_ commit: RawCommit, originalParent: ObjectID, onto parent: ObjectID) throws(HandoffError) -> Step {
        let baseTree = try git({ () throws(GitError) in try repository.commit(originalParent).tree })
        let ourTree = try git({ () throws(GitError) in try repository.commit(parent).tree })
        let repo = self.repository
        let merge = try git({ () throws(GitError) in
            try repo.mergeTrees(base: baseTree, ours: ourTree, theirs: commit.tree) { conflict in
                guard HandEditRules.isTaskPath(conflict.path), let ours = conflict.ours, let theirs = conflict.theirs else { return nil }
                let base = try conflict.base.map { try repo.blobContents($0) } ?? []
                let merged = try TaskFileMerge.merge(base: base, ours: try repo.blobContents(ours), theirs: try repo.blobContents(theirs))
                return merged.isClean ? try repo.writeBlob(merged.contents) : nil
            }
        })
        switch merge {
        case .clean(let tree):
            return tree == ourTree ? .alreadyUpstream : .commit(tree: tree, message: commit.message)
        case .conflicts(let conflicts):
            let paths = conflicts.map(\.path)
            let upstream = paths.count == 1 ? explainer.lastChange(to: paths[0]) : ""
            return .stop("its changes to \(paths.joined(separator: ", ")) conflict with upstream's\(upstream)")
        }
    }

    private func write(tree: ObjectID, parent: ObjectID, like original: RawCommit, message: String) throws(HandoffError) -> ObjectID {
        func person(_ signer: RawCommit.Signer) -> Person {
            Person(name: signer.name, email: signer.email, time: signer.time.seconds, offsetMinutes: signer.time.offsetMinutes)
        }
        return try repository.writeCommit(
            tree: tree, parents: [parent], author: person(original.author), committer: person(original.committer),
            message: message, signedBy: signer, what: "the replayed commit")
    }

    private func blob(_ id: ObjectID) throws(HandoffError) -> [UInt8] {
        try git({ () throws(GitError) in try repository.blobContents(id) })
    }
}

/// Says which upstream commit last changed a path, for messages about a replay that failed.
struct UpstreamExplainer {
    let repository: Repository
    /// Upstream's new commits, oldest first.
    let commits: [ObjectID]

    /// `", after upstream commit 1a2b3c4 by carol@example.com (handoff: withdraw HO-1 …)"`, or
    /// empty when no upstream commit changed `path`.
    func lastChange(to path: String) -> String {
        for id in commits.reversed() {
            guard let bytes = try? repository.rawObject(id), let commit = try? RawCommit(id: id, bytes: bytes),
                let parent = commit.parents.first, let parentTree = try? repository.commit(parent).tree,
                let changes = try? TreeChanges.between(parentTree, commit.tree, under: [path], in: repository), !changes.isEmpty
            else { continue }
            return ", after upstream commit \(id.short) by \(commit.committer.email) (\(commit.subject))"
        }
        return ""
    }
}
