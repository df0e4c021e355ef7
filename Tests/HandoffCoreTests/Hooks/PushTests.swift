import Foundation
import HandoffCore
import TestSupport
import Testing

/// Real `git push` to a bare repository whose pre-receive hook was installed by `handoff hooks
/// install --server`: legitimate history lands, each forgery is refused with a message.
@Suite struct PushTests {
    /// A team with a handoff made (offer + accept), a bare server with the hook, and `origin` set.
    final class Setup {
        let team: TestTeam
        let bob: TestPerson
        let carol: TestPerson
        let id: String
        let server: String

        init() throws {
            team = try TestTeam()
            bob = try team.person("bob", stages: ["onboarding"])
            carol = try team.person("carol", stages: ["onboarding"])
            id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard ACME", stage: "sales")).task.id
            server = team.root.appendingPathComponent("server.git").path
            try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
            let install = try TestKeys.run(TestTeam.handoffBinary, ["hooks", "install", "--server"], environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: server))
            try TestKeys.check(install, "handoff hooks install --server")
            try team.git(["remote", "add", "origin", server])
        }

        /// Pushes as the admin; returns git's output.
        func push(_ arguments: [String] = ["origin", "main"]) throws -> TestKeys.Output {
            try team.git(["push", "-q"] + arguments)
        }

        /// The task's path.
        var path: String { get throws { try team.handoff(as: team.admin).show(id).entry.path } }

