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

    /// The key lines of `text`.
    /// - Throws: `HandoffError.invalidFile` naming the file and the malformed line.
    public static func parsed(_ text: String) throws(HandoffError) -> AllowedSigners {
        do throws(SigningError) {
            return try AllowedSigners(parsing: text)
        } catch {
            throw .invalidFile(PolicyFiles.allowedSigners, error.message)
        }
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
            .filter { !isLine($0, of: email) }
            .joined(separator: "\n")
    }

    /// The file with every current key line of `email` retired: `valid-before="<at, UTC>"`
    /// added to its options, every other byte kept. Plain git (which reads one file for all
    /// history) keeps calling commits dated up to `at` Good; handoff lets a retired key sign
    /// nothing new. Lines already retired, cert-authority lines and lines for other principals
    /// stay as they are.
    public static func retiring(email: String, at seconds: Int64, in text: String) -> String {
        let option = "valid-before=\"\(AllowedSignersTime.render(seconds))\""
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                guard isLine(line, of: email), let entry = try? AllowedSigners(parsing: String(line)).entries.first,
                      !entry.isRetired, !entry.certAuthority
                else { return String(line) }
                return adding(option: option, to: line, keyType: entry.key.type)
            }
            .joined(separator: "\n")
    }

    /// The file after `email` changes key: their current lines retired at `at`, and one line
    /// for `key` added.
    public static func rotating(email: String, to key: SSHPublicKey, at seconds: Int64, in text: String) -> String {
        adding(email: email, key: key, to: retiring(email: email, at: seconds, in: text))
    }

    /// True when `line` is a key line whose principals field is exactly `email` (without case,
    /// quoted or not).
    static func isLine(_ line: Substring, of email: String) -> Bool {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
        guard var principals = fields.first, !principals.hasPrefix("#") else { return false }
        if principals.count >= 2, principals.first == "\"", principals.last == "\"" {
            principals = principals.dropFirst().dropLast()
        }
        return principals.lowercased() == email.lowercased()
    }

    /// `line` with `option` added: appended to its options field, or given as one before the
    /// key (of type `keyType`) when the line has none.
    private static func adding(option: String, to line: Substring, keyType: String) -> String {
        func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" }
        var index = line.startIndex
        while index < line.endIndex, isBlank(line[index]) { index = line.index(after: index) }
        if index < line.endIndex, line[index] == "\"" {
            index = line.index(after: index)
            while index < line.endIndex, line[index] != "\"" { index = line.index(after: index) }
            if index < line.endIndex { index = line.index(after: index) }
        } else {
            while index < line.endIndex, !isBlank(line[index]) { index = line.index(after: index) }
        }
        while index < line.endIndex, isBlank(line[index]) { index = line.index(after: index) }
        let rest = line[index...]
        if rest.hasPrefix(keyType + " ") || rest.hasPrefix(keyType + "\t") {
            return String(line[..<index]) + option + " " + String(rest)
        }
        var quoted = false
        while index < line.endIndex, quoted || !isBlank(line[index]) {
            if line[index] == "\"" { quoted.toggle() }
            index = line.index(after: index)
        }
        return String(line[..<index]) + "," + option + String(line[index...])
    }
}
