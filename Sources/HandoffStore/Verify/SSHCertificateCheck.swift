import HandoffSigning

/// A signature made with an SSH certificate: good exactly when `ssh-keygen -Y verify` with the
/// parent's allowed_signers, the committer's email and the committer time says so — what git
/// itself does — so the CA's signature, the certificate's principals and its validity window
/// are judged by OpenSSH, not by a second reading of the certificate format. A CA line may
/// cover a whole domain, so the signer must also be a member of the parent's workflow.
enum SSHCertificateCheck {
    /// Judges `signature` (whose key is a certificate) on `commit` against `policy`.
    static func check(
        _ commit: RawCommit, armored: String, signature: SSHSignature, policy: Policy, environment: [String: String]
    ) -> SignatureCheck.Outcome {
        let email = commit.committer.email
        guard policy.signers.hasCertificateAuthority(for: email, at: commit.committer.time.seconds) else {
            return .bad("signed with an SSH certificate (\(signature.publicKey.fingerprint)), but the parent's allowed_signers has no cert-authority line for \(email) valid at the commit's time; an admin must add the CA's key with cert-authority first")
        }
        guard policy.workflow.member(email) != nil else {
            return .bad("signed with an SSH certificate for \(email), who is not a member of the parent's workflow; a CA vouches for who someone is, the workflow for who is on the team: an admin must add them first (handoff member add)")
        }
        let current = policy.signers.currentLines(of: policy.signersText)
        switch SignatureCheck.sshKeygenCheck(
            commit, armored: armored, email: email, policy: policy, environment: environment, key: signature.publicKey, signersText: current)
        {
        case .bad(let reason):
            return .bad("the SSH certificate is not valid for \(email) at the commit's time under the parent's cert-authority lines (\(reason)); get a certificate for principal \(email) from a listed CA that covers that time")
        case let good:
            return good
        }
    }
}
