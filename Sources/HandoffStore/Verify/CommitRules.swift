import ByteRanges
import Foundation
import GitKit
import HandoffModel

/// The rules of SPEC §4 for one commit, judged against the policy of its first parent.
struct CommitRules {
    let repository: Repository
    let policies: PolicyCache
    let environment: [String: String]
    /// Whether a created task's ID is left unchecked against the parent's tasks, because the
    /// caller sees every commit of the history and checks IDs created more than once itself
    /// (see `ParallelCheck.violations`).
    var defersIDLookups = false
    /// Task files parsed by this worker lately.
    let documents = TaskDocumentCache()
    /// The last commit this worker checked: usually the next commit's parent.
    private let previous = PreviousCommit()

    /// Operations that touch the policy, not a task.
    /// Every violation in `commit`; `isTrustRoot` lets a commit that creates `.handoff/` be judged
    /// by its own policy (trust on first use).
    func check(_ commit: RawCommit, isTrustRoot: Bool) throws(HandoffError) -> [Violation] {
        try checkCreating(commit, isTrustRoot: isTrustRoot).violations
    }

    /// Every violation in `commit`, and the IDs whose task entries it adds against its first
    /// parent, by any means: created, imported, moved, merged in or added by hand.
    func checkCreating(_ commit: RawCommit, isTrustRoot: Bool) throws(HandoffError) -> (violations: [Violation], added: Set<String>) {
        let parentTree = try commit.parents.first.map { id throws(HandoffError) -> ObjectID in
            if id == previous.id, let tree = previous.tree { return tree }
            return try git({ () throws(GitError) in try repository.commit(id).tree })
        }
        (previous.id, previous.tree) = (commit.id, commit.tree)
        var added = Set<String>()
        // Every new or changed top-level name: the watched ones, and lookalikes of tasks/ or
        // .handoff/ that are never in `changes`.
        let topLevel = try git({ () throws(GitError) in try repository.treeDifferences(parentTree, commit.tree) })
        let changes = try TreeChanges.below(PathRules.watched, topLevel: topLevel, in: repository, addingTasks: &added)
        let pathProblems = topLevel.compactMap { $0.new.flatMap(PathRules.problem(ofTopLevel:)) }
            + changes.compactMap { change in
                guard let entry = change.new else { return nil }
                guard change.path.hasPrefix(TaskLocation.root + "/") else { return PathRules.problem(ofPolicyPath: change.path, entry: entry) }
                return PathRules.problem(ofTaskPath: change.path, entry: entry)
            }
        return (try check(commit, changes: changes, pathProblems: pathProblems, parentTree: parentTree, isTrustRoot: isTrustRoot), added)
    }

