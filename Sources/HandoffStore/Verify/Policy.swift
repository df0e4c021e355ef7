import Foundation
import GitKit
import HandoffModel
import HandoffSigning

/// The trust policy of one commit's tree: its workflow and its allowed signers.
public struct Policy: Sendable {
    /// The workflow (members, stages, admins).
    public let workflow: Workflow
    /// Who may sign.
    public let signers: AllowedSigners
    /// The raw allowed-signers text, for handing to `ssh-keygen -Y verify`.
    public let signersText: String
    /// Members' OpenPGP public keys (`.handoff/openpgp/<email>.asc`) by email.
    public var openPGPKeys = [String: OpenPGPKeyFile]()

    /// Reads the policy of `tree`; nil when the tree has no `.handoff/config.yml`.
    /// - Throws: `HandoffError.invalidFile` when a policy file is malformed.
    package static func read(tree: ObjectID, repository: Repository, previous: Policy? = nil, workflows: WorkflowReader? = nil) throws(HandoffError) -> Policy? {
        guard let configEntry = try git({ () throws(GitError) in try repository.treeEntry(at: Workflow.path, in: tree) }) else {
            return nil
        }
        let configText = try text(configEntry, Workflow.path, repository)
        let signersEntry = try git({ () throws(GitError) in try repository.treeEntry(at: PolicyFiles.allowedSigners, in: tree) })
        let signersText = try signersEntry.map { entry throws(HandoffError) in try text(entry, PolicyFiles.allowedSigners, repository) } ?? ""
        let signers: AllowedSigners
        do {
            signers = try AllowedSigners(parsing: signersText, reusing: previous?.signers)
        } catch {
            throw .invalidFile(PolicyFiles.allowedSigners, error.message)
        }
        let workflow = if let workflows { try workflows.workflow(yaml: configText) } else { try Workflow(yaml: configText) }
        var policy = Policy(workflow: workflow, signers: signers, signersText: signersText)
        policy.openPGPKeys = try OpenPGPKeyFiles.read(tree: tree, repository: repository)
        return policy
    }

    private static func text(_ entry: TreeEntry, _ path: String, _ repository: Repository) throws(HandoffError) -> String {
        let bytes = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidFile(path, "is not UTF-8 text") }
        return text
    }
}

/// Policies by the id of the `.handoff` tree they come from, so a walk over thousands of commits
/// parses each version of the policy once.
final class PolicyCache {
    private let store: PolicyStore
    private let repository: Repository
    /// The tree asked about last and its policy: a commit's tree, asked about again as the next
    /// commit's parent tree.
    private var last: (tree: ObjectID, policy: Policy?)?
    /// This thread's reader of workflow versions, which parses each members entry once.
    private let workflows = WorkflowReader()

    /// A cache reading with `repository`, keeping policies in `store` (which the caches of
    /// other threads may share).
    init(repository: Repository, store: PolicyStore = PolicyStore()) {
        self.repository = repository
        self.store = store
    }

    /// The policy of commit tree `tree`, or nil when it has none.
    func policy(of tree: ObjectID) throws(HandoffError) -> Policy? {
        if let last, last.tree == tree { return last.policy }
        let policy = try read(tree)
        last = (tree, policy)
        return policy
    }

    private func read(_ tree: ObjectID) throws(HandoffError) -> Policy? {
        guard let folder = try git({ () throws(GitError) in try repository.treeEntry(at: ".handoff", in: tree) }) else { return nil }
        if let known = store.policy(folder.id) { return known }
        guard let policy = try Policy.read(tree: tree, repository: repository, previous: last.flatMap { $0.policy }, workflows: workflows) else { return nil }
        store.keep(policy, for: folder.id)
        return policy
    }
}

/// Parsed policies by the id of their `.handoff` tree, shared by verify's workers.
final class PolicyStore: @unchecked Sendable {
    private let lock = NSLock()
    private var byFolder = [ObjectID: Policy]()

    func policy(_ folder: ObjectID) -> Policy? {
        lock.withLock { byFolder[folder] }
    }

    func keep(_ policy: Policy, for folder: ObjectID) {
        lock.withLock { byFolder[folder] = policy }
    }
}
