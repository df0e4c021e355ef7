import Foundation

/// A real SSH key pair made by ssh-keygen for a test.
public struct TestSSHKey: Sendable {
    /// The private key file.
    public let privateKeyPath: String
    /// The public key file (the private path plus ".pub").
    public let publicKeyPath: String
    /// The .pub line: "ssh-ed25519 AAAA... comment".
    public let publicKey: String
    /// The passphrase protecting the private key, nil when it is unencrypted.
    public let passphrase: String?
}

/// A running `ssh-agent -D` on a private socket, for tests that sign through the agent.
public final class TestSSHAgent {
    /// The agent's socket; put it in SSH_AUTH_SOCK.
    public let socketPath: String
    /// The environment the agent was started with, plus SSH_AUTH_SOCK.
    public let environment: [String: String]
    /// The agent process.
    private let process: Process

    /// Starts an agent listening on `directory/agent.sock` and waits until the socket exists.
    /// - Throws: `TestKeys.Failure` when ssh-agent cannot start.
    public init(in directory: URL, environment: [String: String]) throws {
        let socket = directory.appendingPathComponent("agent.sock").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestKeys.executable("ssh-agent"))
        process.arguments = ["-D", "-a", socket]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.socketPath = socket
        var environment = environment
        environment["SSH_AUTH_SOCK"] = socket
        self.environment = environment
        // The socket file appears at bind(), a moment before the agent listens: wait until
        // ssh-add can talk to it (exit 2 means it could not connect).
        var waited = 0
        while try !FileManager.default.fileExists(atPath: socket) || TestKeys.run("ssh-add", ["-l"], environment: self.environment).status == 2 {
            guard process.isRunning, waited < 1_000 else {
                stop()
                throw TestKeys.Failure("ssh-agent did not start listening on \(socket)")
            }
            usleep(10_000)
            waited += 1
        }
    }

    /// Adds `key` to the agent, answering its passphrase through an SSH_ASKPASS script.
    /// - Throws: `TestKeys.Failure` when ssh-add fails.
    public func add(_ key: TestSSHKey) throws {
        var environment = self.environment
        if let passphrase = key.passphrase {
            let script = URL(fileURLWithPath: key.privateKeyPath + ".askpass")
            let quoted = passphrase.replacingOccurrences(of: "'", with: "'\\''")
            try "#!/bin/sh\nprintf '%s\\n' '\(quoted)'\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: script.path)
            environment["SSH_ASKPASS"] = script.path
            environment["SSH_ASKPASS_REQUIRE"] = "force"
        }
        try TestKeys.check(TestKeys.run("ssh-add", [key.privateKeyPath], environment: environment), "ssh-add \(key.privateKeyPath)")
    }

    /// Stops the agent and waits for it to exit; safe to call twice.
    /// Uses SIGKILL: a child started from a Swift concurrency thread inherits that thread's
    /// blocked signals, and ssh-agent then never sees SIGTERM.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}

