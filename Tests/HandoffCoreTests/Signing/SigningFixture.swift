import Foundation
import HandoffCore
import TestSupport

/// A temporary directory with an isolated environment, for one signing test.
struct SigningFixture {
    /// The directory everything is made in; also HOME for every subprocess.
    let directory: URL
    /// HOME, PATH and LANG only.
    let environment: [String: String]

    /// A sample commit payload, with a non-UTF-8 byte so exact-bytes signing is exercised.
    static let payload: [UInt8] = Array("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A U Thor <alice@example.com> 1700000000 +0000\ncommitter A U Thor <alice@example.com> 1700000000 +0000\n\nHand off task ".utf8) + [0xFF, 0x0A]

    /// Makes a fresh directory and environment.
    init() throws {
        directory = try TestKeys.temporaryDirectory()
        environment = TestKeys.environment(home: directory)
    }

    /// Removes the directory.
    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs `ssh-keygen -Y verify` on `signature` (armor without final newline) over `payload`
    /// with an allowed-signers file listing `key` for `email`.
    func sshKeygenVerify(signature: String, payload: [UInt8], email: String, key: SSHPublicKey) throws -> TestKeys.Output {
        let allowed = try write(Array((AllowedSigners.line(email: email, key: key) + "\n").utf8), to: "allowed_signers")
        let signaturePath = try write(Array((signature + "\n").utf8), to: "verify.sig")
        return try TestKeys.run("ssh-keygen", ["-Y", "verify", "-f", allowed, "-I", email, "-n", "git", "-s", signaturePath], environment: environment, stdin: payload)
    }

    /// Signs `payload` with `ssh-keygen -Y sign -n git -f key` plus `extra` options and returns the .sig file text.
    func sshKeygenSign(payload: [UInt8], keyPath: String, extra: [String] = [], environment: [String: String]? = nil) throws -> String {
        let payloadPath = try write(payload, to: "payload-\(UUID().uuidString)")
        let output = try TestKeys.run("ssh-keygen", ["-Y", "sign", "-n", "git", "-f", keyPath] + extra + [payloadPath], environment: environment ?? self.environment)
        try TestKeys.check(output, "ssh-keygen -Y sign")
        return try String(contentsOfFile: payloadPath + ".sig", encoding: .utf8)
    }
}
