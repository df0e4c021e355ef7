import Crypto

/// The SSHSIG format (OpenSSH's PROTOCOL.sshsig): the bytes a key signs and the blob that carries the signature.
enum SSHSigFormat {
    /// The six magic bytes that start both the signed data and the signature blob.
    static let magic: [UInt8] = Array("SSHSIG".utf8)
    /// The only signature blob version there is.
    static let version: UInt32 = 1
    /// The hash algorithms SSHSIG allows.
    static let hashAlgorithms: Set<String> = ["sha256", "sha512"]

    /// The message digest under `hashAlgorithm` ("sha256" or "sha512"), or nil for another name.
    static func digest(_ message: [UInt8], hashAlgorithm: String) -> [UInt8]? {
        switch hashAlgorithm {
        case "sha512": return Array(SHA512.hash(data: message))
        case "sha256": return Array(SHA256.hash(data: message))
        default: return nil
        }
    }

    /// The bytes the key signs: magic ‖ namespace ‖ empty reserved ‖ hash name ‖ digest.
    static func signedData(namespace: String, hashAlgorithm: String, digest: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.writeRaw(magic)
        writer.writeString(namespace)
        writer.writeString([UInt8]())
        writer.writeString(hashAlgorithm)
        writer.writeString(digest)
        return writer.bytes
    }

    /// The signature blob: magic ‖ version ‖ public key ‖ namespace ‖ reserved ‖ hash name ‖ signature.
    static func blob(publicKey: SSHPublicKey, namespace: String, hashAlgorithm: String, signatureType: String, signature: [UInt8]) -> [UInt8] {
        var inner = SSHWireWriter()
        inner.writeString(signatureType)
        inner.writeString(signature)
        var writer = SSHWireWriter()
        writer.writeRaw(magic)
        writer.writeUInt32(version)
        writer.writeString(publicKey.blob)
        writer.writeString(namespace)
        writer.writeString([UInt8]())
        writer.writeString(hashAlgorithm)
        writer.writeString(inner.bytes)
        return writer.bytes
    }
}
