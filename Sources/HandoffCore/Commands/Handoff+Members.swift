import Foundation
import GitKit
import HandoffModel
import HandoffSigning
import HandoffStore

extension Handoff {
    /// Adds a member: their stages and admin flag in the workflow and their key in
    /// `.handoff/allowed_signers`, in one signed commit. Admins only.
    /// - Throws: `HandoffError.refused` when the caller is not an admin or the member exists
    ///   (`editMember` and `rotateKey` change them), `.usage` for a bad email, stage or key file.
    @discardableResult
    public func addMember(email: String, keyFile: String, stages: [String], admin: Bool) throws(HandoffError) -> PolicyChange {
        guard MemberAddress.isValid(email) else {
            if email.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
                throw .usage("'\(email)' has characters beyond ASCII; handoff names members by ASCII addresses only (policy files and signer principals compare them byte for byte), so use the member's ASCII address (a domain in its xn-- form) as their git user.email and here")
            }
            throw .usage("'\(email)' is not an email address; members are named by the email git records for them")
        }
        let (key, openPGPKey) = try memberKey(inFile: keyFile, for: email)
        return try changePolicy(
            action: .memberAdd, subject: "handoff: member add \(email)", member: email, extra: openPGPKey.map { [$0] } ?? []
        ) { edit throws(HandoffError) in
            for stage in stages where !edit.workflow.stages.contains(stage) {
                throw .usage("stage '\(stage)' is not in the workflow (\(edit.workflow.stages.joined(separator: ", ")))")
            }
            if let existing = edit.workflow.member(email) {
                throw .refused("\(existing.email) is already a member; change their stages or admin flag with 'handoff member edit \(existing.email) --add-stage S' (or --admin), and their key with 'handoff member key \(existing.email) --key NEW.pub'")
            }
            let member = Workflow.Member(email: email, name: nil, stages: stages, admin: admin)
            guard let key else { return (try WorkflowFile.adding(member, to: edit.workflowText), edit.signersText) }
            if let retired = try AllowedSignersFile.parsed(edit.signersText).entries.first(where: { $0.isRetired && $0.key == key }) {
                throw .refused("\(keyFile) (\(key.fingerprint)) is retired on line \(retired.line) of \(PolicyFiles.allowedSigners); a retired key never comes back, so pass a new key (make one with ssh-keygen -t ed25519)")
            }
            // Lines left from an earlier membership stay (retired), so git keeps judging their
            // old commits; any line still current is retired now.
            let updatedSigners = AllowedSignersFile.rotating(email: email, to: key, at: edit.time, in: edit.signersText)
            return (try WorkflowFile.adding(member, to: edit.workflowText), updatedSigners)
        }
    }

    /// Removes a member from the workflow and retires their keys in `.handoff/allowed_signers`
    /// (`valid-before` now: plain git keeps calling their earlier commits Good, handoff lets the
    /// keys sign nothing new), in one signed commit. Admins only; the last admin cannot be removed.
    /// - Throws: `HandoffError.refused` when not allowed or the member does not exist.
    @discardableResult
    public func removeMember(email: String) throws(HandoffError) -> PolicyChange {
        try changePolicy(action: .memberRemove, subject: "handoff: member remove \(email)", member: email) { edit throws(HandoffError) in
            guard let member = edit.workflow.member(email) else {
                throw .refused("\(email) is not a member; the members are listed in .handoff/config.yml")
            }
            if member.admin, edit.workflow.members.filter(\.admin).count == 1 {
                throw .refused("\(email) is the last admin; make someone else admin first (handoff member edit EMAIL --admin)")
            }
            return (try WorkflowFile.removing(member.email, from: edit.workflowText),
                    AllowedSignersFile.retiring(email: member.email, at: edit.time, in: edit.signersText))
        }
    }

    /// The SSH public key in `keyFile` (relative to the working directory).
    /// - Throws: `HandoffError.usage` when it cannot be read or holds no public key.
    func publicKey(inFile keyFile: String) throws(HandoffError) -> SSHPublicKey {
        let (_, keyText) = try keyFileText(keyFile)
        guard let key = SSHPublicKey(openSSH: keyText) else {
            throw .usage("\(keyFile) is not an SSH public key; pass the member's .pub file")
        }
        return key
    }

    /// A new member's key in `keyFile`: an SSH public key, or an armored OpenPGP public key
    /// (then the file `.handoff/openpgp/EMAIL.asc` to write for it).
    /// - Throws: `HandoffError.usage` when it cannot be read or is neither.
    private func memberKey(inFile keyFile: String, for email: String) throws(HandoffError) -> (SSHPublicKey?, FileChange?) {
        let (data, keyText) = try keyFileText(keyFile)
        if OpenPGPMemberKey.isArmoredKey(keyText) {
            return (nil, try OpenPGPMemberKey.file(for: email, armored: data, keyFile: keyFile, environment: context.environment))
        }
        guard let key = SSHPublicKey(openSSH: keyText) else {
            throw .usage("\(keyFile) is not an SSH public key or an armored OpenPGP public key; pass the member's .pub file, or their gpg --armor --export output")
        }
        return (key, nil)
    }

    /// The bytes of `keyFile` (relative to the working directory) and its trimmed text.
    private func keyFileText(_ keyFile: String) throws(HandoffError) -> ([UInt8], String) {
        let keyPath = keyFile.hasPrefix("/") ? keyFile : context.directory + "/" + keyFile
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw .usage("cannot read the key file \(keyFile); pass the member's public key (e.g. id_ed25519.pub)")
        }
        return (Array(data), String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// What a change to the policy starts from: the parent's workflow and files, who acts, and
    /// when (the commit's committer time, which a retirement's `valid-before` takes).
    struct PolicyEdit {
        /// The workflow as of the parent.
        let workflow: Workflow
        /// `.handoff/config.yml`'s text.
        let workflowText: String
        /// `.handoff/allowed_signers`' text.
        let signersText: String
        /// The actor.
        let identity: Identity
        /// The commit's committer time (unix seconds).
        var time: Int64 { identity.committer.time }
    }

    /// One signed commit changing `.handoff/` as `edit` says (new workflow and signers text).
    /// Admins only, unless `memberMayAct` and the actor is `member` themself; `extra` files
    /// (e.g. an OpenPGP key) are written in the same commit. Under `policy_approvals` above 1
    /// an admin's change is proposed instead (a member's own key rotation needs no proposal).
    func changePolicy(
        action: Action, subject: String, member: String, memberMayAct: Bool = false, extra: [FileChange] = [],
        _ edit: (PolicyEdit) throws(HandoffError) -> (String, String)
    ) throws(HandoffError) -> PolicyChange {
        let workspace = try Workspace(context: context)
        let identity = try workspace.identity()
        let landed = try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) { (snapshot: Snapshot) throws(HandoffError) -> (PlannedCommit, String?) in
            let workflow = try snapshot.workflow()
            let isSelf = memberMayAct && identity.email.lowercased() == member.lowercased()
            guard workflow.isAdmin(identity.email) || isSelf else {
                throw .refused("only an admin can change members; \(identity.email) is not one (admins: \(workflow.members.filter(\.admin).map(\.email).joined(separator: ", ")))")
            }
            let workflowText = try snapshot.fileText(Workflow.path) ?? ""
            let signersText = try snapshot.fileText(PolicyFiles.allowedSigners) ?? ""
            let (newWorkflow, newSigners) = try edit(PolicyEdit(workflow: workflow, workflowText: workflowText, signersText: signersText, identity: identity))
            do throws(SigningError) {
                _ = try AllowedSigners(parsing: newSigners)
            } catch {
                throw .invalidFile(PolicyFiles.allowedSigners, error.message)
            }
            let changes = [FileChange(path: Workflow.path, contents: Array(newWorkflow.utf8)),
                           FileChange(path: PolicyFiles.allowedSigners, contents: Array(newSigners.utf8))] + extra
            if workflow.policyApprovals > 1, !isSelf {
                let proposal = try Self.proposal(of: changes, reason: subject, by: identity.email, in: snapshot, repository: workspace.repository)
                let message = CommitMessage(
                    subject: "handoff: policy propose \(proposal.id.prefix(12)) (\(subject.replacingOccurrences(of: "handoff: ", with: "")))",
                    trailers: [(.action, Action.policyPropose.rawValue), (.member, member)])
                return (PlannedCommit(changes: proposal.changes, message: message), proposal.id)
            }
            let message = CommitMessage(
                subject: subject, trailers: [(.action, action.rawValue), (.member, member)])
            return (PlannedCommit(changes: changes, message: message), nil)
        }
        return PolicyChange(commit: landed.commit, proposal: landed.result)
    }
}

/// What a member command did to the policy.
public struct PolicyChange: Sendable {
    /// The commit that landed.
    public let commit: ObjectID
    /// The id of the proposal it made, under `policy_approvals` above 1; nil when the policy
    /// changed at once.
    public let proposal: String?
}
