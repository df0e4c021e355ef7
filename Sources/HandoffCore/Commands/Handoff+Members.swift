import Foundation
import GitKit
import HandoffModel
import HandoffSigning
import HandoffStore

extension Handoff {
    /// Adds (or updates) a member: their stages and admin flag in the workflow and their key in
    /// `.handoff/allowed_signers`, in one signed commit. Admins only.
    /// - Throws: `HandoffError.refused` when the caller is not an admin, `.usage` for a bad
    ///   email, stage or key file.
    @discardableResult
    public func addMember(email: String, keyFile: String, stages: [String], admin: Bool) throws(HandoffError) -> ObjectID {
        guard MemberAddress.isValid(email) else {
            if email.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
                throw .usage("'\(email)' has characters beyond ASCII; handoff names members by ASCII addresses only (policy files and signer principals compare them byte for byte), so use the member's ASCII address (a domain in its xn-- form) as their git user.email and here")
            }
            throw .usage("'\(email)' is not an email address; members are named by the email git records for them")
        }
        let keyPath = keyFile.hasPrefix("/") ? keyFile : context.directory + "/" + keyFile
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw .usage("cannot read the key file \(keyFile); pass the member's public key (e.g. id_ed25519.pub)")
        }
        let keyText = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        var openPGPKey: FileChange?
        var key: SSHPublicKey?
        if OpenPGPMemberKey.isArmoredKey(keyText) {
            openPGPKey = try OpenPGPMemberKey.file(for: email, armored: Array(data), keyFile: keyFile, environment: context.environment)
        } else {
            guard let sshKey = SSHPublicKey(openSSH: keyText) else {
                throw .usage("\(keyFile) is not an SSH public key or an armored OpenPGP public key; pass the member's .pub file, or their gpg --armor --export output")
            }
            key = sshKey
        }
        return try changePolicy(
            action: .memberAdd, subject: "handoff: member add \(email)", member: email, extra: openPGPKey.map { [$0] } ?? []
        ) { workflow, workflowText, signers throws(HandoffError) in
            for stage in stages where !workflow.stages.contains(stage) {
                throw .usage("stage '\(stage)' is not in the workflow (\(workflow.stages.joined(separator: ", ")))")
            }
            let existing = workflow.member(email)
            let member = Workflow.Member(
                email: email, name: existing?.name, stages: stages.isEmpty ? existing?.stages ?? [] : stages,
                admin: admin || (existing?.admin ?? false))
            let updatedSigners = key.map { key in
                AllowedSignersFile.adding(email: email, key: key, to: AllowedSignersFile.removing(email: email, from: signers))
            } ?? signers
            return (try WorkflowFile.adding(member, to: workflowText), updatedSigners)
        }
    }

    /// Removes a member from the workflow and their keys from `.handoff/allowed_signers`, in one
    /// signed commit. Admins only; the last admin cannot remove themselves.
    /// - Throws: `HandoffError.refused` when not allowed or the member does not exist.
    @discardableResult
    public func removeMember(email: String) throws(HandoffError) -> ObjectID {
        try changePolicy(action: .memberRemove, subject: "handoff: member remove \(email)", member: email) { workflow, workflowText, signers throws(HandoffError) in
            guard let member = workflow.member(email) else {
                throw .refused("\(email) is not a member; 'handoff member list' is in .handoff/config.yml")
            }
            if member.admin, workflow.members.filter(\.admin).count == 1 {
                throw .refused("\(email) is the last admin; make someone else admin first (handoff member add EMAIL --key KEY --admin)")
            }
            return (try WorkflowFile.removing(member.email, from: workflowText),
                    AllowedSignersFile.removing(email: member.email, from: signers))
        }
    }

    private func changePolicy(
        action: Action, subject: String, member: String, extra: [FileChange] = [],
        _ edit: (Workflow, String, String) throws(HandoffError) -> (String, String)
    ) throws(HandoffError) -> ObjectID {
        let workspace = try Workspace(context: context)
        let identity = try workspace.identity()
        return try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) { (snapshot: Snapshot) throws(HandoffError) -> (PlannedCommit, Void) in
            let workflow = try snapshot.workflow()
            guard workflow.isAdmin(identity.email) else {
                throw .refused("only an admin can change members; \(identity.email) is not one (admins: \(workflow.members.filter(\.admin).map(\.email).joined(separator: ", ")))")
            }
            guard workflow.policyApprovals <= 1 else {
                throw .refused("the workflow needs \(workflow.policyApprovals) admins for a policy change (policy_approvals); edit .handoff/config.yml and .handoff/allowed_signers, then 'handoff policy propose'")
            }
            let workflowText = try snapshot.fileText(Workflow.path) ?? ""
            let signersText = try snapshot.fileText(PolicyFiles.allowedSigners) ?? ""
            let (newWorkflow, newSigners) = try edit(workflow, workflowText, signersText)
            do throws(SigningError) {
                _ = try AllowedSigners(parsing: newSigners)
            } catch {
                throw .invalidFile(PolicyFiles.allowedSigners, error.message)
            }
            let message = CommitMessage(
                subject: subject, trailers: [(.action, action.rawValue), (.member, member)])
            let changes = [FileChange(path: Workflow.path, contents: Array(newWorkflow.utf8)),
                           FileChange(path: PolicyFiles.allowedSigners, contents: Array(newSigners.utf8))] + extra
            return (PlannedCommit(changes: changes, message: message), ())
        }.commit
    }
}
