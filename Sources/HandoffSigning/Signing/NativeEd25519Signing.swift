import Crypto

/// Makes SSHSIG signatures in-process with an unencrypted Ed25519 key, byte for byte what
/// `ssh-keygen -Y sign -n git` writes (on Linux, where Ed25519 signing is deterministic).
enum NativeEd25519Signing {
    /// Signs `payload` in namespace "git" with SHA-512 and returns the armor without its final newline.
    /// - Throws: `SigningError` when swift-crypto rejects the seed or fails to sign.
    static func sign(_ payload: [UInt8], seed: [UInt8], publicKey: SSHPublicKey, keyPath: String) throws(SigningError) -> String {
        let namespace = "git"
        let hashAlgorithm = "sha512"
        let digest = Array(SHA512.hash(data: payload))
        let signed = SSHSigFormat.signedData(namespace: namespace, hashAlgorithm: hashAlgorithm, digest: digest)
        let raw: [UInt8]
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            raw = Array(try key.signature(for: signed))
        } catch {
            throw SigningError("could not sign with the Ed25519 key \(keyPath): \(error); check user.signingkey")
        }
        let signature = SSHSignature(publicKey: publicKey, namespace: namespace, hashAlgorithm: hashAlgorithm, signatureType: SSHPublicKey.ed25519Type, signature: raw)
        return SigningOutput.withoutFinalNewline(signature.armored)
    }
}

/// Shapes what a signer produced into what libgit2's git_commit_create_with_signature wants.
enum SigningOutput {
    /// The text with carriage returns removed and trailing newlines dropped.
    static func withoutFinalNewline(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r", with: "")
        while lines.hasSuffix("\n") {
            lines.removeLast()
        }
        return lines
    }
}