    private func check(
        _ commit: RawCommit, changes: [PathChange], pathProblems: [String], parentTree: ObjectID?, isTrustRoot: Bool
    ) throws(HandoffError) -> [Violation] {
        guard !changes.isEmpty || !pathProblems.isEmpty || commit.hasHandoffTrailers || commit.trailerAmbiguity != nil else { return [] }
        var violations = [Violation]()
        func fail(_ task: String?, _ rule: Violation.Rule, _ message: String) {
            violations.append(Violation(commit: commit.id.hex, task: task, rule: rule, message: message))
        }
        let parentPolicy = try parentTree.flatMap { tree throws(HandoffError) in try policies.policy(of: tree) }
        let ownPolicy: Policy?
        do {
            ownPolicy = try policies.policy(of: commit.tree)
        } catch {
            fail(nil, .policy, "\(error.message); fix the file in a new commit by an admin")
            return violations
        }
        guard let policy = parentPolicy ?? (isTrustRoot ? ownPolicy : nil) else {
            if ownPolicy != nil {
                fail(nil, .policy, "creates .handoff/ where no policy existed, but is not the trust root; only the first 'handoff init' may do that (or pin it with --trust-root)")
            }
            return violations
        }
        if ownPolicy == nil {
            fail(nil, .policy, "deletes the handoff policy (.handoff/config.yml); restore it")
            return violations
        }

        if let ambiguity = commit.trailerAmbiguity {
            fail(nil, .trailers, "git could read its Handoff-* trailers differently: \(ambiguity); only handoff's own commits carry them, as the last paragraph of 'Key: value' lines")
        }
        guard !changes.isEmpty || !pathProblems.isEmpty else {
            if commit.hasHandoffTrailers {
                fail(commit.trailerValues(.task).first, .trailers, "carries Handoff-* trailers but changes no task or policy; only handoff's own commits carry them")
            }
            return violations
        }
        if case .bad(let problem) = SignatureCheck.check(commit, against: policy, environment: environment) {
            fail(commit.trailerValues(.task).first, .signature, problem)
        }
        for problem in pathProblems { fail(nil, .path, problem) }
        guard pathProblems.isEmpty else { return violations }

        let policyChanges = changes.filter { PathRules.isPolicy($0.path) }
        // Anyone may rotate their own key; everything else in the policy is an admin's, and
        // under policy_approvals a proposal's.
        if !policyChanges.isEmpty, !KeyRotationRule.isOwnRotation(commit, changes: policyChanges, parent: policy, own: ownPolicy ?? policy) {
            if !policy.workflow.isAdmin(commit.committer.email) {
                fail(nil, .policy, PathRules.notAdmin(commit.committer.email, changed: policyChanges.map(\.path)))
            } else {
                try PolicyProposalRules(repository: repository).check(commit, changes: policyChanges, parentTree: parentTree, policy: policy, fail: fail)
            }
        }

        if commit.parents.count > 1 {
            try checkMerge(commit, changes: changes, fail: fail)
            return violations
        }

        let taskChanges = changes.filter { HandEditRules.isTaskPath($0.path) }
        let actions = commit.trailerValues(.action)
        let tasks = commit.trailerValues(.task)
        guard !actions.isEmpty || !tasks.isEmpty else {
            for change in taskChanges { try checkHandEdit(change, fail: fail) }
            return violations
        }
        guard actions.count == 1, tasks.count <= 1, let action = actions.first else {
            fail(tasks.first, .trailers, "a handoff commit names exactly one Handoff-Action and at most one Handoff-Task; found \(actions.count) and \(tasks.count)")
            return violations
        }
        let known = Action(rawValue: action)
        switch known {
        case .initialize, .memberAdd, .memberRemove, .memberEdit, .memberKey, .policyPropose, .policyApprove:
            if let change = taskChanges.first {
                fail(tasks.first, .trailers, "a '\(action)' commit may not change tasks, but changes \(change.path)")
            }
            return violations
        case .import:
            if !tasks.isEmpty {
                fail(tasks.first, .trailers, "an 'import' commit names no Handoff-Task; it may only create tasks")
            }
            if !policyChanges.isEmpty {
                fail(nil, .trailers, "an import may not also change .handoff/; make policy changes in their own commit")
            }
            try checkImport(commit, changes: taskChanges, policy: policy, parentTree: parentTree, fail: fail)
            return violations
        case .new, .operation, nil:
            break
        }
        guard let id = tasks.first else {
            fail(nil, .trailers, "Handoff-Action \(action) needs a Handoff-Task trailer")
            return violations
        }
        guard taskChanges.count == 1, let change = taskChanges.first, change.path.hasSuffix("/\(id).md") else {
            fail(id, .trailers, "the trailers name \(id), but the commit changes \(taskChanges.map(\.path).joined(separator: ", ").ifEmpty("no task")); one task per handoff commit")
            return violations
        }
        if !policyChanges.isEmpty {
            fail(id, .trailers, "a task operation may not also change .handoff/; make policy changes in their own commit")
        }
        let deadlines = commit.trailerValues(.respondBy)
        if !deadlines.isEmpty, deadlines.count > 1 || known != .operation(.offer) {
            fail(id, .trailers, "only an offer carries a Handoff-Respond-By trailer, and at most one; found \(deadlines.count) on '\(action)'")
        }
        try checkOperation(action, known, id: id, change: change, commit: commit, policy: policy, parentTree: parentTree, fail: fail)
        return violations
    }

