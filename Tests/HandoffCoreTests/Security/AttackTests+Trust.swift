import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 8 (trust root and what a refused push leaves behind), the fsckObjects control, and the
    /// legitimate lifecycle that every fix must still accept.
    @Suite struct Trust {
        @Test("a first push to an empty server cannot choose the trust root when hooks install --server was given --trust-root")
        func pinnedTrustRootOnEmptyServer() throws {
            let f = try AttackFixture(pushMain: false, installArguments: nil)
            let install = try f.installHook(["--trust-root", f.root])
            #expect(install.status == 0, "hooks install --server --trust-root failed: \(install.stderrText)")
            if install.status != 0 {
                // Still exercise today's hook, so the table says what the push does.
                try TestKeys.check(f.installHook(), "handoff hooks install --server")
            }
            // mallory's own repository: her own `handoff init`, her own key as admin.
            let evil = try TestTeam(admin: "mallory")
            try evil.git(["remote", "add", "origin", f.server])
            let evilRoot = try evil.gitText(["rev-parse", "HEAD"]).stripped
            try f.expectPushRefused(["main"], from: evil.repository, as: evil.admin, naming: [AttackFixture.short(evilRoot), "refs/heads/main"],
                                    rules: ["trust", "root", "descend"])
            #expect(!(f.serverHandoffFiles()["trust-root"].map { String(decoding: $0, as: UTF8.self).contains(evilRoot) } ?? false),
                    "the server recorded mallory's commit as its trust root")
            let honest = try f.team.git(["push", "-q", "origin", "main"])
            #expect(honest.status == 0, "alice's history should land after mallory's refused push: \(honest.stderrText)")
        }

        @Test("hooks install --server on a repository with history pins that history's root: an unrelated history with its own .handoff is refused")
        func installOnServerWithHistory() throws {
            let f = try AttackFixture(pushMain: true, installArguments: nil)
            try TestKeys.check(f.installHook(), "handoff hooks install --server")
            let evil = try TestTeam(admin: "mallory")
            try evil.git(["remote", "add", "origin", f.server])
            let evilRoot = try evil.gitText(["rev-parse", "HEAD"]).stripped
            try f.expectPushRefused(["main:refs/heads/evil"], from: evil.repository, as: evil.admin,
                                    naming: [AttackFixture.short(evilRoot), "refs/heads/evil"], rules: ["trust", "root", "descend", "policy"])
            if let recorded = f.serverHandoffFiles()["trust-root"] {
                #expect(String(decoding: recorded, as: UTF8.self).contains(f.root), "the server's trust root is not alice's init commit")
            }
            // The same history given to verify in a fresh clone with alice's root pinned.
            try f.expectVerifyFails(evilRoot, from: evil.repository, arguments: ["--trust-root", f.root])
        }

        @Test("a clone records the trust root of its first clean verify: a history replaced from its first commit on is a violation, not a new root")
        func cloneNoticesReplacedHistory() throws {
            let f = try AttackFixture()
            let first = try TestKeys.run(TestTeam.handoffBinary, ["verify"], environment: f.bob.environment, currentDirectory: URL(fileURLWithPath: f.bobRepo))
            #expect(first.status == 0 && first.stdoutText.contains("trust root \(f.root)"), "\(first.stdoutText)\(first.stderrText)")
            // mallory serves bob a whole new history with its own .handoff (another server, a
            // hijacked remote); bob's clone takes it as git would.
            let evil = try TestTeam(admin: "mallory")
            _ = try f.git(f.bobRepo, ["fetch", "-q", evil.repository, "main:refs/remotes/evil/main"], as: f.bob)
            _ = try f.git(f.bobRepo, ["reset", "-q", "--hard", "refs/remotes/evil/main"], as: f.bob)
            let replaced = try TestKeys.run(TestTeam.handoffBinary, ["verify"], environment: f.bob.environment, currentDirectory: URL(fileURLWithPath: f.bobRepo))
            #expect(replaced.status == 1, "\(replaced.stdoutText)\(replaced.stderrText)")
            #expect(replaced.stdoutText.contains("recorded trust root \(AttackFixture.short(f.root))") && replaced.stdoutText.contains("the history was replaced"),
                    "\(replaced.stdoutText)")
        }

        @Test("a refused push writes nothing to the server: no refs, no handoff/ files (trust root, verified cache)")
        func refusedPushWritesNothing() throws {
            let f = try AttackFixture()
            // A good, signed note first, then an unsigned hand edit on top: one push, refused.
            try f.team.handoff(as: f.alice).perform(.note(text: "Good note."), on: f.alicesTask)
            let good = try f.team.gitText(["rev-parse", "HEAD"]).stripped
            try f.team.write(try f.team.read(f.alicesTaskPath) + "\nunsigned context\n", to: f.alicesTaskPath)
            try TestKeys.check(f.team.git(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-am", "context"]), "git commit")
            let bad = try f.team.gitText(["rev-parse", "HEAD"]).stripped
            let files = f.serverHandoffFiles()
            try f.expectPushRefused(["main"], from: f.team.repository, as: f.alice, naming: [AttackFixture.short(bad)],
                                    rules: AttackFixture.headerRules)
            let after = f.serverHandoffFiles()
            #expect(after == files, "the refused push changed the server's handoff/ files: \(Set(after.keys).symmetricDifference(files.keys).sorted()), \(after.keys.filter { after[$0] != files[$0] }.sorted()) (good commit \(AttackFixture.short(good)))")
        }

        @Test("with receive.fsckObjects=true the two-tree commit is still refused with handoff's own message")
        func fsckOnTwoTrees() throws {
            let f = try AttackFixture(fsckObjects: true)
            let forged = try f.forgedTree(in: f.malloryRepo)
            let identity = "M <m@x> 1764000000 +0000"
            let commit = try f.commit(headers: [
                "tree \(forged)", "parent \(f.base)", "author \(identity)", "committer \(identity)",
                "tree \(try f.tree(of: f.base, in: f.malloryRepo))",
            ], message: "x\n", in: f.malloryRepo)
            let output = try f.expectPushRefused(["\(commit):refs/heads/main"], from: f.malloryRepo, as: f.mallory,
                                                 naming: [AttackFixture.short(commit)], rules: AttackFixture.headerRules)
            #expect(output.stderrText.contains("handoff"), "refused by git's fsck alone, not by handoff:\n\(output.stderrText)")
        }

        @Test("with receive.fsckObjects=true the orphan-policy merge is still refused with handoff's own message")
        func fsckOnOrphanMerge() throws {
            let f = try AttackFixture(fsckObjects: true)
            let signers = try f.forgedSigners(in: f.bobRepo)
            let blob = try f.blob(signers, in: f.bobRepo)
            let folder = try f.git(f.bobRepo, ["mktree"], stdin: Array("100644 blob \(blob)\tallowed_signers\n".utf8))
            let orphanTree = try f.git(f.bobRepo, ["mktree"], stdin: Array("040000 tree \(folder)\t.handoff\n".utf8))
            let orphan = try f.bobCommit(tree: orphanTree, parents: [], message: "keys\n")
            let merge = try f.bobCommit(tree: try f.tree(f.base, editing: [.put(".handoff/allowed_signers", signers)], in: f.bobRepo),
                                        parents: [f.base, orphan], message: "Merge keys\n")
            try f.expectPushRefused(["\(merge):refs/heads/main"], from: f.bobRepo, as: f.bob, naming: [merge, orphan].map(AttackFixture.short),
                                    rules: AttackFixture.mergeRules)
        }

        @Test("with receive.fsckObjects=true a duplicate-entry tree is refused (git's fsck may refuse it before handoff runs)")
        func fsckOnDuplicateTree() throws {
            let f = try AttackFixture(fsckObjects: true)
            var entries = try f.entries(f.base, in: f.bobRepo)
            let tasks = entries.first { $0.name == "tasks" }!
            entries.insert(tasks, at: entries.firstIndex { $0.name == "tasks" }!)
            let commit = try f.bobCommit(tree: try f.rawTree(entries, in: f.bobRepo))
            let before = try f.serverRefs()
            let output = try f.push(["\(commit):refs/heads/main"], from: f.bobRepo, as: f.bob)
            #expect(output.status != 0, "accepted:\n\(output.stderrText)")
            #expect(try f.serverRefs() == before)
        }

        @Test("the legitimate lifecycle still lands: new, offer, accept, note, member add, a signed body edit, a git pull merge of concurrent notes")
        func legitimateLifecycle() throws {
            let f = try AttackFixture()
            let alice = f.team.handoff(as: f.alice)
            let carol = try f.team.person("carol")
            try alice.addMember(email: carol.email, keyFile: carol.key.publicKeyPath, stages: ["support"], admin: false)
            let third = try alice.newTask(NewTaskRequest(title: "Upsell Initech", stage: "sales")).task.id
            try alice.perform(.offer(to: f.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: f.alicesTask)
            try alice.perform(.note(text: "Initech asked for a quote."), on: third)
            let first = try f.team.git(["push", "-q", "origin", "main"])
            #expect(first.status == 0, "alice's push: \(first.stderrText)")

            _ = try f.git(f.bobRepo, ["pull", "-q", "--ff-only", "origin", "main"], as: f.bob)
            let bob = f.handoff(f.bob, in: f.bobRepo)
            try bob.perform(.accept(readback: "Renewal by March; legal has the draft."), on: f.alicesTask)
            _ = try f.handCommit(in: f.bobRepo, as: f.bob, message: "Kick-off agenda",
                                 writing: [f.bobsTaskPath: try f.file(f.bobsTaskPath, at: "HEAD", in: f.bobRepo)
                                     .replacingOccurrences(of: "## Handoff log\n", with: "Agenda: SSO, data import.\n\n## Handoff log\n")])
            let second = try f.push(["main"], from: f.bobRepo, as: f.bob)
            #expect(second.status == 0, "bob's push: \(second.stderrText)")

            // Concurrent notes on one task: bob pushes first, alice merges with git pull.
            try TestKeys.check(f.team.git(["pull", "-q", "--ff-only", "origin", "main"]), "alice's pull")
            try alice.perform(.note(text: "Alice: customer called."), on: f.bobsTask)
            try bob.perform(.note(text: "Bob: SSO metadata received."), on: f.bobsTask)
            let third2 = try f.push(["main"], from: f.bobRepo, as: f.bob)
            #expect(third2.status == 0, "bob's note push: \(third2.stderrText)")
            let pull = try f.team.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"])
            #expect(pull.status == 0, "git pull merge: \(pull.stderrText)\(pull.stdoutText)")
            #expect(try f.team.gitText(["rev-list", "--count", "--merges", "HEAD"]).stripped == "1", "the pull should make a merge commit")
            let merged = try f.team.read(f.bobsTaskPath)
            #expect(merged.contains("Alice: customer called.") && merged.contains("Bob: SSO metadata received."))
            let last = try f.team.git(["push", "-q", "origin", "main"])
            #expect(last.status == 0, "alice's merge push: \(last.stderrText)")

            let clone = try f.freshClone(with: f.team.repository)
            let verify = try f.verify([], in: clone)
            #expect(verify.status == 0, "verify in a fresh clone: \(verify.stdoutText)\(verify.stderrText)")
            #expect(try f.serverRefs().contains(try f.team.gitText(["rev-parse", "HEAD"]).stripped), "the server's main is alice's merge")
        }
    }
}
