import Foundation
import HandoffCore
import TestSupport
import Testing

/// The whole lifecycle through the core commands, checked with real git.
@Suite struct LifecycleTests {
    /// A team of alice (admin, every stage) and bob (onboarding) with one task owned by alice.
    private func teamWithTask() throws -> (TestTeam, TestPerson, String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard ACME Corp", stage: "sales")).task.id
        return (team, bob, id)
    }

    @Test("every commit of a full handoff verifies with git verify-commit and the repo is fsck-clean")
    func offerAcceptVerifies() throws {
        let (team, bob, id) = try teamWithTask()
        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let accepted = try team.handoff(as: bob).perform(.accept(readback: "ACME needs SSO before launch."), on: id)
        #expect(accepted.task.owner == bob.email)
        #expect(accepted.task.stage == "onboarding")
        #expect(accepted.task.state == .open)
        let commits = try team.commits()
        #expect(commits.count == 5)
        for commit in commits {
            let output = try team.git(["verify-commit", commit])
            #expect(output.status == 0, "verify-commit \(commit): \(output.stderrText)")
            #expect(output.stderrText.contains("Good \"git\" signature for"))
        }
        let fsck = try team.git(["fsck", "--strict"])
        #expect(fsck.status == 0)
        #expect(fsck.stdoutText.isEmpty && !fsck.stderrText.contains("error"))
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty)
    }

    @Test("the signer shown by git is the actor: bob signs the accept, alice the offer")
    func signersAreActors() throws {
        let (team, bob, id) = try teamWithTask()
        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "Got it."), on: id)
        let log = try team.gitText(["log", "-2", "--format=%G? %GS %s"])
        let lines = log.split(separator: "\n")
        #expect(lines.first == "G bob@example.com handoff: accept \(id) (sales → onboarding)")
        #expect(lines.last == "G alice@example.com handoff: offer \(id) (sales → onboarding)")
    }

    @Test("ssh-keygen -Y verify accepts the signature extracted from a handoff commit")
    func sshKeygenVerifiesExtractedSignature() throws {
        let (team, _, _) = try teamWithTask()
        let raw = try team.gitText(["cat-file", "commit", "HEAD"])
        var signature = [String]()
        var payload = [String]()
        var inSignature = false
        for line in raw.components(separatedBy: "\n") {
            if line.hasPrefix("gpgsig ") {
                inSignature = true
                signature.append(String(line.dropFirst(7)))
            } else if inSignature, line.hasPrefix(" ") {
                signature.append(String(line.dropFirst()))
            } else {
                inSignature = false
                payload.append(line)
            }
        }
        let directory = team.root.appendingPathComponent("extract")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let signaturePath = directory.appendingPathComponent("commit.sig").path
        try Data((signature.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: signaturePath))
        let output = try TestKeys.run(
            "ssh-keygen",
            ["-Y", "verify", "-f", team.repository + "/.handoff/allowed_signers", "-I", team.admin.email, "-n", "git", "-s", signaturePath],
            environment: team.admin.environment, stdin: Array(payload.joined(separator: "\n").utf8))
        #expect(output.status == 0, "\(output.stderrText)")
        #expect(output.stdoutText.contains("Good \"git\" signature for alice@example.com"))
    }

    @Test("git interpret-trailers reads the handoff trailers, one value per line")
    func trailersParse() throws {
        let (team, bob, id) = try teamWithTask()
        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let message = try team.gitText(["log", "-1", "--format=%B"])
        let parsed = try team.git(["interpret-trailers", "--parse"], stdin: message).stdoutText
        #expect(parsed == """
            Handoff-Task: \(id)
            Handoff-Action: offer
            Handoff-From: alice@example.com
            Handoff-To: bob@example.com
            Handoff-From-Stage: sales
            Handoff-To-Stage: onboarding

            """)
    }

    @Test("init sets allowedSignersFile and commit.gpgsign so plain git commits are signed and verified")
    func initConfiguresGit() throws {
        let team = try TestTeam()
        #expect(try team.gitText(["config", "--local", "commit.gpgsign"]) == "true\n")
        let signers = try team.gitText(["config", "--local", "gpg.ssh.allowedSignersFile"])
        #expect(signers.hasSuffix(".handoff/allowed_signers\n"))
        try team.write("notes\n", to: "README.md")
        try team.git(["add", "README.md"])
        #expect(try team.git(["commit", "-q", "-m", "docs"]).status == 0)
        #expect(try team.gitText(["log", "-1", "--format=%G?"]) == "G\n")
    }

    @Test("a second init is refused and changes nothing")
    func secondInitRefused() throws {
        let team = try TestTeam()
        let before = try team.commits()
        #expect(throws: HandoffError.self) { try team.handoff(as: team.admin).initialize() }
        #expect(try team.commits() == before)
    }

    @Test("a local edit to the task body survives a handoff: merged into the working file, not committed")
    func localEditIsMerged() throws {
        let (team, bob, id) = try teamWithTask()
        let path = try team.handoff(as: team.admin).show(id).entry.path
        let original = try team.read(path)
        let edited = original.replacingOccurrences(of: "What this is about", with: "LOCAL EDIT: what this is about")
        try team.write(edited, to: path)
        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let working = try team.read(path)
        #expect(working.contains("LOCAL EDIT"))
        #expect(working.contains("state: offered"))
        let committed = try team.gitText(["show", "HEAD:\(path)"])
        #expect(!committed.contains("LOCAL EDIT"))
        #expect(committed.contains("state: offered"))
        #expect(try team.gitText(["status", "--porcelain"]) == " M \(path)\n")
    }

    @Test("a local edit that overlaps the handoff is refused and kept byte for byte")
    func conflictingLocalEditRefused() throws {
        let (team, bob, id) = try teamWithTask()
        let path = try team.handoff(as: team.admin).show(id).entry.path
        let edited = try team.read(path).replacingOccurrences(of: "state: open", with: "state: open # mine")
        try team.write(edited, to: path)
        let before = try team.commits()
        #expect {
            try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        } throws: { error in
            (error as? HandoffError)?.message.contains("local edits") == true
        }
        #expect(try team.read(path) == edited)
        #expect(try team.commits() == before)
    }

    @Test("a staged change to the task is refused rather than overwritten")
    func stagedChangeRefused() throws {
        let (team, _, id) = try teamWithTask()
        let path = try team.handoff(as: team.admin).show(id).entry.path
        try team.write(try team.read(path) + "\nstaged\n", to: path)
        try team.git(["add", path])
        #expect(throws: HandoffError.self) {
            try team.handoff(as: team.admin).perform(.note(text: "hello"), on: id)
        }
        #expect(try team.gitText(["diff", "--cached", "--name-only"]) == path + "\n")
    }

    @Test("notes by any member, close and reopen by the owner, reassign by an admin")
    func otherOperations() throws {
        let (team, bob, id) = try teamWithTask()
        try team.handoff(as: bob).perform(.note(text: "Called ACME."), on: id)
        try team.handoff(as: team.admin).perform(.close(resolution: "Done"), on: id)
        #expect(try team.handoff(as: team.admin).show(id).entry.task.state == .done)
        try team.handoff(as: team.admin).perform(.reopen(reason: "Not done"), on: id)
        #expect(throws: HandoffError.self) {
            try team.handoff(as: team.admin).perform(.reassign(to: bob.email, reason: "bob is not in sales"), on: id)
        }
        let dora = try team.person("dora", stages: ["sales"])
        try team.handoff(as: team.admin).perform(.reassign(to: dora.email, reason: "Alice is on leave"), on: id)
        let task = try team.handoff(as: bob).show(id)
        #expect(task.entry.task.owner == dora.email)
        #expect(task.document.body.contains("reassign by alice@example.com: alice@example.com → dora@example.com"))
        #expect(task.document.body.contains("Called ACME."))
        let actions = try team.gitText(["log", "--format=%(trailers:key=Handoff-Action,valueonly)", "-4"])
            .split(separator: "\n").filter { !$0.isEmpty }
        #expect(actions == ["reassign", "member-add", "reopen", "close"])
    }

    @Test("decline keeps the task with the sender; withdraw takes an offer back")
    func declineAndWithdraw() throws {
        let (team, bob, id) = try teamWithTask()
        let alice = team.handoff(as: team.admin)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.decline(reason: "No capacity this week"), on: id)
        var task = try alice.show(id).entry.task
        #expect(task.owner == team.admin.email && task.state == .open && task.offer == nil)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try alice.perform(.withdraw(reason: "Wrong team"), on: id)
        task = try alice.show(id).entry.task
        #expect(task.state == .open && task.offer == nil)
    }

    @Test("refusals name who may act instead, and write nothing")
    func refusals() throws {
        let (team, bob, id) = try teamWithTask()
        let carol = try team.person("carol", stages: ["onboarding"])
        let before = try team.commits()
        func refusal(_ person: TestPerson, _ operation: TaskOperation) -> String {
            do {
                try team.handoff(as: person).perform(operation, on: id)
                return "no refusal"
            } catch {
                return error.message
            }
        }
        #expect(refusal(bob, .offer(to: carol.email, stage: "onboarding", brief: TestBriefs.complete))
            == "\(id) is owned by alice@example.com; only the owner (or an admin) can offer it")
        #expect(refusal(team.admin, .offer(to: bob.email, stage: "sales", brief: TestBriefs.complete))
            == "bob@example.com does not work in stage sales; offer to a member of sales or ask an admin to add the stage to them (handoff member edit bob@example.com --add-stage sales)")
        #expect(refusal(team.admin, .offer(to: bob.email, stage: "support", brief: TestBriefs.complete))
            == "the workflow has no transition sales → support; allowed from sales: sales, onboarding")
        #expect(refusal(team.admin, .offer(to: bob.email, stage: "onboarding", brief: Brief(markdown: "## Summary\nonly this")))
            == "the brief lacks 'Open items', 'Risks', 'Next steps'; add a '## NAME' section with text for each")
        #expect(refusal(team.admin, .offer(to: "dave@example.com", stage: "onboarding", brief: TestBriefs.complete))
            .contains("dave@example.com is not a member"))
        #expect(refusal(bob, .accept(readback: "x")) == "\(id) has no pending offer; there is nothing to accept")
        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let afterOffer = try team.commits()
        #expect(refusal(carol, .accept(readback: "x")) == "\(id) is offered to bob@example.com; only bob@example.com can accept it")
        #expect(refusal(bob, .accept(readback: "  ")).contains("requires a read-back"))
        #expect(refusal(carol, .decline(reason: "no")) == "\(id) is offered to bob@example.com; only bob@example.com can decline it")
        #expect(refusal(bob, .withdraw(reason: nil)) == "\(id) was offered by alice@example.com; only alice@example.com can withdraw it")
        #expect(refusal(bob, .reassign(to: bob.email, reason: "mine")).contains("only an admin can reassign"))
        #expect(refusal(team.admin, .close(resolution: nil)).contains("already offered to bob@example.com"))
        #expect(before.count + 1 == afterOffer.count)
        #expect(try team.commits() == afterOffer)
    }

    @Test("members: only admins add or remove; removal retires their key in allowed_signers")
    func members() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let carol = try team.person("carol")
        #expect(throws: HandoffError.self) {
            try team.handoff(as: bob).addMember(email: carol.email, keyFile: carol.key.publicKeyPath, stages: ["support"], admin: false)
        }
        let signers = try team.read(".handoff/allowed_signers")
        #expect(signers.contains("bob@example.com namespaces=\"git\" ssh-ed25519 "))
        try team.handoff(as: team.admin).removeMember(email: bob.email)
        #expect(try team.read(".handoff/allowed_signers").contains("bob@example.com namespaces=\"git\",valid-before=\""))
        #expect(!(try team.read(".handoff/config.yml")).contains("bob@example.com"))
        #expect(try team.read(".handoff/config.yml").contains("# handoff workflow."))
        #expect(throws: HandoffError.self) { try team.handoff(as: team.admin).removeMember(email: team.admin.email) }
    }

    @Test("tasks are found by any unambiguous prefix of their ID, ignoring case")
    func idPrefixes() throws {
        let (team, _, id) = try teamWithTask()
        let shortest = String(id.prefix(4)).lowercased()
        let others = try team.handoff(as: team.admin).list().map(\.task.id).filter { $0 != id }
        if others.allSatisfy({ !$0.lowercased().hasPrefix(shortest) }) {
            #expect(try team.handoff(as: team.admin).show(shortest).entry.task.id == id)
        }
        #expect(try team.handoff(as: team.admin).show(id.lowercased()).entry.task.id == id)
        #expect(throws: HandoffError.self) { try team.handoff(as: team.admin).show("HO-ZZZZZZ") }
    }

    @Test("new tasks land in the month folder of their creation, with ID equal to file name")
    func newTaskLayout() throws {
        let team = try TestTeam()
        var environment = team.admin.environment
        environment["GIT_COMMITTER_DATE"] = "@1764000000 +0000"
        environment["GIT_AUTHOR_DATE"] = "@1764000000 +0000"
        let handoff = Handoff(context: HandoffContext(directory: team.repository, environment: environment))
        let task = try handoff.newTask(NewTaskRequest(
            title: "Quote: \"yes\" # not a comment", labels: ["vip", "eu"], fields: [("customer", "ACME: Corp")])).task
        let entry = try handoff.show(task.id)
        #expect(entry.entry.path == "tasks/2025-11/\(task.id).md")
        #expect(entry.entry.task.title == "Quote: \"yes\" # not a comment")
        #expect(entry.entry.task.fields["customer"] == "ACME: Corp")
        #expect(entry.entry.task.labels == ["vip", "eu"])
        #expect(entry.entry.task.fields["created"] == "2025-11-24T16:00:00Z")
    }
}