/// Makes real keys and isolated directories for tests with the system's ssh-keygen and gpg.
public enum TestKeys {
    /// A helper that failed, with the command's own error output.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        /// Wraps an explanation.
        public init(_ description: String) { self.description = description }
    }

    /// What a finished command left behind.
    public struct Output: Sendable {
        /// The exit status.
        public let status: Int32
        /// Everything written to stdout.
        public let stdout: [UInt8]
        /// Everything written to stderr.
        public let stderr: [UInt8]
        /// stdout as UTF-8 text.
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        /// stderr as UTF-8 text.
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A new, empty, uniquely named directory under NSTemporaryDirectory.
    public static func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("handoff-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// A minimal environment isolated to `home`: HOME, PATH, LANG=C, plus `extra`.
    public static func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": home.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// An unencrypted ed25519 key pair at `dir/name` (`ssh-keygen -t ed25519 -N "" -q`).
    public static func ed25519(in dir: URL, name: String = "id_ed25519", comment: String = "test@example.com") throws -> TestSSHKey {
        try generate(in: dir, name: name, comment: comment, type: ["-t", "ed25519"], passphrase: nil)
    }

    /// A passphrase-protected ed25519 key pair at `dir/name`.
    public static func encryptedEd25519(in dir: URL, name: String = "id_ed25519_secret", comment: String = "test@example.com", passphrase: String = "secret") throws -> TestSSHKey {
        try generate(in: dir, name: name, comment: comment, type: ["-t", "ed25519"], passphrase: passphrase)
    }

    /// An unencrypted 2048-bit RSA key pair at `dir/name`.
    public static func rsa(in dir: URL, name: String = "id_rsa", comment: String = "test@example.com") throws -> TestSSHKey {
        try generate(in: dir, name: name, comment: comment, type: ["-t", "rsa", "-b", "2048"], passphrase: nil)
    }

    /// Creates GNUPGHOME `home` (mode 700) with an unprotected ed25519 signing key for `email`; returns its fingerprint.
    /// Stop its gpg-agent afterwards with `stopGPGAgent(home:)`.
    public static func gpg(home: URL, email: String) throws -> String {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
        let environment = gpgEnvironment(home: home)
        try check(run("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", email, "ed25519", "sign", "never"], environment: environment), "gpg --quick-gen-key \(email)")
        let listing = try run("gpg", ["--batch", "--with-colons", "--list-secret-keys", email], environment: environment)
        try check(listing, "gpg --list-secret-keys \(email)")
        for line in listing.stdoutText.split(separator: "\n") where line.hasPrefix("fpr:") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 9, !fields[9].isEmpty {
                return String(fields[9])
            }
        }
        throw Failure("gpg listed no fingerprint for \(email):\n\(listing.stdoutText)")
    }

    /// The environment gpg helpers use: isolated to `home`'s parent as HOME, with GNUPGHOME = `home`.
    public static func gpgEnvironment(home: URL) -> [String: String] {
        environment(home: home.deletingLastPathComponent(), ["GNUPGHOME": home.path])
    }

    /// Stops the gpg-agent (and other daemons) started for GNUPGHOME `home`.
    public static func stopGPGAgent(home: URL) {
        _ = try? run("gpgconf", ["--kill", "all"], environment: gpgEnvironment(home: home))
    }

    /// Runs `program` (looked up in PATH) with `arguments`, exactly `environment`, and `stdin`; waits for it.
    /// - Throws: when the program cannot be found or started (a failing exit status is returned, not thrown).
    public static func run(_ program: String, _ arguments: [String], environment: [String: String], stdin: [UInt8] = [], currentDirectory: URL? = nil) throws -> Output {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inputURL = scratch.appendingPathComponent("stdin")
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        try Data(stdin).write(to: inputURL)
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let input = try FileHandle(forReadingFrom: inputURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        defer {
            try? input.close()
            try? output.close()
            try? errors.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable(program))
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let exited = Process.exitSignal(of: process)
        try process.run()
        exited.wait()
        return Output(status: process.terminationStatus, stdout: Array(try Data(contentsOf: outputURL)), stderr: Array(try Data(contentsOf: errorURL)))
    }

    /// Throws a `Failure` quoting stderr when `output` has a non-zero status.
    public static func check(_ output: Output, _ what: String) throws {
        guard output.status == 0 else {
            throw Failure("\(what) failed with status \(output.status): \(output.stderrText)")
        }
    }

    /// The full path of `program`: itself when it contains a slash, else the first match in this process's PATH.
    public static func executable(_ program: String) throws -> String {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Failure("\(program) is not installed (not found in PATH \(path))")
    }

    /// Runs ssh-keygen to make a key pair and reads back its .pub line.
    private static func generate(in dir: URL, name: String, comment: String, type: [String], passphrase: String?) throws -> TestSSHKey {
        let privatePath = dir.appendingPathComponent(name).path
        let arguments = type + ["-N", passphrase ?? "", "-q", "-C", comment, "-f", privatePath]
        try check(run("ssh-keygen", arguments, environment: environment(home: dir)), "ssh-keygen \(arguments.joined(separator: " "))")
        let publicPath = privatePath + ".pub"
        let line = try String(contentsOfFile: publicPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return TestSSHKey(privateKeyPath: privatePath, publicKeyPath: publicPath, publicKey: line, passphrase: passphrase)
    }
}
