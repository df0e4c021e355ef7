import Crypto

/// What an `openssh-key-v1` private key file says about itself, read without decrypting anything.
package struct OpenSSHPrivateKey: Sendable {
    /// The cipher protecting the private section; "none" when unencrypted.
    let cipher: String
    /// The public key stored in the clear at the start of the file.
    package let publicKey: SSHPublicKey
    /// The 32-byte Ed25519 seed, present only for an unencrypted, consistent ssh-ed25519 key.
    let ed25519Seed: [UInt8]?

    /// The magic that starts the decoded file, NUL included.
    private static let magic: [UInt8] = Array("openssh-key-v1".utf8) + [0]

    /// True when the file is encrypted with a passphrase.
    var isEncrypted: Bool { cipher != "none" }

    /// Reads a private key file's text; nil when it is not a well-formed single-key `openssh-key-v1` file.
    package init?(fileText: String) {
        guard let bytes = try? SSHArmor.decode(fileText, label: SSHArmor.privateKeyLabel, what: "the private key") else {
            return nil
        }
        var reader = SSHWireReader(bytes)
        guard reader.readBytes(Self.magic.count) == Self.magic,
              let cipher = reader.readText(),
              reader.readText() != nil,          // kdf name
              reader.readString() != nil,        // kdf options
              reader.readUInt32() == 1,
              let publicBlob = reader.readString(),
              let publicKey = SSHPublicKey(blob: publicBlob),
              let privateSection = reader.readString(),
              reader.isAtEnd
        else { return nil }
        self.cipher = cipher
        self.publicKey = publicKey
        self.ed25519Seed = cipher == "none" ? Self.ed25519Seed(privateSection, publicKey: publicKey) : nil
    }

    /// The seed from a plaintext private section, when every field agrees with the public key.
    private static func ed25519Seed(_ section: [UInt8], publicKey: SSHPublicKey) -> [UInt8]? {
        guard let expectedKey = publicKey.ed25519RawKey else { return nil }
        var reader = SSHWireReader(section)
        guard let check1 = reader.readUInt32(), let check2 = reader.readUInt32(), check1 == check2,
              reader.readText() == SSHPublicKey.ed25519Type,
              let publicRaw = reader.readString(), publicRaw == expectedKey,
              let secret = reader.readString(), secret.count == 64,
              reader.readString() != nil         // comment
        else { return nil }
        let seed = Array(secret[0..<32])
        guard Array(secret[32..<64]) == expectedKey,
              let derived = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
              Array(derived.publicKey.rawRepresentation) == expectedKey
        else { return nil }
        return seed
    }
}
