import HandoffSigning

/// Writes and edits `.handoff/allowed_signers` line by line, in git's own format.
public enum AllowedSignersFile {
    /// The file `init` writes: a comment saying what it is, and the admin's key.
    public static func initial(admin: String, key: SSHPublicKey) -> String {
        """
        # Who may sign handoff commits, in git's allowed-signers format (gpg.ssh.allowedSignersFile).
        # Changes are signed commits by an admin: use 'handoff member add|remove'.
        \(AllowedSigners.line(email: admin, key: key))

        """
    }

    /// The file with a line for `email` and `key` added (existing lines kept).
    public static func adding(email: String, key: SSHPublicKey, to text: String) -> String {
        var result = text
        if !result.isEmpty && !result.hasSuffix("\n") { result += "\n" }
        return result + AllowedSigners.line(email: email, key: key) + "\n"
    }

    /// The file without the lines whose principals are exactly `email` (compared without case;
    /// the field may be quoted and separated from the rest by spaces or tabs, as git allows).
    public static func removing(email: String, from text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
                guard var principals = fields.first, !principals.hasPrefix("#") else { return true }
                if principals.count >= 2, principals.first == "\"", principals.last == "\"" {
                    principals = principals.dropFirst().dropLast()
                }
                return principals.lowercased() != email.lowercased()
            }
            .joined(separator: "\n")
    }
}