    /// Checks a commit that records `action` (`known`, when handoff writes it) on the task `id`:
    /// `new` as a creation, an operation by applying it again to the parent's file.
    private func checkOperation(
        _ action: String, _ known: Action?, id: String, change: PathChange, commit: RawCommit, policy: Policy, parentTree: ObjectID?,
        fail: (String?, Violation.Rule, String) -> Void
    ) throws(HandoffError) {
        guard let newEntry = change.new else {
            fail(id, .taskFile, "deletes \(change.path); task files never move or disappear")
            return
        }
        let newDocument: TaskDocument
        let newTask: HandoffTask
        do {
            newDocument = try document(newEntry, path: change.path)
            newTask = try documents.task(newEntry.id, of: newDocument)
        } catch {
            fail(id, .taskFile, error.message)
            return
        }
        let actor = commit.committer.email
        if known == .new {
            try checkCreation(id: id, change: change, task: newTask, actor: actor, policy: policy, parentTree: parentTree, fail: fail)
            return
        }
        guard let oldEntry = change.old else {
            fail(id, .transition, "'\(action)' must change an existing task, but \(change.path) is new; create tasks with handoff new")
            return
        }
        let oldDocument: TaskDocument
        do {
            oldDocument = try document(oldEntry, path: change.path)
        } catch {
            fail(id, .taskFile, "the parent's \(error.message)")
            return
        }
        guard case .operation(let kind)? = known, let operation = RecordedOperation.operation(
            kind, receiver: commit.trailerValues(.to).first,
            stage: commit.trailerValues(.toStage).first, respondBy: commit.trailerValues(.respondBy).first, oldBody: oldDocument.body, newBody: newDocument.body)
        else {
            fail(id, .transition, "the change is not what '\(action)' writes (the body must only gain one log entry); use the handoff command")
            return
        }
        do {
            // Equal bytes are a file that parsed as newDocument did, so only a differing result
            // is parsed back, to tell a refusal from a different edit as `apply` would.
            let edit = try TaskTransitions.edited(
                operation, to: oldDocument, task: documents.knownTask(oldEntry.id, of: oldDocument), workflow: policy.workflow,
                actor: actor, at: commit.committer.time)
            if !sameBytes(edit.document.bytes, newDocument.bytes) {
                _ = try HandoffTask(document: edit.document)
                fail(id, .transition, "the new file is not what '\(action)' by \(actor) makes of the parent's file; something else was edited in the same commit")
            }
        } catch {
            fail(id, .transition, "\(actor) may not \(action) here: \(error.message)")
        }
    }

    /// An import: an admin creates many tasks at once, each as `new` would.
    private func checkImport(
        _ commit: RawCommit, changes: [PathChange], policy: Policy, parentTree: ObjectID?,
        fail: (String?, Violation.Rule, String) -> Void
    ) throws(HandoffError) {
        let actor = commit.committer.email
        if !policy.workflow.isAdmin(actor) {
            fail(nil, .transition, "\(actor) imported tasks but is not an admin; only an admin may import")
        }
        if commit.trailerValues(.count) != [String(changes.count)] {
            fail(nil, .trailers, "Handoff-Count says \(commit.trailerValues(.count).joined(separator: ", ").ifEmpty("nothing")) but the commit creates \(changes.count) task files")
        }
        let existing = defersIDLookups ? [] : try existingIDs(of: changes, in: parentTree)
        var seen = Set<String>()
        for change in changes {
            let id = HandEditRules.taskID(of: change.path)
            guard let entry = change.new, change.old == nil else {
                fail(id, .transition, "an import may only create tasks, but it changes \(change.path)")
                continue
            }
            let task: HandoffTask
            do {
                task = try HandoffTask.summary(bytes: try blob(entry), path: change.path)
            } catch {
                fail(id, .taskFile, error.message)
                continue
            }
            let unique = !existing.contains(id) && seen.insert(id).inserted
            try checkCreation(id: id, change: change, task: task, actor: actor, policy: policy, isTaken: { _ in !unique }, fail: fail)
        }
    }

    /// The IDs of `changes`' files that some month folder of `parentTree` already holds, looked
    /// up by name in each folder rather than by listing every task.
    private func existingIDs(of changes: [PathChange], in parentTree: ObjectID?) throws(HandoffError) -> Set<String> {
        guard let parentTree else { return [] }
        let names = Set(changes.compactMap { $0.path.split(separator: "/").last.map(String.init) })
        let folders = try git({ () throws(GitError) in try TaskIndex.folders(in: repository, tree: parentTree) })
        let entries = try git({ () throws(GitError) in try repository.entries(named: names, in: folders.map(\.tree)) })
        return Set(entries.filter { $0.kind == .blob || $0.kind == .tree }.map { String($0.name.dropLast(3)) })
    }

    private func checkCreation(
        id: String, change: PathChange, task: HandoffTask, actor: String, policy: Policy, parentTree: ObjectID?,
        fail: (String?, Violation.Rule, String) -> Void
    ) throws(HandoffError) {
        try checkCreation(id: id, change: change, task: task, actor: actor, policy: policy, isTaken: { id throws(HandoffError) in
            guard let parentTree, !defersIDLookups else { return false }
            return try TaskIndex.contains(id: id, in: repository, tree: parentTree)
        }, fail: fail)
    }

