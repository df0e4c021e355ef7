import Foundation
import HandoffCore

/// One person of a test team: their own HOME with a git config, and their own Ed25519 key.
public struct TestPerson: Sendable {
    /// A short name, e.g. "alice".
    public let name: String
    /// Their email, e.g. "alice@example.com".
    public let email: String
    /// Their signing key, made by ssh-keygen.
    public let key: TestSSHKey
    /// Their isolated environment (HOME, PATH, LANG, GIT_CONFIG_NOSYSTEM).
    public let environment: [String: String]
    /// Their HOME folder.
    public let home: URL
}

/// A temporary git repository with people who hand tasks to each other, made with real git
/// and real keys. Everything lives in a fresh temporary folder.
public final class TestTeam: @unchecked Sendable {
    /// The temporary folder holding the repository, homes and keys.
    public let root: URL
    /// The repository's working tree.
    public let repository: String
    /// The first person, who ran `handoff init` and is admin.
    public let admin: TestPerson

    /// A repository (branch main) with `admin` set up; `initialize` runs `handoff init` too.
    public init(admin name: String = "alice", stages: [String] = ["sales", "onboarding", "support"], initialize: Bool = true) throws {
        root = try TestKeys.temporaryDirectory()
        repository = root.appendingPathComponent("repo").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "-b", "main", repository], environment: TestKeys.environment(home: root)), "git init")
        admin = try Self.makePerson(name, root: root)
        if initialize {
            try Handoff(context: context(for: admin)).initialize(prefix: "HO", stages: stages, hookBinary: Self.handoffBinary)
        }
    }

    /// The `handoff` executable built beside the test bundle, which installed hooks call.
    public static var handoffBinary: String {
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        for candidate in [directory, URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug")] {
            let path = candidate.appendingPathComponent("handoff").standardizedFileURL.path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "handoff"
    }

    /// A new person with a key and git config; when `stages` is given, the admin adds them.
    public func person(_ name: String, stages: [String]? = nil, admin isAdmin: Bool = false) throws -> TestPerson {
        let person = try Self.makePerson(name, root: root)
        if let stages {
            try handoff(as: admin).addMember(email: person.email, keyFile: person.key.publicKeyPath, stages: stages, admin: isAdmin)
        }
        return person
    }

    /// The context in which `person` runs commands in the repository (or `directory`).
    public func context(for person: TestPerson, directory: String? = nil) -> HandoffContext {
        HandoffContext(directory: directory ?? repository, environment: person.environment)
    }

    /// The handoff commands as `person` runs them.
    public func handoff(as person: TestPerson) -> Handoff {
        Handoff(context: context(for: person))
    }

    /// Runs git in the repository as `person` (default: the admin); returns its output.
    @discardableResult
    public func git(_ arguments: [String], as person: TestPerson? = nil, stdin: String = "") throws -> TestKeys.Output {
        try TestKeys.run(
            "git", ["-C", repository] + arguments, environment: (person ?? admin).environment, stdin: Array(stdin.utf8))
    }

    /// Runs git and returns its standard output, failing when git fails.
    public func gitText(_ arguments: [String], as person: TestPerson? = nil) throws -> String {
        let output = try git(arguments, as: person)
        try TestKeys.check(output, "git \(arguments.joined(separator: " "))")
        return output.stdoutText
    }

    /// Every commit of the current branch, newest first.
    public func commits() throws -> [String] {
        try gitText(["rev-list", "HEAD"]).split(separator: "\n").map(String.init)
    }

    /// Writes `text` to `path` inside the working tree.
    public func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: repository).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The text of `path` in the working tree.
    public func read(_ path: String) throws -> String {
        try String(contentsOfFile: repository + "/" + path, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    private static func makePerson(_ name: String, root: URL) throws -> TestPerson {
        let home = root.appendingPathComponent("home-\(name)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let email = "\(name)@example.com"
        let key = try TestKeys.ed25519(in: home, name: "id_ed25519", comment: email)
        try writeGitConfig(home: home, name: name, email: email, signingKey: key.privateKeyPath, format: "ssh")
        let environment = TestKeys.environment(home: home, ["GIT_CONFIG_NOSYSTEM": "1"])
        return TestPerson(name: name, email: email, key: key, environment: environment, home: home)
    }

    /// Writes `home/.gitconfig` with an identity and signing settings.
    public static func writeGitConfig(home: URL, name: String, email: String, signingKey: String, format: String, extra: String = "") throws {
        let config = """
            [user]
            \tname = \(name.capitalized)
            \temail = \(email)
            \tsigningkey = \(signingKey)
            [gpg]
            \tformat = \(format)
            \(extra)
            """
        try Data(config.utf8).write(to: home.appendingPathComponent(".gitconfig"))
    }
}

/// Briefs for tests.
public enum TestBriefs {
    /// The Markdown of a brief with every default section filled.
    public static let completeMarkdown = """
        ## Summary
        Customer ready for onboarding.
        ## Open items
        SSO metadata.
        ## Risks
        Fixed launch date.
        ## Next steps
        Kick-off call.
        """

    /// A brief with every default section filled.
    public static let complete = Brief(markdown: completeMarkdown)
}
