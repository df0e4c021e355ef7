import HandoffModel

/// The one change to `.handoff/` a member who is not an admin may make: rotating their own key
/// (`handoff member key THEM --key NEW.pub`, signed with their current key, which the signature
/// rule checks as for every commit).
enum KeyRotationRule {
    /// True when `changes` (the commit's changes to `.handoff/`) are the committer's own key
    /// rotation: only `allowed_signers` changes, and it is exactly the parent's file with the
    /// committer's current lines retired at the commit's committer time and one line added for
    /// them with a key the parent's file did not list (so a retired key cannot come back).
    static func isOwnRotation(_ commit: RawCommit, changes: [PathChange], parent: Policy, own: Policy) -> Bool {
        let email = commit.committer.email
        guard parent.workflow.member(email) != nil, changes.count == 1, let change = changes.first,
              change.path == PolicyFiles.allowedSigners, change.old != nil, change.new != nil
        else { return false }
        let listed = Set(parent.signers.entries.map(\.key))
        let added = own.signers.entries.filter { !listed.contains($0.key) }
        guard added.count == 1, let key = added.first?.key else { return false }
        return own.signersText == AllowedSignersFile.rotating(email: email, to: key, at: commit.committer.time.seconds, in: parent.signersText)
    }
}
