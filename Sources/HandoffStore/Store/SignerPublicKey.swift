import Foundation
import HandoffModel
import HandoffSigning

/// The SSH public key that a signing setup signs with, so `init` and `doctor` can put it in (or
/// look for it in) `.handoff/allowed_signers`.
package enum SignerPublicKey {
    /// The public key of an SSH `user.signingkey`: a `key::` literal, a `.pub` file, the public
    /// half stored in the clear in an OpenSSH private key file, or the `.pub` file beside it.
    /// - Throws: `HandoffError.environment` when the setup is not SSH or no public key can be found.
    package static func of(_ setup: SigningSetup, environment: [String: String]) throws(HandoffError) -> SSHPublicKey {
        guard setup.format == .ssh else {
            throw .environment("gpg.format is \(setup.format.rawValue); handoff's allowed_signers holds SSH keys, so run: git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519")
        }
        guard let key = setup.key, !key.isEmpty else {
            throw .environment("no signing key; run: git config user.signingkey ~/.ssh/id_ed25519")
        }
        if key.hasPrefix("key::") || key.hasPrefix("ssh-") {
            let literal = key.hasPrefix("key::") ? String(key.dropFirst(5)) : key
            guard let publicKey = SSHPublicKey(openSSH: literal) else {
                throw .environment("user.signingkey is not a valid SSH public key literal")
            }
            return publicKey
        }
        let path = CommitSigner.expand(key, environment: environment)
        for candidate in [path, path + ".pub"] {
            guard let data = FileManager.default.contents(atPath: candidate) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            if let publicKey = SSHPublicKey(openSSH: text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return publicKey
            }
            if let privateKey = OpenSSHPrivateKey(fileText: text) { return privateKey.publicKey }
        }
        throw .environment("cannot find the public key of \(path); put it beside the key as \(path).pub")
    }
}
