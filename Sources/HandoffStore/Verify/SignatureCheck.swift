import Foundation
import HandoffSigning

/// Checks a commit's signature against a policy: valid, in namespace `git`, by a key the policy
/// lists for the committer's email at the commit's time.
enum SignatureCheck {
    /// What the check found.
    package enum Outcome: Sendable, Equatable {
        /// Good, by this key (its fingerprint is computed only when asked for).
        case good(key: SSHPublicKey)
        /// Good, by the OpenPGP key with this primary fingerprint.
        case goodOpenPGP(fingerprint: String)
        /// Not acceptable, with the reason and what would make it right.
        case bad(String)
    }

    static func check(_ commit: RawCommit, against policy: Policy, environment: [String: String]) -> Outcome {
        guard let armored = commit.signature else {
            return .bad("the commit is unsigned; sign it (git commit -S, or commit.gpgsign=true with your SSH key)")
        }
        guard armored.hasPrefix("-----BEGIN SSH SIGNATURE-----") else {
            if armored.hasPrefix("-----BEGIN PGP SIGNATURE-----") {
                return OpenPGPCheck.check(commit, armored: armored, policy: policy, environment: environment)
            }
            return .bad("the commit has an X.509 or unknown signature, which the policy cannot vouch for; sign with an SSH key listed in .handoff/allowed_signers or an OpenPGP key in .handoff/openpgp/")
        }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: armored)
        } catch {
            return .bad("the signature is malformed (\(error.message)); re-sign the commit")
        }
        let email = commit.committer.email
        let allowed = policy.signers.keys(for: email, namespace: "git", at: commit.committer.time.seconds, includingRetired: false)
        guard allowed.contains(signature.publicKey) else {
            if policy.signers.retires(signature.publicKey, for: email) {
                return .bad("signed with key \(signature.publicKey.fingerprint), which the parent's allowed_signers retired for \(email) (valid-before); a retired key signs nothing new, whatever date the commit claims: sign with the member's current key")
            }
            if signature.publicKey.isCertificate {
                return SSHCertificateCheck.check(commit, armored: armored, signature: signature, policy: policy, environment: environment)
            }
            let listedElsewhere = policy.signers.entries.contains { $0.key == signature.publicKey }
            return .bad(listedElsewhere
                ? "signed with key \(signature.publicKey.fingerprint), which the parent's allowed_signers lists for someone else, not for the committer \(email)"
                : "signed with key \(signature.publicKey.fingerprint), which the parent's allowed_signers does not list for \(email); an admin must add it first (handoff member add)")
        }
        guard signature.namespace == "git" else {
            return .bad("the signature is for namespace '\(signature.namespace)', not 'git'")
        }
        if signature.publicKey.type == "ssh-ed25519" {
            do {
                guard try signature.verify(commit.payload, namespace: "git") else {
                    return .bad("the signature does not match the commit's content (altered after signing, or copied from another commit)")
                }
            } catch {
                return .bad(error.message)
            }
            return .good(key: signature.publicKey)
        }
        return sshKeygenCheck(commit, armored: armored, email: email, policy: policy, environment: environment, key: signature.publicKey)
    }

    /// Other key types and certificates: `ssh-keygen -Y verify` with the parent's policy as
    /// allowed signers (`signersText` instead, when given).
    static func sshKeygenCheck(
        _ commit: RawCommit, armored: String, email: String, policy: Policy, environment: [String: String], key: SSHPublicKey,
        signersText: String? = nil
    ) -> Outcome {
        do {
            let directory = try SigningSubprocess.makeWorkDirectory()
            defer { SigningSubprocess.removeWorkDirectory(directory) }
            let signersURL = directory.appendingPathComponent("allowed_signers")
            let signatureURL = directory.appendingPathComponent("commit.sig")
            try SigningSubprocess.write(Array((signersText ?? policy.signersText).utf8), to: signersURL)
            try SigningSubprocess.write(Array(armored.utf8), to: signatureURL)
            let outcome = try SigningSubprocess.run(
                "ssh-keygen",
                ["-Y", "verify", "-f", signersURL.path, "-I", email, "-n", "git", "-s", signatureURL.path,
                 "-Overify-time=" + verifyTime(commit.committer.time.seconds)],
                environment: environment, stdin: commit.payload, in: directory, setting: "ssh-keygen")
            return outcome.status == 0
                ? .good(key: key)
                : .bad("ssh-keygen rejects the signature: \(outcome.firstErrorLine())")
        } catch {
            return .bad("could not run ssh-keygen to check a non-Ed25519 signature: \(error.message)")
        }
    }

    private static func verifyTime(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var broken = tm()
        gmtime_r(&time, &broken)
        return String(format: "%04d%02d%02d%02d%02d%02dZ", broken.tm_year + 1900, broken.tm_mon + 1, broken.tm_mday, broken.tm_hour, broken.tm_min, broken.tm_sec)
    }
}
