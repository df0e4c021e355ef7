/// OpenSSH certificates (`PROTOCOL.certkeys`): a member's key signed by a certificate authority
/// that `allowed_signers` lists with `cert-authority`. handoff leaves judging the certificate
/// itself (the CA's signature, principals, validity, critical options) to `ssh-keygen -Y verify`,
/// exactly as git does; these helpers only route such signatures there.
extension SSHPublicKey {
    /// The suffix of every certificate key type (`ssh-ed25519-cert-v01@openssh.com`, …).
    static let certificateTypeSuffix = "-cert-v01@openssh.com"

    /// True when this key is an OpenSSH certificate rather than a plain key.
    public var isCertificate: Bool {
        type.hasSuffix(Self.certificateTypeSuffix)
    }
}

extension AllowedSigners {
    /// True when some `cert-authority` line names `email` among its principals, allows
    /// `namespace`, and is valid at `time` (unix seconds): the only lines under which a
    /// certificate signature can be good for `email`.
    public func hasCertificateAuthority(for email: String, namespace: String = "git", at time: Int64) -> Bool {
        entries.contains { entry in
            entry.certAuthority && entry.matches(principal: email) && entry.allows(namespace: namespace) && entry.isValid(at: time)
        }
    }
}
