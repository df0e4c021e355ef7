import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// What `init` did.
public struct InitResult: Sendable {
    /// The commit that created `.handoff/`.
    public let commit: ObjectID
    /// The admin (the caller).
    public let admin: String
    /// The git config keys set in `.git/config`.
    public let configured: [String]
    /// The hook scripts installed.
    public let hooks: [String]
    /// The stages of the workflow written, in order.
    public let stages: [String]
    /// The workflow template it was written from; nil for the default pipeline.
    public let template: String?
}

extension Handoff {
    /// Sets up handoff in the current repository: workflow, allowed signers with the caller's key
    /// (the caller becomes admin and a member of every stage), templates; one signed commit; and
    /// local git config so plain `git log --show-signature` verifies and hand-made commits are signed.
    ///
    /// The workflow is a one-way pipeline through `stages` (default todo, doing, review), or the
    /// workflow template named `template` (`WorkflowTemplate`), which sets its own stages.
    /// - Throws: `HandoffError.refused` when handoff is already set up, `.environment` when the
    ///   caller has no identity or signing key, `.usage` for a bad prefix or stage list, an
    ///   unknown template, or both `stages` and `template`.
    @discardableResult
    public func initialize(
        prefix: String = "HO", stages: [String]? = nil, template templateName: String? = nil,
        hookBinary: String = HookScripts.currentBinary
    ) throws(HandoffError) -> InitResult {
        guard Workflow.isValidPrefix(prefix) else {
            throw .usage("prefix '\(prefix)' must be 1 to 10 capital letters or digits, starting with a letter")
        }
        if stages != nil, templateName != nil {
            throw .usage("--stages and --template cannot be used together: a template sets its own stages; drop one of them")
        }
        let template = try templateName.map { name throws(HandoffError) in try WorkflowTemplate.named(name) }
        let stages = try template?.stages() ?? stages ?? Self.defaultStages
        guard !stages.isEmpty, Set(stages).count == stages.count, stages.allSatisfy(Self.isValidStageName) else {
            throw .usage("stages must be distinct names of letters, digits, '-' or '_', e.g. --stages sales,onboarding,support")
        }
        let workspace = try Workspace(context: context)
        guard workspace.workingDirectory != nil else {
            throw .usage("handoff init needs a working tree; run it in a clone, not in a bare repository")
        }
        let branch = try workspace.currentBranch()
        var attributes: [UInt8]?
        _ = try HookScripts.checkInstallable(HookScripts.client, in: workspace.repository, config: workspace.config)
        if let tip = branch.tip {
            let snapshot = try Snapshot(repository: workspace.repository, branch: branch.name, tip: tip)
            if try snapshot.fileBytes(Workflow.path) != nil {
                throw .refused("handoff is already set up here (\(Workflow.path) exists); use 'handoff member add' to add people")
            }
            attributes = try snapshot.fileBytes(".gitattributes")
        }
        let identity = try workspace.identity()
        let setup = try workspace.signingSetup()
        let publicKey = try SignerPublicKey.of(setup, environment: context.environment)
        let signer = try workspace.signer()
        let config = try git({ () throws(GitError) in try workspace.config.string("user.name") })
        let admin = Workflow.Member(email: identity.email, name: config ?? identity.committer.name, stages: stages, admin: true)
        let workflowText = template?.filled(prefix: prefix, admin: admin)
            ?? WorkflowFile.initial(prefix: prefix, stages: stages, admin: admin)
        _ = try Workflow(yaml: workflowText)
        var changes = [
            FileChange(path: Workflow.path, contents: Array(workflowText.utf8)),
            FileChange(path: PolicyFiles.allowedSigners, contents: Array(AllowedSignersFile.initial(admin: admin.email, key: publicKey).utf8)),
        ]
        let attributesText = MergeDriver.attributes(adding: attributes.map { String(decoding: $0, as: UTF8.self) })
        changes.append(FileChange(path: ".gitattributes", contents: Array(attributesText.utf8)))
        for template in Templates.all where template.name != "config.yml" {
            changes.append(FileChange(path: "\(PolicyFiles.templates)/\(template.name)", contents: template.contents))
        }
        let message = CommitMessage(
            subject: "handoff: init (\(prefix); \(stages.joined(separator: " → "))\(template.map { "; template \($0.name)" } ?? ""))",
            body: "Workflow and trust policy for handoff; \(admin.email) is the first admin.",
            trailers: [(.action, Action.initialize.rawValue), (.member, admin.email)])
        let commit = try CommitWriter(workspace: workspace).commit(
            changes, message: message, branch: branch.name, parent: branch.tip, identity: identity, signer: signer)
        // The policy has landed: what follows sets up this clone, and a failure says so.
        let clone: CloneSetup
        do throws(HandoffError) {
            // The commit that created the policy is this repository's trust root from now on.
            try RecordedTrustRoot(gitDirectory: workspace.repository.gitDirectory).record(commit)
            clone = try CloneSetup.apply(in: workspace, binary: hookBinary)
        } catch {
            throw HandoffError(
                error.kind, "the policy landed in commit \(commit.short), but setting up this clone did not finish: \(error.message); run 'handoff hooks install' to finish it",
                cause: error)
        }
        return InitResult(commit: commit, admin: admin.email, configured: clone.configured.map(\.key), hooks: clone.hooks,
            stages: stages, template: template?.name)
    }

    /// The stages of the default pipeline, without `--stages` or `--template`.
    public static let defaultStages = ["todo", "doing", "review"]

    static func isValidStageName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40 && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
