/// How git signs: gpg.format.
public enum SignatureFormat: String, Sendable {
    /// SSH signatures (SSHSIG), made by ssh-keygen or natively for Ed25519.
    case ssh
    /// OpenPGP signatures made by gpg, git's default.
    case openpgp
}

/// The signing settings git would use, read from git config by the caller.
public struct SigningSetup: Sendable, Equatable {
    /// gpg.format (default openpgp, like git).
    public var format: SignatureFormat
    /// user.signingkey: a private or public key path, a `key::` literal, or an OpenPGP key id.
    public var key: String?
    /// gpg.ssh.program, default "ssh-keygen".
    public var sshProgram: String
    /// gpg.program, default "gpg".
    public var gpgProgram: String

    /// Collects the settings; the programs default to the names git uses.
    public init(format: SignatureFormat, key: String?, sshProgram: String = "ssh-keygen", gpgProgram: String = "gpg") {
        self.format = format
        self.key = key
        self.sshProgram = sshProgram
        self.gpgProgram = gpgProgram
    }
}

/// Why signing or reading a signature failed, in words that say what to do.
public struct SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole explanation, ready to show to a user.
    public let message: String

    /// Wraps an explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself.
    public var description: String { message }
}
