import Foundation
import HandoffCore
import TestSupport

/// A team, a bare server with handoff's server hooks, and a real SMTP server on loopback that
/// the server's sendmail program (msmtp) delivers to: what the notification tests push through.
final class NotifyFixture {
    let team: TestTeam
    let bob: TestPerson
    let carol: TestPerson
    let server: String
    let smtp: LoopbackSMTPServer
    /// The msmtp command line the server sends with.
    let sendmail: String

    init(workflowEdit: ((String) -> String)? = nil) throws {
        team = try TestTeam()
        bob = try team.person("bob", stages: ["onboarding"])
        carol = try team.person("carol", stages: ["onboarding"])
        if let workflowEdit {
            try team.write(workflowEdit(try team.read(".handoff/config.yml")), to: ".handoff/config.yml")
            try TestKeys.check(team.git(["commit", "-q", "-am", "Notify settings"]), "commit the workflow")
        }
        server = team.root.appendingPathComponent("server.git").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
        let install = try TestKeys.run(
            TestTeam.handoffBinary, ["hooks", "install", "--server"], environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: server))
        try TestKeys.check(install, "handoff hooks install --server")
        try team.git(["remote", "add", "origin", server])
        smtp = try LoopbackSMTPServer()
        sendmail = try smtp.sendmailCommand(in: team.root).joined(separator: " ")
        try serverConfig("handoff.notify.sendmail", sendmail)
        try serverConfig("handoff.notify.from", "handoff@example.com")
    }

    /// Sets `key` in the server's git config.
    func serverConfig(_ key: String, _ value: String) throws {
        try TestKeys.check(TestKeys.run("git", ["-C", server, "config", key, value], environment: team.admin.environment), "git config \(key)")
    }

    /// Pushes main as the admin; returns git's output.
    @discardableResult
    func push() throws -> TestKeys.Output {
        let output = try team.git(["push", "-q", "origin", "main"])
        try TestKeys.check(output, "git push")
        return output
    }

    /// Runs `handoff ARGUMENTS` in the server repository, as its cron or an admin would.
    func handoffOnServer(_ arguments: [String], environment extra: [String: String] = [:]) throws -> TestKeys.Output {
        var environment = team.admin.environment
        environment.merge(extra) { _, new in new }
        return try TestKeys.run(TestTeam.handoffBinary, arguments, environment: environment, currentDirectory: URL(fileURLWithPath: server))
    }

    /// The files of the server's outbox folder `kind` (`pending`, `held`, `sent`).
    func outbox(_ kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: server + "/handoff/outbox/" + kind)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// A new task in sales, owned by the admin.
    func newTask(_ title: String = "Onboard ACME") throws -> String {
        try team.handoff(as: team.admin).newTask(NewTaskRequest(title: title, stage: "sales")).task.id
    }
}
