/// A parsed SSHSIG signature (the armored `-----BEGIN SSH SIGNATURE-----` block).
public struct SSHSignature: Sendable {
    /// The key that made the signature, as carried in the signature itself.
    public let publicKey: SSHPublicKey
    /// The namespace the signature was made for ("git" for commits).
    public let namespace: String
    /// "sha256" or "sha512".
    public let hashAlgorithm: String
    /// The signature algorithm name, e.g. "ssh-ed25519" or "rsa-sha2-512".
    public let signatureType: String
    /// Raw signature bytes (64 for ed25519).
    public let signature: [UInt8]

    /// Parses the armor (tolerating CRLF and a missing final newline); throws SigningError describing what is malformed.
    public init(armored: String) throws(SigningError) {
        let blob = try SSHArmor.decode(armored, label: SSHArmor.signatureLabel, what: "the SSH signature")
        try self.init(blob: blob)
    }

    /// Assembles a signature from its parts (used when signing natively).
    init(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signatureType: String, signature: [UInt8]) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.hashAlgorithm = hashAlgorithm
        self.signatureType = signatureType
        self.signature = signature
    }

    /// Parses a decoded SSHSIG blob, checking every length against what is left.
    init(blob: [UInt8]) throws(SigningError) {
        var reader = SSHWireReader(blob)
        guard reader.readBytes(SSHSigFormat.magic.count) == SSHSigFormat.magic else {
            throw SigningError("the SSH signature does not start with the SSHSIG magic bytes")
        }
        guard let version = reader.readUInt32() else {
            throw SigningError("the SSH signature is truncated before its version")
        }
        guard version == SSHSigFormat.version else {
            throw SigningError("the SSH signature has version \(version); only version 1 is known")
        }
        guard let keyBlob = reader.readString() else {
            throw SigningError("the SSH signature is truncated in its public key")
        }
        guard let key = SSHPublicKey(blob: keyBlob) else {
            throw SigningError("the SSH signature carries a malformed public key")
        }
        guard let namespace = reader.readText() else {
            throw SigningError("the SSH signature is truncated or malformed in its namespace")
        }
        guard reader.readString() != nil else {
            throw SigningError("the SSH signature is truncated in its reserved field")
        }
        guard let hash = reader.readText() else {
            throw SigningError("the SSH signature is truncated or malformed in its hash algorithm")
        }
        guard SSHSigFormat.hashAlgorithms.contains(hash) else {
            throw SigningError("the SSH signature uses hash algorithm \"\(Self.printable(hash))\"; only sha256 and sha512 are allowed")
        }
        guard let signatureBlob = reader.readString() else {
            throw SigningError("the SSH signature is truncated in its signature field")
        }
        guard reader.isAtEnd else {
            throw SigningError("the SSH signature has \(reader.remaining) unexpected bytes after its signature field")
        }
        var inner = SSHWireReader(signatureBlob)
        guard let type = inner.readText(), let raw = inner.readString(), inner.isAtEnd else {
            throw SigningError("the SSH signature's signature field is malformed")
        }
        if key.type == SSHPublicKey.ed25519Type {
            guard type == SSHPublicKey.ed25519Type, raw.count == 64 else {
                throw SigningError("the SSH signature's Ed25519 signature is malformed (type \"\(Self.printable(type))\", \(raw.count) bytes; expected ssh-ed25519, 64 bytes)")
            }
        }
        self.publicKey = key
        self.namespace = namespace
        self.hashAlgorithm = hash
        self.signatureType = type
        self.signature = raw
    }

    /// Checks the signature over `message` natively for ssh-ed25519 (namespace must equal `namespace`); returns false for a bad signature; throws SigningError for key types it cannot check natively.
    public func verify(_ message: [UInt8], namespace: String = "git") throws(SigningError) -> Bool {
        guard let rawKey = publicKey.ed25519RawKey else {
            throw SigningError("cannot check \(publicKey.type) signatures natively; only ssh-ed25519 keys can be checked here (use git verify-commit for other key types)")
        }
        guard self.namespace == namespace,
              signatureType == SSHPublicKey.ed25519Type,
              signature.count == 64,
              let digest = SSHSigFormat.digest(message, hashAlgorithm: hashAlgorithm)
        else { return false }
        let signed = SSHSigFormat.signedData(namespace: namespace, hashAlgorithm: hashAlgorithm, digest: digest)
        return Ed25519Verification.isValid(signature: signature, of: signed, publicKey: rawKey)
    }

    /// Armor for this signature in ssh-keygen's layout (70 columns), ending with a newline.
    var armored: String {
        let blob = SSHSigFormat.blob(publicKey: publicKey, namespace: namespace, hashAlgorithm: hashAlgorithm, signatureType: signatureType, signature: signature)
        return SSHArmor.encode(blob, label: SSHArmor.signatureLabel)
    }

    /// Up to 40 characters of a name from a signature, safe to put in a message.
    private static func printable(_ text: String) -> String {
        String(text.unicodeScalars.prefix(40).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
