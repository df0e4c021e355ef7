import Foundation
import GitKit

/// What the git hooks check, called by `handoff hook NAME` from the installed scripts.
public enum Hooks {
    /// pre-commit: staged task files parse and keep their protected fields; reads only the index
    /// entries below `tasks/`. Returns one message per problem (empty: the commit may go ahead).
    /// The plain repository git hands a hook is read without libgit2 (`QuickRepository`), whose
    /// initialisation alone costs more than these checks; libgit2 reads anything else.
    /// - Throws: `HandoffError` when the repository or index cannot be read.
    public static func preCommit() throws(HandoffError) -> [String] {
        if let quick = QuickRepository.openFromEnvironment(), let problems = try? preCommit(quick) {
            return problems
        }
        let repository = try git({ () throws(GitError) in try Repository.openFromEnvironment() })
        let head = try git({ () throws(GitError) in try repository.head() })
        let headTree: ObjectID?
        switch head {
        case .branch(_, let tip), .detached(let tip):
            headTree = try git({ () throws(GitError) in try repository.commit(tip).tree })
        case .unborn:
            headTree = nil
        }
        let changes = try git({ () throws(GitError) in try repository.stagedChanges(against: headTree, under: TaskLocation.root + "/") })
        return try git({ () throws(GitError) in try problems(of: changes) { id throws(GitError) in try repository.blobContents(id) } })
    }

    /// pre-commit's checks read through `repository`.
    /// - Throws: `GitError` when it cannot read something (libgit2 is asked then).
    static func preCommit(_ repository: QuickRepository) throws(GitError) -> [String] {
        let changes = try repository.stagedChanges(against: try repository.headTree(), under: TaskLocation.root + "/")
        return try problems(of: changes) { id throws(GitError) in try repository.blobContents(id) }
    }

    /// The problems of the staged task files among `changes`, their blobs read through `blob`.
    private static func problems(of changes: [StagedChange], blob: (ObjectID) throws(GitError) -> [UInt8]) throws(GitError) -> [String] {
        var problems = [String]()
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
            .filter { !$0.hasPrefix("#") && $0.range(of: #"^Handoff-[A-Za-z-]*\s*:"#, options: [.regularExpression, .caseInsensitive]) != nil }
            .map { "the message carries '\($0.prefix(60))'; Handoff-* trailers belong to handoff's own commits, so remove the line (use a handoff command to record a handoff)" }
    }

    /// pre-receive: for each `old new ref` line, refuses deleting or rewriting a protected branch
    /// and verifies every commit a pushed branch brings. Returns one line per refusal.
    /// - Throws: `HandoffError` when the repository cannot be read.
    public static func preReceive(updates: String, environment: [String: String]) throws(HandoffError) -> [String] {
        let repository = try git({ () throws(GitError) in try Repository.openFromEnvironment() })
        let protected = try protectedBranches(repository)
        let verifier = Verifier(repository: repository, environment: environment) { () throws(GitError) in
            try Repository.openFromEnvironment()
        }
        var problems = [String]()
        for line in updates.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])) else {
                continue
            }
            let reference = String(fields[2])
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
            // Tags and other refs cannot move a branch; what reaches a branch is verified there.
            guard reference.hasPrefix("refs/heads/") else { continue }
            let report = try verifier.verifyPushed(tip: new)
            problems += report.violations.map { "\(reference): \($0.line)" }
        }
        return problems
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
