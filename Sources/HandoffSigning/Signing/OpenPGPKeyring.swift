import Foundation

/// One OpenPGP public key file of a policy, made into a keyring `gpgv` reads: gpgv takes only
/// binary keyrings, so the armored file is dearmored once.
public struct OpenPGPKeyring: Sendable {
    /// The binary keyring file.
    public let path: String
    /// The fingerprint of the file's one primary key (upper-case hex, as gpg prints it).
    public let fingerprint: String
}

/// Keyrings made from policy key files, one per file version (named by its blob id) for the
/// life of the process, so a history of OpenPGP commits dearmors each version of a key once.
/// Only these files are ever read: gpg and gpgv run with a private, empty home directory.
public final class OpenPGPKeyrings: @unchecked Sendable {
    /// The keyrings of this process.
    public static let shared = OpenPGPKeyrings()

    private let lock = NSLock()
    private var made = [String: Result<OpenPGPKeyring, SigningError>]()
    private var folder: URL?

    /// The keyring of the armored key file `armored`, whose version is named `id` (the blob
    /// id), made on first use.
    /// - Throws: `SigningError` when the file is not exactly one OpenPGP public key, or gpg
    ///   cannot be run.
    public func keyring(id: String, armored: [UInt8], environment: [String: String]) throws(SigningError) -> OpenPGPKeyring {
        let result = lock.withLock { () -> Result<OpenPGPKeyring, SigningError> in
            if let known = made[id] { return known }
            let result = Result { () throws(SigningError) in try make(id: id, armored: armored, environment: environment) }
            made[id] = result
            return result
        }
        return try result.get()
    }

    /// Dearmors the file into the process's keyring folder after checking it holds one primary key.
    private func make(id: String, armored: [UInt8], environment: [String: String]) throws(SigningError) -> OpenPGPKeyring {
        let folder = try keyringFolder()
        let armoredURL = folder.appendingPathComponent("\(id).asc")
        let keyringURL = folder.appendingPathComponent("\(id).gpg")
        try SigningSubprocess.write(armored, to: armoredURL)
        let fingerprint = try Self.primaryFingerprint(of: armoredURL, home: folder.appendingPathComponent("home"), environment: environment)
        let work = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(work) }
        let outcome = try SigningSubprocess.run(
            "gpg", Self.isolated(folder.appendingPathComponent("home")) + ["--yes", "--dearmor", "-o", keyringURL.path, armoredURL.path],
            environment: environment, stdin: nil, in: work, setting: "PATH")
        guard outcome.status == 0 else {
            throw SigningError("gpg --dearmor could not read the OpenPGP key: \(outcome.firstErrorLine())")
        }
        return OpenPGPKeyring(path: keyringURL.path, fingerprint: fingerprint)
    }

    /// The fingerprint of the one primary key in armored key text, read in a private scratch
    /// home (nothing is imported anywhere).
    /// - Throws: `SigningError` when the text is not exactly one OpenPGP public key.
    public static func fingerprint(ofArmored armored: [UInt8], environment: [String: String]) throws(SigningError) -> String {
        let work = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(work) }
        let file = work.appendingPathComponent("key.asc")
        try SigningSubprocess.write(armored, to: file)
        return try primaryFingerprint(of: file, home: work.appendingPathComponent("home"), environment: environment)
    }

    /// The one primary key's fingerprint in an armored key file (`gpg --show-keys`, which imports nothing).
    static func primaryFingerprint(of file: URL, home: URL, environment: [String: String]) throws(SigningError) -> String {
        let work = try SigningSubprocess.makeWorkDirectory()
        defer { SigningSubprocess.removeWorkDirectory(work) }
        let outcome = try SigningSubprocess.run(
            "gpg", isolated(home) + ["--with-colons", "--show-keys", file.path], environment: environment, stdin: nil, in: work, setting: "PATH")
        guard outcome.status == 0 else {
            throw SigningError("it is not an OpenPGP public key gpg can read (\(outcome.firstErrorLine())); export it with gpg --armor --export KEYID")
        }
        var primaries = [String]()
        var afterPrimary = false
        for line in String(decoding: outcome.stdout, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.first == "pub" {
                afterPrimary = true
            } else if fields.first == "fpr", afterPrimary, fields.count > 9 {
                primaries.append(String(fields[9]))
                afterPrimary = false
            } else if fields.first == "sub" {
                afterPrimary = false
            }
        }
        guard primaries.count == 1, let fingerprint = primaries.first else {
            throw SigningError("it holds \(primaries.count) OpenPGP keys; a member's file holds exactly one (gpg --armor --export FINGERPRINT)")
        }
        return fingerprint
    }

    /// Arguments that keep gpg away from any user keyring, agent or configuration.
    static func isolated(_ home: URL) -> [String] {
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return ["--homedir", home.path, "--batch", "--no-options", "--no-autostart", "--no-default-keyring"]
    }

    /// The process's keyring folder, made on first use and removed when the process exits.
    private func keyringFolder() throws(SigningError) -> URL {
        if let folder { return folder }
        let made = try SigningSubprocess.makeWorkDirectory()
        folder = made
        if self === Self.shared {
            atexit { OpenPGPKeyrings.shared.removeFolder() }
        }
        return made
    }

    /// Deletes the keyring folder (at exit).
    private func removeFolder() {
        lock.withLock {
            if let folder { SigningSubprocess.removeWorkDirectory(folder) }
            folder = nil
        }
    }
}