    /// The rules for a task `task` created by `actor`; `task` is the new file, already parsed.
    private func checkCreation(
        id: String, change: PathChange, task: HandoffTask, actor: String, policy: Policy,
        isTaken: (String) throws(HandoffError) -> Bool, fail: (String?, Violation.Rule, String) -> Void
    ) throws(HandoffError) {
        guard change.old == nil else {
            fail(id, .transition, "'new' must create \(change.path), but it already existed")
            return
        }
        let parts = HandEditRules.pathParts(change.path)
        if task.id != id || parts.count != 3 || !Self.isMonthFolder(parts[1]) {
            fail(id, .taskFile, "\(change.path) must be tasks/YYYY-MM/\(task.id).md with id \(id)")
        }
        if task.state != .open || task.offer != nil {
            fail(id, .transition, "a new task starts open with no offer")
        }
        guard policy.workflow.member(actor) != nil else {
            fail(id, .transition, "\(actor) is not a member and may not create tasks")
            return
        }
        if !(policy.workflow.member(task.owner)?.stages.contains(task.stage) ?? false) {
            fail(id, .transition, "owner \(task.owner) does not work in stage \(task.stage)")
        }
        if try isTaken(id) {
            fail(id, .taskFile, "ID \(id) already exists; IDs are unique")
        }
    }

    private func checkHandEdit(_ change: PathChange, fail: (String?, Violation.Rule, String) -> Void) throws(HandoffError) {
        let old = try change.old.map { entry throws(HandoffError) in try blob(entry) }
        let new = try change.new.map { entry throws(HandoffError) in try blob(entry) }
        for problem in HandEditRules.problems(path: change.path, old: old, new: new) {
            fail(HandEditRules.taskID(of: change.path), problem.rule, problem.message)
        }
    }

    private func checkMerge(_ commit: RawCommit, changes: [PathChange], fail: (String?, Violation.Rule, String) -> Void) throws(HandoffError) {
        for change in changes {
            var seen = false
            for parent in commit.parents.dropFirst() {
                let tree = try git({ () throws(GitError) in try repository.commit(parent).tree })
                let entry = try git({ () throws(GitError) in try repository.treeEntry(at: change.path, in: tree) })
                if entry?.id == change.new?.id { seen = true }
            }
            if !seen, try isDriverMerge(commit, change) { seen = true }
            if !seen {
                let id = HandEditRules.isTaskPath(change.path) ? HandEditRules.taskID(of: change.path) : nil
                fail(id, .merge, "the merge brings \(change.path) into a state neither parent had; make handoff changes in ordinary commits and merge without editing")
            }
        }
    }

    /// True when a two-parent merge gives task file `change` exactly what the task-file merge
    /// driver makes of the parents' versions without a conflict (notes interleaved, each field
    /// from the side that changed it), so `git pull` of concurrent notes can be pushed.
    private func isDriverMerge(_ commit: RawCommit, _ change: PathChange) throws(HandoffError) -> Bool {
        guard commit.parents.count == 2, HandEditRules.isTaskPath(change.path), let merged = change.new else { return false }
        let (first, second) = (commit.parents[0], commit.parents[1])
        guard let base = try git({ () throws(GitError) in try repository.mergeBase(first, second) }) else { return false }
        func bytes(_ id: ObjectID) throws(HandoffError) -> [UInt8]? {
            let tree = try git({ () throws(GitError) in try repository.commit(id).tree })
            guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: change.path, in: tree) }) else { return nil }
            return try blob(entry)
        }
        guard let ours = try bytes(first), let theirs = try bytes(second) else { return false }
        let result = try TaskFileMerge.merge(base: try bytes(base) ?? [], ours: ours, theirs: theirs)
        guard result.isClean else { return false }
        return result.contents == (try blob(merged))
    }

    /// The parsed task file of `entry`, from this worker's cache when a neighbouring commit read it.
    private func document(_ entry: TreeEntry, path: String) throws(HandoffError) -> TaskDocument {
        try documents.document(entry.id, path: path) { () throws(HandoffError) in try blob(entry) }
    }

    private func blob(_ entry: TreeEntry) throws(HandoffError) -> [UInt8] {
        try git({ () throws(GitError) in try repository.blobContents(entry.id) })
    }

    static func isMonthFolder(_ name: Substring) -> Bool {
        name.utf8.count == 7
            && name.utf8.enumerated().allSatisfy { index, byte in index == 4 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    }
}

/// A commit and its tree, as one worker last saw them.
private final class PreviousCommit {
    var id: ObjectID?
    var tree: ObjectID?
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}

/// Whether two files are byte for byte the same, with one memcmp (Array's == compares a byte at
/// a time).
private func sameBytes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    left.withUnsafeBytes { left in right.withUnsafeBytes { right in left.hasSameBytes(as: right) } }
}
