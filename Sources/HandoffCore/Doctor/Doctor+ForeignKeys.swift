import HandoffModel
import HandoffSigning

/// doctor's policy check for keys people already have: an SSH certificate, an OpenPGP key.
extension Doctor {
    /// Whether the policy lists a cert-authority for `email`, under which a certificate can sign.
    func certificatePolicy(_ signers: AllowedSigners, email: String, now: Int64) -> DoctorCheck {
        guard signers.hasCertificateAuthority(for: email, at: now) else {
            return .problem("policy", "you sign with an SSH certificate, but \(PolicyFiles.allowedSigners) has no cert-authority line for \(email)",
                            fix: "ask an admin to add your CA: '\(email) cert-authority,namespaces=\"git\" ssh-ed25519 AAAA…' in \(PolicyFiles.allowedSigners)")
        }
        return .ok("policy", "\(PolicyFiles.allowedSigners) trusts a certificate authority for \(email) (ssh-keygen judges the certificate itself)")
    }

    /// Whether the policy holds an OpenPGP key file for `email`.
    func openPGPPolicy(_ email: String) -> DoctorCheck {
        let path = PolicyFiles.openPGPKey(for: email)
        let text: String?
        do {
            text = try workspace.snapshot().fileText(path)
        } catch {
            return .problem("policy", error.message, fix: "run 'handoff init' in this repository, or cd into a handoff repository")
        }
        guard text != nil else {
            return .problem("policy", "you sign with OpenPGP, but the policy has no \(path)",
                            fix: "ask an admin to run: handoff member add \(email) --openpgp-key YOUR_KEY.asc (gpg --armor --export YOUR_KEY_ID > YOUR_KEY.asc)")
        }
        return .ok("policy", "\(path) holds your OpenPGP key")
    }
}
