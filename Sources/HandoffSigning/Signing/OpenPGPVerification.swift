import Foundation

/// Checks an OpenPGP signature the way git does (`gpg --status-fd=1 --verify`), but with
/// `gpgv` against one keyring only: good when gpgv reports exactly one good, valid signature
/// (GOODSIG and VALIDSIG) whose primary key is the keyring's key.
public enum OpenPGPVerification {
    /// Nil when `armored` is a good signature of `payload` by `keyring`'s key; otherwise why not.
    /// - Throws: `SigningError` when gpgv cannot be run.
    public static func problem(
        verifying payload: [UInt8], armored: String, keyring: OpenPGPKeyring, environment: [String: String]
    ) throws(SigningError) -> String? {
        let work = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(work) }
        let signatureURL = work.appendingPathComponent("commit.sig")
        try SigningSubprocess.write(Array((armored + "\n").utf8), to: signatureURL)
        let home = work.appendingPathComponent("home")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let outcome = try SigningSubprocess.run(
            "gpgv", ["--homedir", home.path, "--status-fd=1", "--keyring", keyring.path, signatureURL.path, "-"],
            environment: environment, stdin: payload, in: work, setting: "PATH")
        let status = String(decoding: outcome.stdout, as: UTF8.self).split(whereSeparator: \.isNewline)
            .filter { $0.hasPrefix("[GNUPG:] ") }
            .map { $0.dropFirst("[GNUPG:] ".count).split(separator: " ") }
        let newSignatures = status.filter { $0.first == "NEWSIG" }.count
        let good = status.filter { $0.first == "GOODSIG" }.count
        let valid = status.filter { $0.first == "VALIDSIG" }
        if outcome.status == 0, newSignatures == 1, good == 1, valid.count == 1, let fields = valid.first, fields.count >= 11 {
            let primary = String(fields[fields.count - 1])
            return primary == keyring.fingerprint
                ? nil
                : "gpgv accepts it by key \(primary), not the member's key \(keyring.fingerprint)"
        }
        if newSignatures > 1 { return "it holds \(newSignatures) signatures; a commit carries exactly one" }
        if let word = status.first(where: { ["BADSIG", "EXPKEYSIG", "REVKEYSIG", "EXPSIG", "ERRSIG"].contains($0.first ?? "") })?.first {
            switch word {
            case "BADSIG": return "it does not match the commit's content (altered after signing, or copied from another commit)"
            case "EXPKEYSIG": return "the member's key has expired"
            case "REVKEYSIG": return "the member's key is revoked"
            case "EXPSIG": return "the signature has expired"
            default: return "it is not by the member's key \(keyring.fingerprint)"
            }
        }
        return "gpgv does not accept it: \(outcome.firstErrorLine { !$0.hasPrefix("gpgv: Signature made") })"
    }
}
