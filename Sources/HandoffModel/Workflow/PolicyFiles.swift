/// The paths of the trust policy inside a repository.
public enum PolicyFiles {
    /// Who may sign, in git's allowed-signers format.
    public static let allowedSigners = ".handoff/allowed_signers"
    /// Where policy changes wait for their admins' sign-offs under `policy_approvals` (`PolicyProposal`).
    public static let proposals = ".handoff/proposals"
    /// Where `init` copies the tool's templates.
    public static let templates = ".handoff/templates"
}
