/// Signs the way git does for gpg.format=openpgp: `gpg --status-fd=2 -bsau KEY` with the payload on stdin.
enum GPGSigning {
    /// Runs gpg over `payload` and returns the armored signature without its final newline.
    /// - Throws: `SigningError` quoting gpg's complaint when it fails or reports no SIG_CREATED.
    static func sign(_ payload: [UInt8], program: String, key: String, environment: [String: String]) throws(SigningError) -> String {
        let directory = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(directory) }
        let outcome = try SigningSubprocess.run(program, ["--status-fd=2", "-bsau", key], environment: environment, stdin: payload, in: directory, setting: "gpg.program")
        let status = String(decoding: outcome.stderr, as: UTF8.self)
        let created = status.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("[GNUPG:] SIG_CREATED ") }
        let signature = SigningOutput.withoutFinalNewline(String(decoding: outcome.stdout, as: UTF8.self))
        guard outcome.status == 0, created, signature.hasPrefix("-----BEGIN PGP SIGNATURE-----") else {
            let reason = complaint(in: outcome)
            throw SigningError("\(program) could not sign with key \(key): \(reason); check user.signingkey and that gpg-agent can unlock the key")
        }
        return signature
    }

    /// gpg's most telling message: a line about the failure itself, not its setup chatter.
    private static func complaint(in outcome: SigningSubprocess.Outcome) -> String {
        let messages = outcome.stderrLines.filter { !$0.hasPrefix("[GNUPG:]") }
        let telling = ["skipped", "failed", "error", "no secret key", "not found", "invalid", "unusable", "expired", "revoked"]
        if let line = messages.first(where: { line in telling.contains { line.lowercased().contains($0) } }) {
            return line
        }
        return messages.last ?? outcome.noErrorText
    }
}
