import HandoffModel
import HandoffSigning
import HandoffStore

/// A member's OpenPGP public key as `member add` writes it: `.handoff/openpgp/<email>.asc`.
enum OpenPGPMemberKey {
    /// True when `text` is an armored OpenPGP public key (`gpg --armor --export`).
    static func isArmoredKey(_ text: String) -> Bool {
        text.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----")
    }

    /// The key file change for `email`, after checking the key holds exactly one primary key.
    /// - Throws: `HandoffError.usage` when the email cannot name a key file or the key is unreadable.
    static func file(for email: String, armored: [UInt8], keyFile: String, environment: [String: String]) throws(HandoffError) -> FileChange {
        let path = PolicyFiles.openPGPKey(for: email)
        guard PolicyFiles.openPGPKeyOwner(ofName: String(path.dropFirst(PolicyFiles.openPGPKeys.count + 1))) == email else {
            throw .usage("'\(email)' cannot name a key file in \(PolicyFiles.openPGPKeys)/; use an address without '/' that does not start with '.'")
        }
        do {
            _ = try OpenPGPKeyrings.fingerprint(ofArmored: armored, environment: environment)
        } catch {
            throw .usage("\(keyFile): \(error.message)")
        }
        return FileChange(path: path, contents: armored)
    }
}
