import Foundation
import GitKit
import HandoffModel
import HandoffSigning
import HandoffStore

extension Handoff {
    /// Rotates a member's key: their current lines in `.handoff/allowed_signers` retired
    /// (`valid-before` the commit's time) and one line for the key in `keyFile` added, in one
    /// signed commit. An admin may rotate anyone's key; a member may rotate their own, signing
    /// with their current key (switch `user.signingkey` to the new key after this commit).
    /// - Throws: `HandoffError.refused` when the caller may not, the member does not exist, the
    ///   key is listed already (a retired key cannot come back) or would not sign; `.usage` for a
    ///   bad key file.
    @discardableResult
    public func rotateKey(email: String, keyFile: String) throws(HandoffError) -> PolicyChange {
        let key = try publicKey(inFile: keyFile)
        return try changePolicy(action: .memberKey, subject: "handoff: member key \(email)", member: email, memberMayAct: true) { edit throws(HandoffError) in
            guard let member = edit.workflow.member(email) else {
                throw .refused("\(email) is not a member; add them with 'handoff member add \(email) --key \(keyFile)'")
            }
            let signers = try AllowedSignersFile.parsed(edit.signersText)
            if let line = signers.entries.first(where: { $0.key == key }) {
                throw .refused("\(keyFile) (\(key.fingerprint)) is already on line \(line.line) of \(PolicyFiles.allowedSigners); a rotation brings a new key (make one with ssh-keygen -t ed25519), and a retired key never comes back")
            }
            let isSelf = edit.identity.email.lowercased() == member.email.lowercased()
            if isSelf, !edit.workflow.isAdmin(edit.identity.email) {
                try checkSigningKey(is: signers.keys(for: edit.identity.email, includingRetired: false), email: edit.identity.email)
            }
            // The member's own rotation names them as their commits do, so verify can recompute it.
            let principal = isSelf ? edit.identity.email : member.email
            return (edit.workflowText, AllowedSignersFile.rotating(email: principal, to: key, at: edit.time, in: edit.signersText))
        }
    }

    /// Refuses a member's own rotation when this clone would sign it with a key other than
    /// their current ones: only a current key may vouch for its successor.
    private func checkSigningKey(is current: [SSHPublicKey], email: String) throws(HandoffError) {
        let workspace = try Workspace(context: context)
        let setup = try workspace.signingSetup()
        guard setup.format == .ssh else {
            throw .refused("your own key rotation must be signed with your current SSH key, but gpg.format is \(setup.format.rawValue); set gpg.format ssh and user.signingkey to your current key")
        }
        let signing = try SignerPublicKey.of(setup, environment: context.environment)
        guard current.contains(signing) else {
            throw .refused("your own key rotation must be signed with your current key, but user.signingkey is \(signing.fingerprint), which \(PolicyFiles.allowedSigners) does not list as current for \(email); point user.signingkey at your current key for this commit, then at the new one")
        }
    }
}