        /// Commits by hand as `person` (hooks skipped, as an attacker would), with `extra` git options.
        func handCommit(as person: TestPerson, message: String, options: [String] = [], environment: [String: String] = [:]) throws {
            var env = person.environment
            env.merge(environment) { _, new in new }
            let output = try TestKeys.run("git", ["-C", team.repository] + options + ["commit", "-q", "--no-verify", "-a", "-m", message], environment: env)
            try TestKeys.check(output, "git commit")
        }
    }

    private func expectRefused(_ output: TestKeys.Output, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status != 0, "push should be refused", sourceLocation: sourceLocation)
        #expect(output.stderrText.contains(fragment), "stderr: \(output.stderrText)", sourceLocation: sourceLocation)
    }

    @Test("the legitimate lifecycle is accepted, and verify passes on the server")
    func legitimateHistoryLands() throws {
        let setup = try Setup()
        let first = try setup.push()
        #expect(first.status == 0, "\(first.stderrText)")
        try setup.team.handoff(as: setup.team.admin).perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: setup.id)
        try setup.team.handoff(as: setup.bob).perform(.accept(readback: "ok"), on: setup.id)
        try setup.team.handoff(as: setup.carol).perform(.note(text: "hello"), on: setup.id)
        let second = try setup.push()
        #expect(second.status == 0, "\(second.stderrText)")
        let verify = try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"], environment: setup.team.admin.environment, currentDirectory: URL(fileURLWithPath: setup.team.repository))
        #expect(verify.status == 0, "\(verify.stdoutText)")
    }

    @Test("tags, lightweight and annotated, push through the hook")
    func tags() throws {
        let setup = try Setup()
        #expect(try setup.push().status == 0)
        try setup.team.git(["tag", "v1"])
        try setup.team.git(["-c", "tag.gpgSign=false", "tag", "-a", "-m", "release", "v2"])
        let pushed = try setup.push(["origin", "v1", "v2"])
        #expect(pushed.status == 0, "\(pushed.stderrText)")
    }

    @Test("an unsigned commit is refused")
    func unsigned() throws {
        let setup = try Setup()
        try setup.team.write(try setup.team.read(try setup.path) + "\nmore context\n", to: try setup.path)
        try setup.handCommit(as: setup.team.admin, message: "context", options: ["-c", "commit.gpgsign=false"])
        expectRefused(try setup.push(), "[signature] the commit is unsigned")
    }

    @Test("a commit signed by a key the parent's policy does not list is refused")
    func unlistedKey() throws {
        let setup = try Setup()
        let mallory = try setup.team.person("mallory")
        try setup.team.write(try setup.team.read(try setup.path) + "\nnote\n", to: try setup.path)
        try setup.handCommit(as: mallory, message: "sneaky", options: ["-c", "commit.gpgsign=true"])
        expectRefused(try setup.push(), "does not list for mallory@example.com")
    }

    @Test("a listed key used under someone else's email is refused")
    func keyUnderOtherEmail() throws {
        let setup = try Setup()
        try setup.team.write(try setup.team.read(try setup.path) + "\nnote\n", to: try setup.path)
        try setup.handCommit(as: setup.bob, message: "as alice", options: ["-c", "commit.gpgsign=true"],
                             environment: ["GIT_COMMITTER_EMAIL": setup.team.admin.email, "GIT_AUTHOR_EMAIL": setup.team.admin.email])
        expectRefused(try setup.push(), "lists for someone else, not for the committer alice@example.com")
    }

    @Test("an accept made by someone other than the receiver is refused")
    func acceptByWrongPerson() throws {
        let setup = try Setup()
        try setup.team.handoff(as: setup.team.admin).perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: setup.id)
        #expect(try setup.push().status == 0)
        // Carol writes exactly what bob's accept would write, and commits it as herself with accept trailers.
        let offeredText = try setup.team.read(try setup.path)
        let document = try TaskDocument(bytes: Array(offeredText.utf8), path: try setup.path)
        let workflow = try Workflow(yaml: try setup.team.read(".handoff/config.yml"))
        let accepted = try TaskTransitions.apply(.accept(readback: "mine now"), to: document, workflow: workflow, actor: setup.bob.email, at: Timestamp(seconds: 1_764_000_000))
        try setup.team.write(String(decoding: accepted.document.bytes, as: UTF8.self), to: try setup.path)
        let message = "handoff: accept \(setup.id) (sales → onboarding)\n\nHandoff-Task: \(setup.id)\nHandoff-Action: accept\nHandoff-To: \(setup.bob.email)\nHandoff-To-Stage: onboarding\n"
        try setup.handCommit(as: setup.carol, message: message, options: ["-c", "commit.gpgsign=true"],
                             environment: ["GIT_COMMITTER_DATE": "@1764000000 +0000"])
        expectRefused(try setup.push(), "only bob@example.com can accept it")
    }

    @Test("an owner changed by a hand edit is refused, naming the command to use")
    func ownerByHand() throws {
        let setup = try Setup()
        let text = try setup.team.read(try setup.path).replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
        try setup.team.write(text, to: try setup.path)
        try setup.handCommit(as: setup.team.admin, message: "give to bob", options: ["-c", "commit.gpgsign=true"])
        expectRefused(try setup.push(), "[hand-edit] \(try setup.path) changes 'owner' by hand; use 'handoff offer' and 'handoff accept'")
    }

    @Test("a member who adds their own key and signs with it in the same commit is refused")
    func selfAddedKey() throws {
        let setup = try Setup()
        let newKey = try TestKeys.ed25519(in: setup.bob.home, name: "second", comment: "bob")
        let signers = try setup.team.read(".handoff/allowed_signers") + "bob@example.com namespaces=\"git\" \(newKey.publicKey)\n"
        try setup.team.write(signers, to: ".handoff/allowed_signers")
        try setup.handCommit(as: setup.bob, message: "my other key", options: ["-c", "commit.gpgsign=true", "-c", "user.signingkey=\(newKey.privateKeyPath)"])
        let output = try setup.push()
        expectRefused(output, "[signature] signed with key")
        expectRefused(output, "[policy] bob@example.com changed .handoff/allowed_signers but is not an admin")
    }

    @Test("a non-admin changing the workflow is refused")
    func nonAdminWorkflowChange() throws {
        let setup = try Setup()
        let config = try setup.team.read(".handoff/config.yml").replacingOccurrences(of: "wip_limit: 0", with: "wip_limit: 99")
        try setup.team.write(config, to: ".handoff/config.yml")
        try setup.handCommit(as: setup.bob, message: "more wip", options: ["-c", "commit.gpgsign=true"])
        expectRefused(try setup.push(), "[policy] bob@example.com changed .handoff/config.yml but is not an admin")
    }

    @Test("a signature copied from another commit is refused")
    func copiedSignature() throws {
        let setup = try Setup()
        try setup.team.handoff(as: setup.team.admin).perform(.note(text: "real note"), on: setup.id)
        let raw = try setup.team.gitText(["cat-file", "commit", "HEAD"])
        // The same signed header and message over another tree, in which the note says something else.
        let path = try setup.path
        try setup.team.write(try setup.team.read(path).replacingOccurrences(of: "real note", with: "forged note"), to: path)
        try setup.team.git(["add", path])
        let tree = try setup.team.gitText(["write-tree"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = raw.components(separatedBy: "\n")
        let rebuilt = (["tree \(tree)"] + lines.dropFirst()).joined(separator: "\n")
        let id = try setup.team.git(["hash-object", "-t", "commit", "-w", "--stdin"], stdin: rebuilt).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        expectRefused(try setup.push(["origin", "\(id):refs/heads/main"]), "does not match the commit's content")
    }

    @Test("a commit altered after signing is refused")
    func alteredAfterSigning() throws {
        let setup = try Setup()
        try setup.team.handoff(as: setup.team.admin).perform(.note(text: "original"), on: setup.id)
        let raw = try setup.team.gitText(["cat-file", "commit", "HEAD"])
        let altered = raw.replacingOccurrences(of: "handoff: note", with: "handoff: n0te")
        let id = try setup.team.git(["hash-object", "-t", "commit", "-w", "--stdin"], stdin: altered).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        expectRefused(try setup.push(["origin", "\(id):refs/heads/main"]), "does not match the commit's content")
    }

    @Test("a force-push rewriting main is refused")
    func forcePush() throws {
        let setup = try Setup()
        try setup.team.handoff(as: setup.team.admin).perform(.note(text: "one"), on: setup.id)
        #expect(try setup.push().status == 0)
        try setup.team.git(["reset", "-q", "--hard", "HEAD~1"])
        expectRefused(try setup.push(["--force", "origin", "main"]), "rewrites history (not a fast-forward)")
    }

    @Test("a merge that smuggles in an owner change is refused")
    func smugglingMerge() throws {
        let setup = try Setup()
        try setup.team.git(["checkout", "-q", "-b", "side"])
        try setup.team.handoff(as: setup.team.admin).perform(.note(text: "on side"), on: setup.id)
        try setup.team.git(["checkout", "-q", "main"])
        try setup.team.write("readme\n", to: "README.md")
        try setup.team.git(["add", "README.md"])
        try setup.handCommit(as: setup.team.admin, message: "docs", options: ["-c", "commit.gpgsign=true"])
        #expect(try setup.team.git(["merge", "-q", "--no-ff", "--no-commit", "side"]).status == 0)
        let path = try setup.path
        try setup.team.write(try setup.team.read(path).replacingOccurrences(of: "owner: alice@example.com", with: "owner: carol@example.com"), to: path)
        try setup.team.git(["add", path])
        try setup.handCommit(as: setup.team.admin, message: "merge side", options: ["-c", "commit.gpgsign=true"])
        expectRefused(try setup.push(["origin", "main", "side"]), "[merge] the merge brings \(path) into a state neither parent had")
    }

    @Test("pushing through git daemon on 127.0.0.1 runs the same hook")
    func gitDaemon() throws {
        let setup = try Setup()
        let port = Int.random(in: 20_000...40_000)
        let execPath = try TestKeys.run("git", ["--exec-path"], environment: setup.team.admin.environment).stdoutText
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = Process()
        // git-daemon itself (not the `git daemon` wrapper), so one SIGKILL stops it: children of a
        // test process inherit a mask that blocks SIGTERM.
        daemon.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
        daemon.arguments = ["--reuseaddr", "--enable=receive-pack", "--export-all", "--listen=127.0.0.1", "--port=\(port)",
                            "--base-path=\(setup.team.root.path)", setup.team.root.path]
        daemon.environment = setup.team.admin.environment
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer {
            kill(daemon.processIdentifier, SIGKILL)
            daemon.waitUntilExit()
        }
        let url = "git://127.0.0.1:\(port)/server.git"
        var pushed: TestKeys.Output?
        for _ in 0..<50 {
            let attempt = try setup.team.git(["push", "-q", url, "main"])
            pushed = attempt
            if attempt.status == 0 || attempt.stderrText.contains("pre-receive") { break }
            usleep(100_000)
        }
        #expect(pushed?.status == 0, "\(pushed?.stderrText ?? "")")
        let text = try setup.team.read(try setup.path).replacingOccurrences(of: "state: open", with: "state: done")
        try setup.team.write(text, to: try setup.path)
        try setup.handCommit(as: setup.team.admin, message: "done by hand", options: ["-c", "commit.gpgsign=true"])
        expectRefused(try setup.team.git(["push", "-q", url, "main"]), "changes 'state' by hand")
    }
}
