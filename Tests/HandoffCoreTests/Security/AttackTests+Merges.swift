import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 5: merges that bring in state no rule judged. bob (member, not admin) signs each merge
    /// with his own, listed key; what he merges in comes from commits outside the trusted history.
    @Suite struct Merges {
        @Test("bob replaces .handoff/allowed_signers through a merge with an orphan commit that has no config.yml")
        func orphanPolicyMerge() throws {
            let f = try AttackFixture()
            let signers = try f.forgedSigners(in: f.bobRepo)
            let orphanTree = try f.git(f.bobRepo, ["mktree"], stdin: Array("040000 tree \(try policyFolder(f, signers: signers))\t.handoff\n".utf8))
            let orphan = try f.bobCommit(tree: orphanTree, parents: [], message: "keys\n")
            let mergedTree = try f.tree(f.base, editing: [.put(".handoff/allowed_signers", signers)], in: f.bobRepo)
            let merge = try f.bobCommit(tree: mergedTree, parents: [f.base, orphan], message: "Merge keys\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules, naming: [merge, orphan])
            // The key really is in main's policy as git would check out the merge.
            #expect(try f.file(".handoff/allowed_signers", at: merge, in: f.bobRepo).contains(f.mallory.key.publicKey))
        }

        /// A `.handoff` folder holding only `allowed_signers` with `signers`.
        private func policyFolder(_ f: AttackFixture, signers: String) throws -> String {
            let blob = try f.blob(signers, in: f.bobRepo)
            return try f.git(f.bobRepo, ["mktree"], stdin: Array("100644 blob \(blob)\tallowed_signers\n".utf8))
        }

        @Test("a merge with an unrelated parent that carries its own .handoff/ (a whole tree), bringing a task nobody created")
        func unrelatedParentMerge() throws {
            let f = try AttackFixture()
            let month = (f.alicesTaskPath as NSString).deletingLastPathComponent
            let fakeID = "HO-ZZZZZ"
            let fake = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: f.alicesTask, with: fakeID)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
            let path = "\(month)/\(fakeID).md"
            let orphanTree = try f.tree(f.base, editing: [.put(path, fake)], in: f.bobRepo)
            // The orphan carries a whole tree but no history: it descends from nothing.
            let orphan = try f.commit(headers: AttackFixture.headers(tree: orphanTree, parents: [], author: AttackFixture.identity(f.mallory),
                                                                     committer: AttackFixture.identity(f.mallory)), message: "import\n", in: f.bobRepo)
            let merge = try f.bobCommit(tree: orphanTree, parents: [f.base, orphan], message: "Merge import\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules + ["hand-edit", "signature", "unsigned"], naming: [merge, orphan])
        }

        @Test("a merge with a parent that does not descend from the trust root (only tasks/, no policy), bringing a task nobody created")
        func unrelatedTasksOnlyParentMerge() throws {
            let f = try AttackFixture()
            let month = (f.alicesTaskPath as NSString).deletingLastPathComponent
            let fakeID = "HO-ZZZZZ"
            let fake = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: f.alicesTask, with: fakeID)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
            let path = "\(month)/\(fakeID).md"
            let merged = try f.tree(f.base, editing: [.put(path, fake)], in: f.bobRepo)
            let orphan = try f.commit(headers: AttackFixture.headers(tree: try tasksOnly(f, merged), parents: [], author: AttackFixture.identity(f.mallory),
                                                                     committer: AttackFixture.identity(f.mallory)), message: "import\n", in: f.bobRepo)
            let merge = try f.bobCommit(tree: merged, parents: [f.base, orphan], message: "Merge import\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules + ["hand-edit", "signature", "unsigned"], naming: [merge, orphan])
        }

        /// A root tree holding only `tree`'s `tasks` folder: no policy, so nothing judges it as a root.
        private func tasksOnly(_ f: AttackFixture, _ tree: String) throws -> String {
            try f.git(f.bobRepo, ["mktree"], stdin: Array("040000 tree \(try f.git(f.bobRepo, ["rev-parse", "\(tree):tasks"]))\ttasks\n".utf8))
        }

        @Test("a merge by a non-admin that brings back an old policy (a removed member's key) from an ancestor")
        func policyRollbackMerge() throws {
            let f = try AttackFixture(pushMain: true)
            // alice adds eve, then removes her (say eve's key leaked); both pushed.
            let eve = try f.team.person("eve")
            let admin = f.team.handoff(as: f.alice)
            try admin.addMember(email: eve.email, keyFile: eve.key.publicKeyPath, stages: ["sales"], admin: false)
            let withEve = try f.team.gitText(["rev-parse", "HEAD"]).stripped
            let removal = try TestKeys.run(TestTeam.handoffBinary, ["member", "remove", eve.email], environment: f.alice.environment,
                                           currentDirectory: URL(fileURLWithPath: f.team.repository))
            try TestKeys.check(removal, "handoff member remove")
            try TestKeys.check(f.team.git(["push", "-q", "origin", "main"]), "alice's push")
            _ = try f.git(f.bobRepo, ["pull", "-q", "--ff-only", "origin", "main"], as: f.bob)
            let main = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let rolledBack = try f.tree(main, editing: [
                .put(".handoff/allowed_signers", try f.file(".handoff/allowed_signers", at: withEve, in: f.bobRepo)),
                .put(".handoff/config.yml", try f.file(".handoff/config.yml", at: withEve, in: f.bobRepo)),
            ], in: f.bobRepo)
            let merge = try f.bobCommit(tree: rolledBack, parents: [main, withEve], message: "Merge old policy\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules + ["admin"])
        }

        @Test("an octopus merge: main, bob's real note, and a policy-less orphan (only tasks/) that gives alice's task to bob")
        func octopusMerge() throws {
            let f = try AttackFixture()
            try f.handoff(f.bob, in: f.bobRepo).perform(.note(text: "Kick-off moved to Monday."), on: f.bobsTask)
            let note = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let forgedText = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
            let orphanTree = try f.tree(f.base, editing: [.put(f.alicesTaskPath, forgedText)], in: f.bobRepo)
            let orphan = try f.commit(headers: AttackFixture.headers(tree: try tasksOnly(f, orphanTree), parents: [], author: AttackFixture.identity(f.bob),
                                                                     committer: AttackFixture.identity(f.bob)), message: "x\n", in: f.bobRepo)
            let mergedTree = try f.tree(note, editing: [.put(f.alicesTaskPath, forgedText)], in: f.bobRepo)
            let merge = try f.bobCommit(tree: mergedTree, parents: [f.base, note, orphan], message: "Merge everything\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules + ["hand-edit"], naming: [merge, orphan])
        }

        @Test("a merge whose second parent is an unsigned commit changing owner by hand, merged by bob")
        func mergeOfUnverifiedSide() throws {
            let f = try AttackFixture()
            let forgedText = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
            let sideTree = try f.tree(f.base, editing: [.put(f.alicesTaskPath, forgedText)], in: f.bobRepo)
            let side = try f.commit(headers: AttackFixture.headers(tree: sideTree, parents: [f.base], author: AttackFixture.identity(f.bob),
                                                                   committer: AttackFixture.identity(f.bob)), message: "mine now\n", in: f.bobRepo)
            let merge = try f.bobCommit(tree: sideTree, parents: [f.base, side], message: "Merge\n")
            try f.expectAttackRefused(merge, from: f.bobRepo, as: f.bob, rules: AttackFixture.mergeRules + ["hand-edit", "signature", "unsigned"], naming: [merge, side])
        }
    }
}
