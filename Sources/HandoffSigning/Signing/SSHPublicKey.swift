import Crypto
import Foundation

/// An SSH public key (ssh-ed25519 and others): parse from "ssh-ed25519 AAAA... comment" (the authorized_keys / .pub form).
public struct SSHPublicKey: Sendable, Hashable {
    /// The key type named inside the blob: "ssh-ed25519", "ssh-rsa", ...
    public let type: String
    /// The wire-format public key blob.
    public let blob: [UInt8]

    /// The Ed25519 key type name.
    static let ed25519Type = "ssh-ed25519"
    /// The largest blob accepted; real keys (even RSA-16384 certificates) are far smaller.
    static let maximumBlobSize = 16 * 1024

    /// Parses `type base64 [comment]`; nil when the base64 or the blob inside is malformed
    /// or names a different type than the line does.
    public init?(openSSH line: String) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0.isNewline })
        guard fields.count >= 2 else { return nil }
        self.init(type: String(fields[0]), base64: String(fields[1]))
    }

    /// Parses a key given as its type name and base64 blob; nil when they disagree or are malformed.
    init?(type: String, base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(blob: Array(data))
        guard self.type == type else { return nil }
    }

    /// Reads a wire-format blob; nil when it is malformed (Ed25519 blobs are checked exactly).
    public init?(blob: [UInt8]) {
        guard !blob.isEmpty, blob.count <= Self.maximumBlobSize else { return nil }
        var reader = SSHWireReader(blob)
        guard let type = reader.readText(), Self.isPlausibleTypeName(type) else { return nil }
        if type == Self.ed25519Type {
            guard let key = reader.readString(), key.count == 32, reader.isAtEnd else { return nil }
        } else {
            guard !reader.isAtEnd else { return nil }
        }
        self.type = type
        self.blob = blob
    }

    /// "ssh-ed25519 AAAA..." (no comment).
    public var openSSH: String {
        "\(type) \(Data(blob).base64EncodedString())"
    }

    /// "SHA256:..." unpadded base64, as ssh-keygen -l prints.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The 32 raw key bytes of an ssh-ed25519 key, or nil for other types.
    var ed25519RawKey: [UInt8]? {
        guard type == Self.ed25519Type else { return nil }
        var reader = SSHWireReader(blob)
        _ = reader.readString()
        return reader.readString()
    }

    /// True for a short, printable ASCII key type name.
    private static func isPlausibleTypeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
