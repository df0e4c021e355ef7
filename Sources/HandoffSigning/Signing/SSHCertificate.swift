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
    /// The text of the file without its retired lines (`valid-before`): what `ssh-keygen -Y
    /// verify` is given for a certificate, so a retired CA vouches for nothing new whatever
    /// date the commit claims.
    public func currentLines(of text: String) -> String {
        let retired = Set(entries.filter(\.isRetired).map(\.line))
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !retired.contains($0.offset + 1) }.map { String($0.element) }.joined(separator: "\n")
    }

    /// True when some `cert-authority` line names `email` among its principals, allows
    /// `namespace`, is not retired, and is valid at `time` (unix seconds): the only lines under which a
    /// certificate signature can be good for `email`.
    public func hasCertificateAuthority(for email: String, namespace: String = "git", at time: Int64) -> Bool {
        entries.contains { entry in
            entry.certAuthority && !entry.isRetired && entry.matches(principal: email) && entry.allows(namespace: namespace) && entry.isValid(at: time)
        }
    }
}
