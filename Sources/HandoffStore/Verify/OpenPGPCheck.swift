import HandoffModel
import HandoffSigning

/// An OpenPGP signature: good only by the key in the parent's `.handoff/openpgp/<committer>.asc`,
/// for a member of the parent's workflow, checked with `gpgv` against that one key.
enum OpenPGPCheck {
    /// Judges the armored OpenPGP `armored` signature of `commit` against `policy`.
    static func check(_ commit: RawCommit, armored: String, policy: Policy, environment: [String: String]) -> SignatureCheck.Outcome {
        let email = commit.committer.email
        let path = PolicyFiles.openPGPKey(for: email)
        guard let file = policy.openPGPKeys[email] else {
            return .bad("the commit has an OpenPGP signature, but the parent's policy holds no OpenPGP key for \(email) (\(path)); an admin must add it first (handoff member add \(email) --openpgp-key KEY.asc), or sign with an SSH key listed in .handoff/allowed_signers")
        }
        guard policy.workflow.member(email) != nil else {
            return .bad("signed with the OpenPGP key in \(path), but \(email) is not a member of the parent's workflow; an admin must add them (handoff member add)")
        }
        do {
            let keyring = try OpenPGPKeyrings.shared.keyring(id: file.id.hex, armored: file.armored, environment: environment)
            if let problem = try OpenPGPVerification.problem(verifying: commit.payload, armored: armored, keyring: keyring, environment: environment) {
                return .bad("the OpenPGP signature is not good by the key in the parent's \(path): \(problem)")
            }
            return .goodOpenPGP(fingerprint: keyring.fingerprint)
        } catch {
            return .bad("could not check the OpenPGP signature against the parent's \(path): \(error.message)")
        }
    }
}
