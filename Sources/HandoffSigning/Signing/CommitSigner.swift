import Foundation

/// Signs commit payloads the way git does.
public struct CommitSigner: Sendable {
    /// The path chosen at initialisation, with what it needs to sign.
    package enum Plan: Sendable {
        /// In-process Ed25519 with the seed read from an unencrypted key file.
        case nativeEd25519(seed: [UInt8], publicKey: SSHPublicKey, path: String)
        /// `ssh-keygen -Y sign` with a key file or a `key::` literal.
        case sshKeygen(program: String, key: SSHKeySource)
        /// `gpg -bsau KEY`.
        case gpg(program: String, key: String)
    }

    /// How this signer signs.
    let plan: Plan
    /// The environment given to every subprocess.
    let environment: [String: String]

    /// Chooses native Ed25519 for an unencrypted OpenSSH ed25519 key file, ssh-keygen for other SSH keys, gpg for openpgp.
    /// Relative and `~/` key paths are expanded against HOME from `environment` (or this process's HOME).
    /// - Throws: `SigningError` when no key is configured, a `key::` literal is malformed, or the key file is unreadable.
    public init(setup: SigningSetup, environment: [String: String]) throws(SigningError) {
        self.environment = environment
        let key = setup.key?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        switch setup.format {
        case .openpgp:
            guard !key.isEmpty else {
                throw SigningError("no OpenPGP signing key is configured; set user.signingkey to your key id or email (git config user.signingkey KEYID), or set gpg.format=ssh to sign with an SSH key")
            }
            plan = .gpg(program: setup.gpgProgram, key: key)
        case .ssh:
            guard !key.isEmpty else {
                throw SigningError("no SSH signing key is configured; set user.signingkey to your key file (git config user.signingkey ~/.ssh/id_ed25519.pub)")
            }
            plan = try Self.sshPlan(key: key, program: setup.sshProgram, environment: environment)
        }
    }

    /// Returns the armored signature WITHOUT its final newline, ready for libgit2's git_commit_create_with_signature. Signs exactly these bytes.
    public func sign(_ payload: [UInt8]) throws(SigningError) -> String {
        switch plan {
        case .nativeEd25519(let seed, let publicKey, let path):
            return try NativeEd25519Signing.sign(payload, seed: seed, publicKey: publicKey, keyPath: path)
        case .sshKeygen(let program, let key):
            return try SSHKeygenSigning.sign(payload, program: program, key: key, environment: environment)
        case .gpg(let program, let key):
            return try GPGSigning.sign(payload, program: program, key: key, environment: environment)
        }
    }

    /// "native-ed25519", "ssh-keygen", or "gpg" — which path was chosen (for tests and `doctor`).
    public var method: String {
        switch plan {
        case .nativeEd25519: return "native-ed25519"
        case .sshKeygen: return "ssh-keygen"
        case .gpg: return "gpg"
        }
    }

    /// The plan for an SSH user.signingkey: a literal, or a file read now to pick native or ssh-keygen.
    private static func sshPlan(key: String, program: String, environment: [String: String]) throws(SigningError) -> Plan {
        if let literal = literalKey(key) {
            guard let publicKey = SSHPublicKey(openSSH: literal) else {
                throw SigningError("user.signingkey holds a literal key that is not a valid SSH public key; write it as key::ssh-ed25519 AAAA... exactly as in the .pub file")
            }
            return .sshKeygen(program: program, key: .literal(publicKey))
        }
        let path = expand(key, environment: environment)
        let text = try readKeyFile(path, configured: key)
        if let privateKey = OpenSSHPrivateKey(fileText: text), let seed = privateKey.ed25519Seed {
            return .nativeEd25519(seed: seed, publicKey: privateKey.publicKey, path: path)
        }
        return .sshKeygen(program: program, key: .file(path: path))
    }

    /// The public key text of a literal signing key (`key::...`, or git's older bare `ssh-...`), else nil.
    private static func literalKey(_ key: String) -> String? {
        if key.hasPrefix("key::") {
            return String(key.dropFirst("key::".count))
        }
        if key.hasPrefix("ssh-") {
            return key
        }
        return nil
    }

    /// `~`, `~/…` and relative paths resolved against the environment's HOME; absolute paths unchanged.
    package static func expand(_ path: String, environment: [String: String]) -> String {
        let home = environment["HOME"] ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        if path == "~" {
            return home
        }
        if path.hasPrefix("~/") {
            return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        if path.hasPrefix("/") {
            return path
        }
        return (home as NSString).appendingPathComponent(path)
    }

    /// The key file's text; throws an actionable error when it is missing or unreadable.
    private static func readKeyFile(_ path: String, configured: String) throws(SigningError) -> String {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SigningError("the signing key file \(path) does not exist (user.signingkey is \"\(configured)\"); set user.signingkey to your key's path")
        }
        guard !isDirectory.boolValue else {
            throw SigningError("the signing key path \(path) is a directory, not a key file; set user.signingkey to your key's path")
        }
        guard let data = fileManager.contents(atPath: path) else {
            throw SigningError("cannot read the signing key file \(path); check its permissions and user.signingkey")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
