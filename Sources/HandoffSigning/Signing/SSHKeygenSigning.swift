import Foundation

/// Where ssh-keygen finds the key to sign with, as git tells it.
package enum SSHKeySource: Sendable, Equatable {
    /// A private key file, or a public key file whose private half is in ssh-agent.
    case file(path: String)
    /// A `key::` literal public key; ssh-keygen gets it in a temporary file with -U (agent only).
    case literal(SSHPublicKey)
}

/// Signs the way git does for gpg.format=ssh: `ssh-keygen -Y sign -n git -f KEY [-U] FILE`, then reads FILE.sig.
enum SSHKeygenSigning {
    /// Runs ssh-keygen over `payload` and returns the armored signature without its final newline.
    /// - Throws: `SigningError` quoting ssh-keygen's complaint and saying what to check.
    static func sign(_ payload: [UInt8], program: String, key: SSHKeySource, environment: [String: String]) throws(SigningError) -> String {
        let directory = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(directory) }
        let payloadURL = directory.appendingPathComponent("payload")
        try SigningSubprocess.write(payload, to: payloadURL)
        var arguments = ["-Y", "sign", "-n", "git", "-f"]
        let keyDescription: String
        let hint: String
        switch key {
        case .file(let path):
            arguments.append(path)
            keyDescription = path
            hint = path.hasSuffix(".pub")
                ? "check user.signingkey, and that ssh-agent holds the private key (ssh-add) and SSH_AUTH_SOCK is set"
                : "check user.signingkey, or load the key into ssh-agent (ssh-add) if it has a passphrase"
        case .literal(let publicKey):
            let keyURL = directory.appendingPathComponent("signing_key.pub")
            try SigningSubprocess.write(Array((publicKey.openSSH + "\n").utf8), to: keyURL)
            arguments += [keyURL.path, "-U"]
            keyDescription = "the \(publicKey.type) key \(publicKey.fingerprint) from user.signingkey"
            hint = "a key:: signing key must be loaded in ssh-agent (ssh-add) with SSH_AUTH_SOCK set; check user.signingkey"
        }
        arguments.append(payloadURL.path)
        let outcome = try SigningSubprocess.run(program, arguments, environment: environment, stdin: nil, in: directory, setting: "gpg.ssh.program")
        let signatureURL = URL(fileURLWithPath: payloadURL.path + ".sig")
        guard outcome.status == 0, let data = FileManager.default.contents(atPath: signatureURL.path), !data.isEmpty else {
            let reason = complaint(in: outcome)
            throw SigningError("\(program) could not sign with \(keyDescription): \(reason); \(hint)")
        }
        let signature = SigningOutput.withoutFinalNewline(String(decoding: data, as: UTF8.self))
        guard signature.hasPrefix("-----BEGIN SSH SIGNATURE-----") else {
            throw SigningError("\(program) wrote something that is not an SSH signature when signing with \(keyDescription); check gpg.ssh.program")
        }
        return signature
    }

    /// ssh-keygen's first real complaint, without its progress lines and passphrase prompts.
    private static func complaint(in outcome: SigningSubprocess.Outcome) -> String {
        let lines = outcome.stderrLines.compactMap { line -> String? in
            if line.hasPrefix("Signing file ") || line.hasPrefix("Write signature to ") { return nil }
            var text = Substring(line)
            while text.hasPrefix("Enter passphrase"), let colon = text.range(of: ": ") {
                text = text[colon.upperBound...]
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
        return lines.first ?? outcome.noErrorText
    }
}
