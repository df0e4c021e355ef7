/// The paths of the trust policy inside a repository.
public enum PolicyFiles {
    /// Who may sign, in git's allowed-signers format.
    public static let allowedSigners = ".handoff/allowed_signers"
    /// Where policy changes wait for their admins' sign-offs under `policy_approvals` (`PolicyProposal`).
    public static let proposals = ".handoff/proposals"
    /// Where `init` copies the tool's templates.
    public static let templates = ".handoff/templates"
}

extension PolicyFiles {
    /// Members' OpenPGP public keys, one armored file per member named `<email>.asc`.
    public static let openPGPKeys = ".handoff/openpgp"

    /// The path of `email`'s OpenPGP public key file.
    public static func openPGPKey(for email: String) -> String {
        "\(openPGPKeys)/\(email).asc"
    }

    /// The member email a key file in `openPGPKeys` named `name` (`<email>.asc`) belongs to;
    /// nil for any other name.
    package static func openPGPKeyOwner(ofName name: String) -> String? {
        guard name.hasSuffix(".asc") else { return nil }
        let email = String(name.dropLast(4))
        guard MemberAddress.isValid(email), !email.contains("/"), !email.hasPrefix(".") else { return nil }
        return email
    }
}
