import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff sync` between two clones of a bare server that runs the pre-receive hook: local
/// handoffs are replayed as operations on top of what others pushed, re-signed, and pushed;
/// one that is no longer legal stops sync with a message, and nothing is lost.
@Suite struct SyncTests {
    private func offer(_ fixture: SyncFixture, _ id: String, to person: TestPerson) throws {
        try fixture.handoff(fixture.team.admin).perform(.offer(to: person.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
    }

    @Test("a local accept and an upstream note on the same task both land, re-signed, and the server verifies")
    func nonConflictingHandoffsLand() throws {
        let fixture = try SyncFixture()
        try offer(fixture, fixture.first, to: fixture.bob)
        try fixture.alicePushes()
        try fixture.git(fixture.bobClone, ["pull", "-q"], as: fixture.bob)
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.accept(readback: "ACME onboarding, SSO open"), on: fixture.first)
        let localAccept = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        try fixture.handoff(fixture.team.admin).perform(.note(text: "customer called"), on: fixture.first)
        try fixture.alicePushes()

        let result = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()

        #expect(result.pushed)
        #expect(result.pulled == 1)
        #expect(result.replayed.count == 1 && result.replayed.first?.original.hex == localAccept)
        #expect(try fixture.serverTip() == result.tip.hex)
        let task = try fixture.handoff(fixture.bob, in: fixture.bobClone).show(fixture.first).entry.task
        #expect(task.owner == fixture.bob.email && task.stage == "onboarding")
        let file = try String(contentsOfFile: fixture.bobClone + "/" + fixture.path(of: fixture.first), encoding: .utf8)
        #expect(file.contains("customer called") && file.contains("ACME onboarding, SSO open"))
        #expect(try fixture.gitText(fixture.bobClone, ["status", "--porcelain"], as: fixture.bob).isEmpty)
        let signature = try fixture.git(fixture.bobClone, ["-c", "gpg.ssh.allowedSignersFile=\(fixture.bobClone)/.handoff/allowed_signers", "verify-commit", "HEAD"], as: fixture.bob)
        #expect(signature.status == 0 && signature.stderrText.contains("bob@example.com"), "\(signature.stderrText)")
        let author = try fixture.gitText(fixture.bobClone, ["log", "-1", "--format=%ae %ce %cd", "--date=unix"], as: fixture.bob)
        let original = try fixture.gitText(fixture.bobClone, ["log", "-1", "--format=%ae %ce %cd", "--date=unix", localAccept], as: fixture.bob)
        #expect(author == original)
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("an accept of an offer withdrawn upstream stops sync, says who did what, and loses nothing; --drop lands the rest")
    func illegalHandoffIsReported() throws {
        let fixture = try SyncFixture()
        try offer(fixture, fixture.first, to: fixture.bob)
        try fixture.alicePushes()
        try fixture.git(fixture.bobClone, ["pull", "-q"], as: fixture.bob)
        let bob = fixture.handoff(fixture.bob, in: fixture.bobClone)
        try bob.perform(.accept(readback: "mine now"), on: fixture.first)
        let accept = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        try bob.perform(.note(text: "looked at Initech"), on: fixture.second)
        let bobTip = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        try fixture.handoff(fixture.team.admin).perform(.withdraw(reason: "customer paused"), on: fixture.first)
        let withdraw = try fixture.gitText(fixture.team.repository, ["rev-parse", "--short=7", "HEAD"], as: fixture.team.admin)
        try fixture.alicePushes()
        let serverBefore = try fixture.serverTip()

        var message = ""
        do {
            _ = try bob.sync()
            Issue.record("sync should refuse the accept")
        } catch {
            message = error.message
            #expect(error.kind == .refused)
        }
        #expect(message.contains("cannot replay your commit \(accept.prefix(7))"), "\(message)")
        #expect(message.contains("upstream commit \(withdraw) by alice@example.com"), "\(message)")
        #expect(message.contains("handoff sync --drop \(accept.prefix(7))"), "\(message)")
        #expect(try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob) == bobTip)
        #expect(try fixture.serverTip() == serverBefore)
        let backups = try fixture.gitText(fixture.bobClone, ["for-each-ref", "--format=%(refname) %(objectname)", "refs/handoff/backup/"], as: fixture.bob)
        #expect(backups.contains(bobTip) && message.contains(String(backups.prefix { $0 != " " })), "\(backups)")

        let result = try bob.sync(drop: [String(accept.prefix(7))])
        #expect(result.pushed && result.dropped.map(\.hex) == [accept])
        #expect(try fixture.serverTip() == result.tip.hex)
        let first = try bob.show(fixture.first).entry.task
        #expect(first.owner == fixture.team.admin.email && first.offer == nil)
        let second = try String(contentsOfFile: fixture.bobClone + "/" + fixture.path(of: fixture.second), encoding: .utf8)
        #expect(second.contains("looked at Initech"))
        // Nothing lost: the accept is still reachable from the backup refs.
        let kept = try fixture.git(fixture.bobClone, ["for-each-ref", "--contains", accept, "refs/handoff/backup/"], as: fixture.bob)
        #expect(!kept.stdoutText.isEmpty)
        #expect(try fixture.fsck(fixture.bobClone).status == 0)
        #expect(try fixture.fsck(fixture.server).status == 0)
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("sync with nothing to do says so and changes nothing; with only upstream news it fast-forwards the working tree")
    func nothingToDoAndFastForward() throws {
        let fixture = try SyncFixture()
        let bob = fixture.handoff(fixture.bob, in: fixture.bobClone)
        let before = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        let idle = try bob.sync()
        #expect(!idle.pushed && idle.pulled == 0 && idle.replayed.isEmpty && idle.backups.isEmpty)
        #expect(idle.tip.hex == before)

        try fixture.handoff(fixture.team.admin).perform(.note(text: "from alice"), on: fixture.second)
        try fixture.alicePushes()
        let pulled = try bob.sync()
        #expect(pulled.pulled == 1 && !pulled.pushed && pulled.backups.isEmpty)
        let file = try String(contentsOfFile: fixture.bobClone + "/" + fixture.path(of: fixture.second), encoding: .utf8)
        #expect(file.contains("from alice"))
        #expect(try fixture.gitText(fixture.bobClone, ["status", "--porcelain"], as: fixture.bob).isEmpty)
    }

    @Test("only local commits: sync pushes them as they are")
    func onlyLocal() throws {
        let fixture = try SyncFixture()
        let bob = fixture.handoff(fixture.bob, in: fixture.bobClone)
        try bob.perform(.note(text: "bob was here"), on: fixture.first)
        let tip = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        let result = try bob.sync()
        #expect(result.pushed && result.replayed.isEmpty && result.tip.hex == tip)
        #expect(try fixture.serverTip() == tip)
    }

    @Test("a hand-made commit is replayed as a merge, re-signed, and a local uncommitted edit elsewhere is kept")
    func handMadeCommit() throws {
        let fixture = try SyncFixture()
        let path = try fixture.path(of: fixture.first)
        let file = fixture.bobClone + "/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\n---\n", with: "\n---\nContract signed on Monday.\n").utf8).write(to: URL(fileURLWithPath: file))
        try TestKeys.check(try fixture.git(fixture.bobClone, ["commit", "-q", "-a", "-m", "Contract date"], as: fixture.bob), "bob's hand-made commit")
        try fixture.handoff(fixture.team.admin).perform(.note(text: "kick-off booked"), on: fixture.first)
        try fixture.alicePushes()
        let otherPath = fixture.bobClone + "/" + (try fixture.path(of: fixture.second))
        let otherText = try String(contentsOfFile: otherPath, encoding: .utf8) + "\nlocal scribble\n"
        try Data(otherText.utf8).write(to: URL(fileURLWithPath: otherPath))

        let result = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()

        #expect(result.pushed && result.replayed.count == 1)
        let merged = try String(contentsOfFile: file, encoding: .utf8)
        #expect(merged.contains("Contract signed on Monday.") && merged.contains("kick-off booked"))
        #expect(try fixture.gitText(fixture.bobClone, ["log", "-1", "--format=%s"], as: fixture.bob) == "Contract date")
        #expect(try String(contentsOfFile: otherPath, encoding: .utf8) == otherText)
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("a hand-made edit that conflicts with upstream's text stops sync and leaves the branch as it was")
    func handMadeConflict() throws {
        let fixture = try SyncFixture()
        let path = try fixture.path(of: fixture.first)
        for (directory, person, words) in [(fixture.bobClone, fixture.bob, "Bob's title"), (fixture.team.repository, fixture.team.admin, "Alice's title")] {
            let file = directory + "/" + path
            let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "title: Onboard ACME", with: "title: \(words)")
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            try TestKeys.check(try fixture.git(directory, ["-c", "commit.gpgsign=true", "commit", "-q", "-a", "-m", "retitle"], as: person), "retitle")
        }
        try fixture.alicePushes()
        let before = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        do {
            _ = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()
            Issue.record("sync should stop at the conflicting edit")
        } catch {
            #expect(error.message.contains("conflict with upstream's"), "\(error.message)")
        }
        #expect(try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob) == before)
    }

    @Test("when the remote moves between fetch and push, the lease refuses the push and sync replays again")
    func pushRejectedThenRetried() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice one"), on: fixture.second)
        try fixture.alicePushes()
        // Alice's second note waits; it reaches the server exactly when bob's push connects.
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice two"), on: fixture.second)
        let marker = fixture.team.root.appendingPathComponent("raced").path
        let script = fixture.team.root.appendingPathComponent("racing-receive-pack").path
        let body = """
            #!/bin/sh
            if [ ! -e '\(marker)' ]; then
                touch '\(marker)'
                env -u GIT_DIR git -C '\(fixture.team.repository)' push -q origin main >/dev/null 2>&1 || exit 1
            fi
            exec git receive-pack "$@"
            """
        #expect(FileManager.default.createFile(atPath: script, contents: Data(body.utf8), attributes: [.posixPermissions: 0o755]))
        try TestKeys.check(try fixture.git(fixture.bobClone, ["config", "remote.origin.receivepack", script], as: fixture.bob), "config")
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob's note"), on: fixture.first)
        let bobsNote = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)

        let result = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()

        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(result.rounds == 2 && result.pushed)
        #expect(result.replayed.map(\.original.hex) == [bobsNote] && result.backups.count == 2)
        #expect(try fixture.serverTip() == result.tip.hex)
        let log = try fixture.gitText(fixture.server, ["log", "--format=%s", "-3"], as: fixture.team.admin)
        #expect(log.split(separator: "\n").count == 3 && log.hasPrefix("handoff: note \(fixture.first)"), "\(log)")
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("a local commit someone else committed is not re-signed in their name")
    func foreignCommitter() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.carol, in: fixture.bobClone).perform(.note(text: "carol at bob's desk"), on: fixture.first)
        let carols = try fixture.gitText(fixture.bobClone, ["rev-parse", "--short=7", "HEAD"], as: fixture.bob)
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice"), on: fixture.second)
        try fixture.alicePushes()
        do {
            _ = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()
            Issue.record("sync should refuse to re-sign carol's commit")
        } catch {
            #expect(error.message.contains("\(carols)") && error.message.contains("committed by carol@example.com, not by you (bob@example.com)"), "\(error.message)")
        }
    }

    @Test("an unknown remote is a usage error")
    func unknownRemote() throws {
        let fixture = try SyncFixture()
        #expect(throws: HandoffError.usage("there is no remote named 'nowhere'; add it with 'git remote add nowhere URL' or name one: handoff sync REMOTE")) {
            try fixture.handoff(fixture.bob, in: fixture.bobClone).sync(remote: "nowhere")
        }
    }

    @Test("an uncommitted edit overlapping upstream's change refuses sync before the branch moves, and the edit is kept")
    func overlappingLocalEdit() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.note(text: "upstream note"), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob's note"), on: fixture.second)
        let file = fixture.bobClone + "/" + (try fixture.path(of: fixture.first))
        let edited = try String(contentsOfFile: file, encoding: .utf8) + "\nbob's unsaved thought\n"
        try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
        let before = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        let server = try fixture.serverTip()
        do {
            _ = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()
            Issue.record("sync should refuse to overwrite the local edit")
        } catch {
            #expect(error.message.contains("has local edits that overlap this change"), "\(error.message)")
        }
        #expect(try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob) == before)
        #expect(try fixture.serverTip() == server)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == edited)
    }

    @Test("an admin's local member change is replayed on top of upstream and the server accepts it")
    func policyCommitReplayed() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob first"), on: fixture.first)
        #expect(try fixture.handoff(fixture.bob, in: fixture.bobClone).sync().pushed)
        let dave = try fixture.team.person("dave")
        try fixture.handoff(fixture.team.admin).addMember(email: dave.email, keyFile: dave.key.publicKeyPath, stages: ["support"], admin: false)
        let result = try fixture.handoff(fixture.team.admin).sync()
        #expect(result.pushed && result.pulled == 1 && result.replayed.count == 1)
        #expect(try fixture.team.read(".handoff/allowed_signers").contains("dave@example.com"))
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("a remote without the branch yet gets it from the first sync")
    func firstPush() throws {
        let team = try TestTeam()
        let server = team.root.appendingPathComponent("empty.git").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
        try team.git(["remote", "add", "origin", server])
        let result = try team.handoff(as: team.admin).sync()
        #expect(result.pushed)
        let tip = try TestKeys.run("git", ["-C", server, "rev-parse", "main"], environment: team.admin.environment).stdoutText
        #expect(tip.trimmingCharacters(in: .whitespacesAndNewlines) == result.tip.hex)
    }

    @Test("local commits the server's hook refuses are reported with the hook's reasons, and stay on the branch")
    func serverRefusal() throws {
        let fixture = try SyncFixture()
        let file = fixture.bobClone + "/" + (try fixture.path(of: fixture.first))
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try TestKeys.check(try fixture.git(fixture.bobClone, ["commit", "-q", "--no-verify", "-a", "-m", "mine"], as: fixture.bob), "commit")
        let tip = try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob)
        do {
            _ = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()
            Issue.record("the server should refuse the hand-made owner change")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.message.contains("origin refused the push: ") && error.message.contains("changes 'owner' by hand"), "\(error.message)")
        }
        #expect(try fixture.gitText(fixture.bobClone, ["rev-parse", "HEAD"], as: fixture.bob) == tip)
    }

    @Test("a file upstream deleted leaves bob's working tree and index with the sync")
    func upstreamDeletion() throws {
        let fixture = try SyncFixture()
        try fixture.team.write("call list\n", to: "calls.txt")
        try fixture.team.git(["add", "calls.txt"])
        try TestKeys.check(try fixture.team.git(["commit", "-q", "-m", "call list"]), "commit")
        try fixture.alicePushes()
        try TestKeys.check(try fixture.git(fixture.bobClone, ["pull", "-q"], as: fixture.bob), "pull")
        try TestKeys.check(try fixture.team.git(["rm", "-q", "calls.txt"]), "git rm")
        try TestKeys.check(try fixture.team.git(["commit", "-q", "-m", "no more calls"]), "commit")
        try fixture.alicePushes()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob"), on: fixture.first)
        #expect(try fixture.handoff(fixture.bob, in: fixture.bobClone).sync().pushed)
        #expect(!FileManager.default.fileExists(atPath: fixture.bobClone + "/calls.txt"))
        #expect(try fixture.gitText(fixture.bobClone, ["status", "--porcelain"], as: fixture.bob).isEmpty)
    }
}
