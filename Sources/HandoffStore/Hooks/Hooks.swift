import Foundation
import GitKit
import HandoffModel

/// What the git hooks check, called by `handoff hook NAME` from the installed scripts.
public enum Hooks {
    /// pre-commit: staged task files parse and keep their protected fields, tasks/ holds only
    /// task files tasks/YYYY-MM/ID.md, and only an admin of HEAD's workflow changes `.handoff/`
    /// (in the server's words); reads only the index entries below `tasks/` and `.handoff/`. Returns one message per problem (empty: the commit may go ahead).
    /// The plain repository git hands a hook is read without libgit2 (`QuickRepository`), whose
    /// initialisation alone costs more than these checks; libgit2 reads anything else.
    /// - Throws: `HandoffError` when the repository or index cannot be read.
    public static func preCommit() throws(HandoffError) -> [String] {
        if let quick = QuickRepository.openFromEnvironment() {
            if let pending = pendingRepair(in: quick.gitDirectory) { return [pending] }
            // Concluding a merge is judged by the sides' files, which the full reader compares.
            if !isMerging(quick.gitDirectory), let problems = try? preCommit(quick) { return problems }
        }
        let repository = try git({ () throws(GitError) in try Repository.openFromEnvironment() })
        if let pending = pendingRepair(in: repository.gitDirectory) { return [pending] }
        let head = try git({ () throws(GitError) in try repository.head() })
        let headTree: ObjectID?
        switch head {
        case .branch(_, let tip), .detached(let tip):
            headTree = try git({ () throws(GitError) in try repository.commit(tip).tree })
        case .unborn:
            headTree = nil
        }
        var changes = try git({ () throws(GitError) in try repository.stagedChanges(against: headTree, under: TaskLocation.root + "/") })
        var mergeProblems = [String]()
        if case .branch(_, let tip) = head, let headTree, let mergeHead = try git({ () throws(GitError) in try repository.resolveReference("MERGE_HEAD") }) {
            let reading = try MergeResolution.read(repository: repository, head: tip, headTree: headTree, mergeHead: mergeHead)
            changes.removeAll { reading.takenFromThem.contains($0.path) }
            mergeProblems = reading.problems
        }
        let taskProblems = try git({ () throws(GitError) in try problems(of: changes) { id throws(GitError) in try repository.blobContents(id) } })
        return mergeProblems + taskProblems + (try policyProblems(in: repository, head: head))
    }

