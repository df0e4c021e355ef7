import Foundation
import HandoffCore

/// A team sharing a bare server repository (with the pre-receive hook) through clones: alice
/// works in the team's repository, bob in his own clone, each with the handoff hooks and merge
/// driver installed. Everything is real: keys, git, pushes through the hook.
public final class SyncFixture: @unchecked Sendable {
    public let team: TestTeam
    public let bob: TestPerson
    public let carol: TestPerson
    public let server: String
    /// Bob's clone.
    public let bobClone: String
    /// Two tasks created by alice before bob cloned.
    public let first: String
    public let second: String

    public init() throws {
        team = try TestTeam()
        bob = try team.person("bob", stages: ["onboarding"])
        carol = try team.person("carol", stages: ["onboarding"])
        first = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard ACME", stage: "sales")).task.id
        second = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard Initech", stage: "sales")).task.id
        server = team.root.appendingPathComponent("server.git").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
        try TestKeys.check(
            TestKeys.run(TestTeam.handoffBinary, ["hooks", "install", "--server"], environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: server)),
            "handoff hooks install --server")
        try team.git(["remote", "add", "origin", server])
        try TestKeys.check(try team.git(["push", "-q", "-u", "origin", "main"]), "first push")
        bobClone = team.root.appendingPathComponent("bob-clone").path
        try clone(as: bob, into: bobClone)
    }

    /// Clones the server as `person` and sets the clone up with `handoff hooks install` (client
    /// hooks, merge driver, `gpg.ssh.allowedSignersFile` and `commit.gpgsign`), as a person joining does.
    public func clone(as person: TestPerson, into directory: String) throws {
        try TestKeys.check(TestKeys.run("git", ["clone", "-q", server, directory], environment: person.environment), "git clone")
        try TestKeys.check(
            TestKeys.run(TestTeam.handoffBinary, ["hooks", "install"], environment: person.environment, currentDirectory: URL(fileURLWithPath: directory)),
            "handoff hooks install")
    }

    /// The handoff commands as `person` runs them in `directory` (default: alice's repository).
    public func handoff(_ person: TestPerson, in directory: String? = nil) -> Handoff {
        Handoff(context: team.context(for: person, directory: directory))
    }

    /// Runs git in `directory` as `person`.
    @discardableResult
    public func git(_ directory: String, _ arguments: [String], as person: TestPerson) throws -> TestKeys.Output {
        try TestKeys.run("git", ["-C", directory] + arguments, environment: person.environment)
    }

    /// git's standard output, failing when git fails.
    public func gitText(_ directory: String, _ arguments: [String], as person: TestPerson) throws -> String {
        let output = try git(directory, arguments, as: person)
        try TestKeys.check(output, "git \(arguments.joined(separator: " "))")
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The server's main branch tip.
    public func serverTip() throws -> String {
        try gitText(server, ["rev-parse", "refs/heads/main"], as: team.admin)
    }

    /// Alice pushes her main branch.
    public func alicePushes() throws {
        try TestKeys.check(try team.git(["push", "-q", "origin", "main"]), "alice's push")
    }

    /// `handoff verify` (the built binary) over the server's whole history: exit status and output.
    public func verifyServer() throws -> TestKeys.Output {
        try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"], environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: server))
    }

    /// `git fsck` in `directory`.
    public func fsck(_ directory: String) throws -> TestKeys.Output {
        try git(directory, ["fsck", "--no-progress", "--strict"], as: team.admin)
    }

    /// The task file's path.
    public func path(of id: String) throws -> String {
        try handoff(team.admin).show(id).entry.path
    }
}
