import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// A policy proposal as `handoff policy list` shows it.
public struct PolicyProposalSummary: Sendable, Encodable {
    /// Its id (the id of its content tree).
    public let id: String
    /// The policy files it changes.
    public let files: [String]
    /// Why, as the proposer wrote it.
    public let reason: String?
    /// The admins who signed off so far, the proposer first.
    public let approvals: [String]
    /// How many the current policy needs.
    public let needed: Int
    /// Who applied it; nil while it waits.
    public let applied: String?
}

/// What `policy approve` did.
public enum PolicySignOff: Sendable {
    /// Added the caller's sign-off; the proposal waits for `remaining` more.
    case signed(commit: ObjectID, remaining: Int)
    /// The caller's sign-off was the last one needed: the policy changed in `commit`.
    case applied(commit: ObjectID)
}

extension Handoff {
    /// Proposes, as one signed commit, the policy files of the working tree that differ from
    /// the current branch (`.handoff/` and `.gitattributes`, `.mailmap`): under
    /// `policy_approvals: N` they take effect once N admins have signed off. Admins only.
    /// - Returns: the proposal's id and the commit.
    /// - Throws: `HandoffError.refused` when the caller is not an admin, nothing differs, or a
    ///   policy file was deleted (proposals change and add files only).
    public func proposePolicy(reason: String?) throws(HandoffError) -> (id: String, commit: ObjectID) {
        let workspace = try Workspace(context: context)
        guard let root = workspace.workingDirectory else { throw .usage("policy propose reads the policy files of a working tree; run it in a clone, not a bare repository") }
        let identity = try workspace.identity()
        let landed = try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) { (snapshot: Snapshot) throws(HandoffError) -> (PlannedCommit, String) in
            let workflow = try snapshot.workflow()
            guard workflow.isAdmin(identity.email) else {
                throw .refused("only an admin can propose a policy change; \(identity.email) is not one")
            }
            let current = try Self.policyFiles(in: snapshot.tree, repository: workspace.repository)
            let edited = try Self.workingPolicyFiles(root: root)
            if let gone = current.keys.sorted().first(where: { edited[$0] == nil }) {
                throw .refused("\(gone) is deleted in the working tree; a proposal changes and adds policy files but cannot delete them yet, so restore it (git checkout -- \(gone))")
            }
            let changed = edited.filter { path, bytes in current[path] != ObjectID(hashingBlob: bytes) }
            let proposal = try Self.proposal(
                of: changed.map { FileChange(path: $0.key, contents: $0.value) }, reason: reason, by: identity.email, in: snapshot,
                repository: workspace.repository)
            let message = CommitMessage(
                subject: "handoff: policy propose \(proposal.id.prefix(12)) (\(changed.keys.sorted().joined(separator: ", ")))",
                body: reason.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }, trailers: [(.action, Action.policyPropose.rawValue)])
            return (PlannedCommit(changes: proposal.changes, message: message), proposal.id)
        }
        return (landed.result, landed.commit)
    }

    /// The files of a proposal by `email` to make `files` the policy of `snapshot`: the
    /// proposal's id and the changes that write it with its proposer's sign-off.
    /// - Throws: `HandoffError.refused` when nothing would change or it is proposed already.
    static func proposal(
        of files: [FileChange], reason: String?, by email: String, in snapshot: Snapshot, repository: Repository
    ) throws(HandoffError) -> (id: String, changes: [FileChange]) {
        var changed = [String: [UInt8]]()
        var base = [String: ObjectID?]()
        for file in files {
            let current = try git({ () throws(GitError) in try repository.treeEntry(at: file.path, in: snapshot.tree) })?.id
            guard current != ObjectID(hashingBlob: file.contents) else { continue }
            changed[file.path] = file.contents
            base[file.path] = current
        }
        guard !changed.isEmpty else {
            throw .refused("the change leaves the policy as it is; edit .handoff/config.yml (or allowed_signers) first, then propose")
        }
        let (id, content) = try PolicyProposal.content(files: changed, base: base, reason: reason, repository: repository)
        if try PolicyProposal.read(id, in: snapshot.tree, repository: repository) != nil {
            throw .refused("this change is proposed already as \(id.prefix(12)); sign it off with 'handoff policy approve \(id.prefix(12))'")
        }
        let folder = PolicyProposal.folder(id)
        return (id, content.map { FileChange(path: folder + "/content/" + $0.path, contents: $0.bytes) }
            + [FileChange(path: folder + "/approvals", contents: Array((email + "\n").utf8))])
    }

    /// Signs off on the proposal whose id starts with `prefix`; the sign-off that reaches the
    /// workflow's `policy_approvals` applies it in the same commit. Admins only, once each.
    /// - Throws: `HandoffError.refused` when not allowed, `.usage` when no single proposal matches.
    public func approvePolicy(_ prefix: String) throws(HandoffError) -> PolicySignOff {
        let workspace = try Workspace(context: context)
        let identity = try workspace.identity()
        let repository = workspace.repository
        let landed = try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) { (snapshot: Snapshot) throws(HandoffError) -> (PlannedCommit, Int) in
            let workflow = try snapshot.workflow()
            guard workflow.isAdmin(identity.email) else { throw .refused("only an admin can sign off on a policy change; \(identity.email) is not one") }
            let proposal = try Self.proposal(prefix, in: snapshot.tree, repository: repository)
            let short = proposal.id.prefix(12)
            guard proposal.applied == nil else { throw .refused("proposal \(short) was applied already by \(proposal.applied ?? "an admin")") }
            guard !proposal.approvals.contains(where: { $0.caseInsensitiveEquals(identity.email) }) else {
                throw .refused("you signed off on proposal \(short) already; one admin counts once")
            }
            let folder = PolicyProposal.folder(proposal.id)
            let remaining = workflow.policyApprovals - PolicyProposal.admins(proposal.approvals + [identity.email], of: workflow).count
            guard remaining <= 0 else {
                let approvals = (proposal.approvals + [identity.email]).map { $0 + "\n" }.joined()
                let message = CommitMessage(
                    subject: "handoff: policy approve \(short) (\(workflow.policyApprovals - remaining) of \(workflow.policyApprovals))",
                    trailers: [(.action, Action.policyApprove.rawValue)])
                return (PlannedCommit(changes: [FileChange(path: folder + "/approvals", contents: Array(approvals.utf8))], message: message), remaining)
            }
            for (path, old) in proposal.base where try git({ () throws(GitError) in try repository.treeEntry(at: path, in: snapshot.tree) })?.id != old {
                throw .refused("proposal \(short) was made for another version of \(path); propose the change again on the current policy")
            }
            var changes = [FileChange(path: folder + "/applied", contents: Array((identity.email + "\n").utf8))]
            for (path, blob) in proposal.files.sorted(by: { $0.key < $1.key }) {
                changes.append(FileChange(path: path, contents: try git({ () throws(GitError) in try repository.blobContents(blob) })))
            }
            let message = CommitMessage(
                subject: "handoff: policy approve \(short), applied (\(proposal.files.keys.sorted().joined(separator: ", ")))",
                body: proposal.reason.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 }, trailers: [(.action, Action.policyApprove.rawValue)])
            return (PlannedCommit(changes: changes, message: message), 0)
        }
        return landed.result > 0 ? .signed(commit: landed.commit, remaining: landed.result) : .applied(commit: landed.commit)
    }

    /// The proposals of the current branch, waiting ones first.
    /// - Throws: `HandoffError` when the repository or a proposal cannot be read.
    public func policyProposals() throws(HandoffError) -> [PolicyProposalSummary] {
        let workspace = try Workspace(context: context)
        let snapshot = try workspace.snapshot()
        let workflow = try snapshot.workflow()
        let repository = workspace.repository
        guard let folder = try git({ () throws(GitError) in try repository.treeEntry(at: PolicyFiles.proposals, in: snapshot.tree) }), folder.kind == .tree else { return [] }
        var summaries = [PolicyProposalSummary]()
        for entry in try git({ () throws(GitError) in try repository.treeEntries(folder.id) }) {
            guard let proposal = try PolicyProposal.read(entry.name, in: snapshot.tree, repository: repository) else { continue }
            summaries.append(PolicyProposalSummary(
                id: proposal.id, files: proposal.files.keys.sorted(), reason: proposal.reason, approvals: proposal.approvals,
                needed: workflow.policyApprovals, applied: proposal.applied))
        }
        return summaries.sorted { ($0.applied == nil ? 0 : 1, $0.id) < ($1.applied == nil ? 0 : 1, $1.id) }
    }

    /// The one proposal whose id starts with `prefix`.
    private static func proposal(_ prefix: String, in tree: ObjectID, repository: Repository) throws(HandoffError) -> PolicyProposal {
        let folder = try git({ () throws(GitError) in try repository.treeEntry(at: PolicyFiles.proposals, in: tree) })
        let names = try folder.map { entry throws(HandoffError) in try git({ () throws(GitError) in try repository.treeEntries(entry.id) }).map(\.name) } ?? []
        let matching = names.filter { $0.hasPrefix(prefix.lowercased()) }
        guard matching.count == 1, let id = matching.first, let proposal = try PolicyProposal.read(id, in: tree, repository: repository) else {
            throw .usage(matching.isEmpty
                ? "no policy proposal starts with '\(prefix)'; 'handoff policy list' shows them"
                : "'\(prefix)' names \(matching.count) proposals; give more of the id")
        }
        return proposal
    }

    /// The policy files of `tree` a proposal may change, by path: `.handoff/` without its
    /// proposals, and `.gitattributes`, `.mailmap`.
    private static func policyFiles(in tree: ObjectID, repository: Repository) throws(HandoffError) -> [String: ObjectID] {
        var files = [String: ObjectID]()
        func collect(_ id: ObjectID, _ prefix: String) throws(HandoffError) {
            for entry in try git({ () throws(GitError) in try repository.treeEntries(id) }) {
                let path = prefix + entry.name
                guard path != PolicyFiles.proposals else { continue }
                if entry.kind == .tree { try collect(entry.id, path + "/") } else { files[path] = entry.id }
            }
        }
        if let folder = try git({ () throws(GitError) in try repository.treeEntry(at: ".handoff", in: tree) }), folder.kind == .tree {
            try collect(folder.id, ".handoff/")
        }
        for name in [".gitattributes", ".mailmap"] {
            if let entry = try git({ () throws(GitError) in try repository.treeEntry(at: name, in: tree) }) { files[name] = entry.id }
        }
        return files
    }

    /// The same files in the working tree at `root`, with their bytes.
    private static func workingPolicyFiles(root: String) throws(HandoffError) -> [String: [UInt8]] {
        var files = [String: [UInt8]]()
        let manager = FileManager.default
        func read(_ path: String) throws(HandoffError) {
            guard let bytes = manager.contents(atPath: root + "/" + path) else { throw .environment("cannot read \(path) in the working tree") }
            files[path] = Array(bytes)
        }
        if let enumerator = manager.enumerator(atPath: root + "/.handoff") {
            while let relative = enumerator.nextObject() as? String {
                let path = ".handoff/" + relative
                if path == PolicyFiles.proposals || path.hasPrefix(PolicyFiles.proposals + "/") { continue }
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                try read(path)
            }
        }
        for name in [".gitattributes", ".mailmap"] where manager.fileExists(atPath: root + "/" + name) { try read(name) }
        return files
    }
}