    /// True while git concludes a merge (`MERGE_HEAD` exists): one system call.
    private static func isMerging(_ gitDirectory: String) -> Bool {
        access((gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "MERGE_HEAD", F_OK) == 0
    }

    /// What the server would refuse of the staged `.handoff/` (and `.gitattributes`, `.mailmap`) changes: made by someone who is
    /// not an admin of HEAD's workflow (the commit creating `.handoff/` is its own policy).
    private static func policyProblems(in repository: Repository, head: Repository.Head) throws(HandoffError) -> [String] {
        let tip: ObjectID
        switch head {
        case .branch(_, let id), .detached(let id): tip = id
        case .unborn: return []
        }
        let snapshot = try Snapshot(repository: repository, branch: "HEAD", tip: tip)
        var changes = try git({ () throws(GitError) in try repository.stagedChanges(against: snapshot.tree, under: ".handoff/") })
        for file in PathRules.policyFiles {
            changes += try git({ () throws(GitError) in try repository.stagedChanges(against: snapshot.tree, under: file) }).filter { $0.path == file }
        }
        guard !changes.isEmpty else { return [] }
        guard try snapshot.fileText(Workflow.path) != nil else { return [] }
        let workflow = try snapshot.workflow()
        let environment = ProcessInfo.processInfo.environment
        let config = try git({ () throws(GitError) in try GitConfig.load(for: repository, environment: environment) })
        let email = try Identity(config: config, environment: environment, now: 0).email
        guard !workflow.isAdmin(email) else { return [] }
        return [PathRules.notAdmin(email, changed: changes.map(\.path))]
    }

    /// Why a plain commit must wait: a handoff command's commit landed but its working-tree and
    /// index update did not finish (its journal is still there), so the index may still hold
    /// the old task files, and committing it would undo the handoff.
    static func pendingRepair(in gitDirectory: String) -> String? {
        let directory = gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/"
        // One system call on every commit; the file is read only when it is there.
        guard access(SyncJournal.path(in: directory), F_OK) == 0, let journal = SyncJournal.load(from: directory) else { return nil }
        return "a handoff command around commit \(journal.new.short) has not finished updating the working tree and index (it was interrupted, or is running); run any handoff command (e.g. 'handoff status') to finish it, then commit again"
    }

    /// pre-commit's checks read through `repository`.
    /// - Throws: `GitError` when it cannot read something (libgit2 is asked then).
    /// nil when `.handoff/` has staged changes: who may make them is asked through libgit2.
    static func preCommit(_ repository: QuickRepository) throws(GitError) -> [String]? {
        let headTree = try repository.headTree()
        let staged = try repository.stagedChanges(against: headTree, under: [TaskLocation.root + "/", ".handoff/"], files: PathRules.policyFiles)
        if headTree != nil, staged.contains(where: { PathRules.isPolicy($0.path) }) { return nil }
        let changes = staged.filter { $0.path.hasPrefix(TaskLocation.root + "/") }
        return try problems(of: changes) { id throws(GitError) in try repository.blobContents(id) }
    }

    /// The problems of the staged task files among `changes`, their blobs read through `blob`.
    private static func problems(of changes: [StagedChange], blob: (ObjectID) throws(GitError) -> [UInt8]) throws(GitError) -> [String] {
        var problems = [String]()
        // What the server would refuse as a path, said before the commit is made.
        problems += changes.compactMap { change in change.new == nil ? nil : PathRules.problem(ofTaskPath: change.path) }
        for change in changes where HandEditRules.isTaskPath(change.path) {
            let old = try change.old.map { id throws(GitError) in try blob(id) }
            let new = try change.new.map { id throws(GitError) in try blob(id) }
            problems += HandEditRules.problems(path: change.path, old: old, new: new).map(\.message)
        }
        return problems
    }

    /// commit-msg: a hand-made commit's message may not carry `Handoff-*` trailers.
    public static func commitMessage(_ message: String) -> [String] {
        message.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") && $0.range(of: "^" + Trailer.prefix + #"[A-Za-z-]*\s*:"#, options: [.regularExpression, .caseInsensitive]) != nil }
            .map { "the message carries '\($0.prefix(60))'; Handoff-* trailers belong to handoff's own commits, so remove the line (use a handoff command to record a handoff)" }
    }

    /// pre-receive: for each `old new ref` line, refuses `refs/replace/` and namespaces other
    /// than branches and tags (unless `handoff.allowRefs` allows them), deleting or rewriting a
    /// protected branch, and any commit a pushed ref brings that breaks the rules. What was
    /// verified, and a trust root found on a first push, are recorded only when every update is
    /// accepted. Returns one line per refusal, and a line naming the trust root the push was
    /// judged by (nil when none was needed or found).
    /// - Throws: `HandoffError` when the repository cannot be read.
    public static func preReceive(updates: String, environment: [String: String]) throws(HandoffError) -> (problems: [String], trustRoot: String?) {
        let repository = try git({ () throws(GitError) in try Repository.openFromEnvironment() })
        let config = try git({ () throws(GitError) in try GitConfig.load(for: repository, environment: environment) })
        let trust = try ServerTrust(repository: repository, config: config)
        let protected = try protectedBranches(repository)
        let verifier = Verifier(repository: repository, environment: environment) { reading throws(GitError) in
            try Repository.openFromEnvironment(reading: reading)
        }
        var trustRoot = trust.trustRoot
        var hidden: [ObjectID]?
        var problems = [String]()
        var checks = [PushCheck]()
        for line in updates.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])) else {
                problems.append("cannot read the update '\(line.prefix(100))'")
                continue
            }
            let reference = String(fields[2])
            guard trust.allows(reference) else {
                problems.append(reference.hasPrefix("refs/replace/")
                    ? "\(reference): replace refs change what git shows for other commits, so they are refused"
                    : "\(reference): only branches and tags are accepted; an administrator may allow more with 'git config handoff.allowRefs \"refs/notes/*\"'")
                continue
            }
            if new == .zero {
                if protected.contains(reference) { problems.append("\(reference): deleting a protected branch is refused") }
                continue
            }
            if old != .zero, protected.contains(reference) {
                let fastForward = try git({ () throws(GitError) in try repository.isAncestor(old, of: new) })
                if !fastForward {
                    problems.append("\(reference): \(old.short)..\(new.short) rewrites history (not a fast-forward); the audit trail is append-only, so merge or rebase onto \(old.short) and push again")
                    continue
                }
            }
            guard let tip = try git({ () throws(GitError) in try repository.peeledCommit(new) }) else {
                problems.append("\(reference): \(new.short) is not a commit or a tag of one; only commits are accepted")
                continue
            }
            if hidden == nil { hidden = try verifier.verifiedTips(trustRoot: trustRoot) }
            let check = try verifier.checkPush(tip: tip, hiding: hidden ?? [], trustRoot: trustRoot)
            trustRoot = trustRoot ?? check.trustRoot
            problems += check.report.violations.map { "\(reference): \($0.line)" }
            if check.report.violations.isEmpty { hidden?.append(tip) }
            checks.append(check)
        }
        let rootLine = trustRoot.map { root in
            TrustRootSource.line(root: root, subject: repository.subjectLine(of: root), source: trust.trustRoot == nil ? .found : .recorded)
        }
        guard problems.isEmpty else { return (problems, rootLine) }
        // The root first: if it cannot be pinned the push is refused, with nothing recorded.
        if trust.trustRoot == nil, let trustRoot { try trust.pin(trustRoot) }
        for check in checks { verifier.accept(check) }
        return (problems, rootLine)
    }

    /// Sets up a bare server repository after its hook is installed: pins the trust root
    /// (`root`, else the first commit of HEAD's history that brings a policy) and turns on
    /// `receive.fsckObjects`. Returns what was done, one line each.
    /// - Throws: `HandoffError` when the repository or `root` cannot be read.
    package static func setUpServer(_ repository: Repository, trustRoot root: String?) throws(HandoffError) -> [String] {
        try git({ () throws(GitError) in try GitConfig.setLocal("receive.fsckObjects", "true", in: repository) })
        var lines = ["Set receive.fsckObjects=true: git checks every pushed object"]
        let config = try git({ () throws(GitError) in try GitConfig.load(for: repository, environment: [:]) })
        let trust = try ServerTrust(repository: repository, config: config)
        let verifier = Verifier(repository: repository, environment: [:])
        let pinned: ObjectID?
        if let root {
            // A full id may name a commit the server does not have yet: the first push brings it.
            if let id = ObjectID(hex: root) {
                pinned = id
            } else {
                pinned = try git({ () throws(GitError) in try repository.resolveCommit(root) })
            }
        } else if case .branch(_, let tip) = try git({ () throws(GitError) in try repository.head() }) {
            pinned = try verifier.trustRoot(of: try git({ () throws(GitError) in try repository.commits(in: tip.hex) })) ?? trust.trustRoot
        } else {
            pinned = trust.trustRoot
        }
        if let pinned {
            try trust.pin(pinned)
            lines.append("Pinned the trust root \(pinned.hex) in \(repository.gitDirectory)handoff/trust-root")
        } else {
            lines.append("warning: no trust root pinned (the repository has no policy yet): the first accepted push will set it; pin it now with 'handoff hooks install --server --trust-root COMMIT'")
        }
        return lines
    }

    /// `refs/heads/main`, `refs/heads/master`, and the branch HEAD names.
    static func protectedBranches(_ repository: Repository) throws(HandoffError) -> Set<String> {
        var branches: Set<String> = ["refs/heads/main", "refs/heads/master"]
        switch try git({ () throws(GitError) in try repository.head() }) {
        case .branch(let name, _), .unborn(let name): branches.insert(name)
        case .detached: break
        }
        return branches
    }
}
