import Foundation
import HandoffCLI
import HandoffCore
import TestSupport
import Testing

/// Runs one `handoff` invocation in-process as `person` in `team`'s repository (or `directory`),
/// with `extra` added to their environment, and returns its exit code and what it printed.
func handoff(
    _ args: [String], as person: TestPerson, in team: TestTeam, environment extra: [String: String] = [:],
    directory: String? = nil
) -> (code: Int32, stdout: String, stderr: String) {
    var context = team.context(for: person, directory: directory)
    context.environment.merge(extra) { _, new in new }
    let output = OutputSink.capturing()
    let code = HandoffCommand.run(arguments: args, context: context, output: output)
    return (code, output.standardOutput, output.standardError)
}

/// Shared set-ups and checks for the CLI tests.
enum CLI {
    /// A brief with every default section filled.
    static let brief = TestBriefs.completeMarkdown

    /// A team of alice (admin, every stage) and bob (onboarding) with one task alice owns in sales.
    static func teamWithTask(title: String = "Onboard ACME Corp") throws -> (TestTeam, TestPerson, String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let id = try newTask(title, in: team)
        return (team, bob, id)
    }

    /// Creates a task through the CLI as the admin and returns its ID.
    static func newTask(_ title: String, in team: TestTeam, extra: [String] = ["--stage", "sales"]) throws -> String {
        let result = handoff(["new", title] + extra, as: team.admin, in: team)
        try #require(result.code == 0, "new failed: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .newlines)
    }

    /// Offers `id` from the admin to `to` with the complete brief, through the CLI.
    static func offer(_ id: String, to person: TestPerson, in team: TestTeam, environment: [String: String] = [:]) throws {
        let result = handoff(["offer", id, "--to", person.email, "-m", brief], as: team.admin, in: team, environment: environment)
        try #require(result.code == 0, "offer failed: \(result.stderr)")
    }

    /// Expects a successful run: exit 0, nothing on stderr, a clean working tree, and a HEAD
    /// commit that `git verify-commit` accepts.
    static func expectCommitted(
        _ result: (code: Int32, stdout: String, stderr: String), in team: TestTeam,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.code == 0, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty, sourceLocation: sourceLocation)
        let verify = try team.git(["verify-commit", "HEAD"])
        #expect(verify.status == 0, "verify-commit: \(verify.stderrText)", sourceLocation: sourceLocation)
    }

    /// Expects a refusal: exit `code`, nothing on stdout, one line on stderr starting with
    /// "handoff: " and containing `message`, and no new commit.
    static func expectRefused(
        _ result: (code: Int32, stdout: String, stderr: String), code: Int32 = 1, containing message: String,
        in team: TestTeam, commitsBefore: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.code == code, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("handoff: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try team.commits() == commitsBefore, sourceLocation: sourceLocation)
    }

    /// Parses JSON printed on stdout.
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// The keys every task object of `--json` has.
    static let taskKeys: Set<String> = ["id", "title", "stage", "owner", "state", "offer", "labels", "fields", "path"]

    /// Writes an executable shell script `name` with `body` in the team's folder and returns its path.
    static func script(_ name: String, _ body: String, in team: TestTeam) throws -> String {
        let url = team.root.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        return url.path
    }

    /// Writes `text` to a file `name` in the team's folder (outside the repository) and returns its path.
    static func file(_ name: String, _ text: String, in team: TestTeam) throws -> String {
        let url = team.root.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
