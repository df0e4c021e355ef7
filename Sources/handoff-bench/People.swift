import Foundation

/// One member of a reference team: an isolated HOME with a .gitconfig and an Ed25519 key made
/// by ssh-keygen.
struct Person: Sendable {
    /// The display name, e.g. "Person 07".
    let name: String
    /// The email git records, e.g. "person07@example.com".
    let email: String
    /// The HOME folder.
    let home: String
    /// The unencrypted private key (`user.signingkey`).
    let privateKey: String
    /// The .pub file.
    var publicKey: String { privateKey + ".pub" }
    /// HOME, PATH, LANG=C and GIT_CONFIG_NOSYSTEM=1: everything git and handoff see.
    let environment: [String: String]

    /// The person number `index` (from 1) whose HOME is under `folder`; nothing is created.
    init(index: Int, folder: String) {
        let number = index < 10 ? "0\(index)" : "\(index)"
        name = "Person \(number)"
        email = "person\(number)@example.com"
        home = "\(folder)/person\(number)"
        privateKey = home + "/.ssh/id_ed25519"
        environment = [
            "HOME": home,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
        ]
    }

    /// The same person acting at `seconds` (GIT_AUTHOR_DATE and GIT_COMMITTER_DATE set).
    func environment(at seconds: Int64) -> [String: String] {
        var environment = environment
        environment["GIT_AUTHOR_DATE"] = "@\(seconds) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(seconds) +0000"
        return environment
    }

    /// Creates the HOME, the key (`ssh-keygen -t ed25519 -N ""`) and the .gitconfig.
    /// - Throws: `BenchError` when ssh-keygen fails or a file cannot be written.
    func create(shell: Subprocess) throws {
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try shell.check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", email, "-f", privateKey], in: home, environment: environment)
        let config = """
            [user]
            \tname = \(name)
            \temail = \(email)
            \tsigningkey = \(privateKey)
            [gpg]
            \tformat = ssh

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: home + "/.gitconfig"))
    }
}
