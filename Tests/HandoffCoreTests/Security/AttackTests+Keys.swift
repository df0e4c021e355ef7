import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Key rotation and retirement: a retired key keeps its old commits Good in plain git and
    /// signs nothing new, whatever date a commit claims; a member may rotate only their own key.
    @Suite struct Keys {
        /// git's verdict (`%G?`) on `commit` and its `--show-signature` text, reading
        /// `repository`'s current `.handoff/allowed_signers` for all history, as git does.
        static func gitVerdict(_ commit: String, in repository: String, f: AttackFixture) throws -> (status: String, shown: String) {
            let signers = "gpg.ssh.allowedSignersFile=\(repository)/.handoff/allowed_signers"
            let status = try f.git(repository, ["-c", signers, "log", "-1", "--format=%G?", commit], as: f.alice)
            let shown = try f.git(repository, ["-c", signers, "log", "-1", "--show-signature", "--format=%H", commit], as: f.alice)
            return (status, shown)
        }

        /// bob's accept of his task: an old, honest commit signed with his first key.
        static func bobsAccept(_ f: AttackFixture) throws -> String {
            try f.git(f.team.repository, ["log", "-1", "--format=%H", "--author=bob@example.com", f.base], as: f.alice)
        }

        /// A body edit of bob's task on top of `parent` (which `repository` has), signed with
        /// `key` under bob's name and committed at `time` (before any retirement: backdated).
        static func bobEdit(on parent: String, key: TestSSHKey, in repository: String, f: AttackFixture, time: Int = 1_764_000_000) throws -> String {
            let text = try f.file(f.bobsTaskPath, at: parent, in: repository)
                .replacingOccurrences(of: "## Handoff log\n", with: "Context from bob, after the retirement.\n\n## Handoff log\n")
            let tree = try f.tree(parent, editing: [.put(f.bobsTaskPath, text)], in: repository)
            let identity = AttackFixture.identity(f.bob, time: time)
            return try f.signedCommit(headers: AttackFixture.headers(tree: tree, parents: [parent], author: identity, committer: identity),
                                      message: "Context for the kick-off\n", key: key, in: repository)
        }

        @Test("member remove retires bob's key: git still says Good for his old commits; a backdated commit signed with it is refused by the server and by verify")
        func removedKeyIsRetired() throws {
            let f = try AttackFixture()
            let accept = try Self.bobsAccept(f)
            try f.team.handoff(as: f.alice).removeMember(email: f.bob.email)
            let signers = try f.team.read(".handoff/allowed_signers")
            #expect(signers.contains("bob@example.com namespaces=\"git\",valid-before=\""), "\(signers)")
            let verdict = try Self.gitVerdict(accept, in: f.team.repository, f: f)
            #expect(verdict.status == "G", "git no longer calls bob's old accept Good:\n\(verdict.shown)")
            #expect(verdict.shown.contains("Good \"git\" signature for bob@example.com"), "\(verdict.shown)")
            try TestKeys.check(f.team.git(["push", "-q", "origin", "main"]), "alice's push of the removal")

            _ = try f.git(f.bobRepo, ["fetch", "-q", "origin"], as: f.bob)
            let removal = try f.git(f.bobRepo, ["rev-parse", "origin/main"], as: f.bob)
            let backdated = try Self.bobEdit(on: removal, key: f.bob.key, in: f.bobRepo, f: f)
            let refused = try f.expectPushRefused(["\(backdated):refs/heads/main"], from: f.bobRepo, as: f.bob,
                                                  naming: [AttackFixture.short(backdated)], rules: ["retired"])
            #expect(refused.stderrText.contains("trust root \(f.root)") && refused.stderrText.contains("(recorded in this repository's handoff/trust-root)"),
                    "the refusal does not name the trust root:\n\(refused.stderrText)")
            try f.expectVerifyFails(backdated, from: f.bobRepo)
        }

        @Test("an admin rotates bob's key: old commits stay Good in git, the old key is refused even backdated, the new key lands")
        func adminRotation() throws {
            let f = try AttackFixture()
            let accept = try Self.bobsAccept(f)
            let newKey = try TestKeys.ed25519(in: f.bob.home, name: "id_ed25519_new", comment: f.bob.email)
            try f.team.handoff(as: f.alice).rotateKey(email: f.bob.email, keyFile: newKey.publicKeyPath)
            #expect(try f.team.gitText(["log", "-1", "--format=%(trailers:key=Handoff-Action,valueonly)"]).stripped == "member-key")
            let verdict = try Self.gitVerdict(accept, in: f.team.repository, f: f)
            #expect(verdict.status == "G", "git no longer calls bob's old accept Good:\n\(verdict.shown)")
            try TestKeys.check(f.team.git(["push", "-q", "origin", "main"]), "alice's push of the rotation")

            _ = try f.git(f.bobRepo, ["fetch", "-q", "origin"], as: f.bob)
            let rotation = try f.git(f.bobRepo, ["rev-parse", "origin/main"], as: f.bob)
            let oldKeyCommit = try Self.bobEdit(on: rotation, key: f.bob.key, in: f.bobRepo, f: f)
            try f.expectAttackRefused(oldKeyCommit, from: f.bobRepo, as: f.bob, rules: ["retired"])

            // Dated before the rotation too: the new line has no valid-after, so git says Good.
            let newKeyCommit = try Self.bobEdit(on: rotation, key: newKey, in: f.bobRepo, f: f)
            let push = try f.push(["\(newKeyCommit):refs/heads/main"], from: f.bobRepo, as: f.bob)
            #expect(push.status == 0, "bob's commit with his new key was refused:\n\(push.stderrText)")
            let clone = try f.freshClone(with: f.bobRepo)
            let verify = try f.verify([], in: clone)
            #expect(verify.status == 0, "verify after the rotation:\n\(verify.stdoutText)\(verify.stderrText)")
            #expect(try Self.gitVerdict(newKeyCommit, in: clone, f: f).status == "G")
        }

        @Test("bob rotates his own key with his current key: the server and verify accept it; his old key then signs nothing")
        func ownRotation() throws {
            let f = try AttackFixture()
            let accept = try Self.bobsAccept(f)
            let newKey = try TestKeys.ed25519(in: f.bob.home, name: "id_ed25519_new", comment: f.bob.email)
            try f.handoff(f.bob, in: f.bobRepo).rotateKey(email: f.bob.email, keyFile: newKey.publicKeyPath)
            let push = try f.push(["main"], from: f.bobRepo, as: f.bob)
            #expect(push.status == 0, "bob's own rotation was refused:\n\(push.stderrText)")
            #expect(push.stderrText.contains("trust root \(f.root)"), "the hook does not name the trust root:\n\(push.stderrText)")
            let clone = try f.freshClone(with: f.bobRepo)
            let verify = try f.verify([], in: clone)
            #expect(verify.status == 0, "verify after bob's own rotation:\n\(verify.stdoutText)\(verify.stderrText)")
            let verdict = try Self.gitVerdict(accept, in: clone, f: f)
            #expect(verdict.status == "G", "git no longer calls bob's old accept Good:\n\(verdict.shown)")
            let rotation = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            #expect(try Self.gitVerdict(rotation, in: clone, f: f).status == "G", "git should call the rotation itself Good (signed with the key it retires, at its valid-before)")

            let oldKeyCommit = try Self.bobEdit(on: rotation, key: f.bob.key, in: f.bobRepo, f: f)
            try f.expectAttackRefused(oldKeyCommit, from: f.bobRepo, as: f.bob, rules: ["retired"])
        }

        @Test("a member may not rotate someone else's key, add a stage to themself, or slip another line into their own rotation")
        func ownRotationOnly() throws {
            let f = try AttackFixture()
            let bob = f.handoff(f.bob, in: f.bobRepo)
            let newKey = try TestKeys.ed25519(in: f.bob.home, name: "id_ed25519_new", comment: f.bob.email)
            #expect(throws: HandoffError.self) { try bob.rotateKey(email: f.alice.email, keyFile: newKey.publicKeyPath) }

            let signers = try f.file(".handoff/allowed_signers", at: f.base, in: f.bobRepo)
            let time = 1_764_000_000
            let stamp = "20251124160000Z"  // `time` in UTC
            func retired(_ text: String, _ email: String) -> String {
                text.replacingOccurrences(of: "\(email) namespaces=\"git\" ", with: "\(email) namespaces=\"git\",valid-before=\"\(stamp)\" ")
            }
            let aliceRotated = retired(signers, f.alice.email) + "alice@example.com namespaces=\"git\" \(newKey.publicKey)\n"
            let ownPlusMallory = retired(signers, f.bob.email) + "bob@example.com namespaces=\"git\" \(newKey.publicKey)\n"
                + "mallory@example.com namespaces=\"git\" \(f.mallory.key.publicKey)\n"
            let config = try f.file(".handoff/config.yml", at: f.base, in: f.bobRepo)
            let moreStages = config.replacingOccurrences(of: "bob@example.com: {stages: [onboarding]", with: "bob@example.com: {stages: [onboarding, sales]")
            #expect(moreStages != config, "the config has no entry for bob to change:\n\(config)")
            // Rotating alice's key, slipping mallory's key into bob's own rotation, giving bob a stage.
            for (path, text) in [(".handoff/allowed_signers", aliceRotated), (".handoff/allowed_signers", ownPlusMallory),
                                 (".handoff/config.yml", moreStages)] {
                let tree = try f.tree(f.base, editing: [.put(path, text)], in: f.bobRepo)
                let identity = AttackFixture.identity(f.bob, time: time)
                let commit = try f.bobCommit(tree: tree, headers: AttackFixture.headers(tree: tree, parents: [f.base], author: identity, committer: identity))
                try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: ["admin"])
            }
            // The same shape as bob's own rotation, which is accepted: the control.
            // The key as handoff writes it: type and base64, no comment.
            let newKeyText = newKey.publicKey.split(separator: " ").prefix(2).joined(separator: " ")
            let own = retired(signers, f.bob.email) + "bob@example.com namespaces=\"git\" \(newKeyText)\n"
            let tree = try f.tree(f.base, editing: [.put(".handoff/allowed_signers", own)], in: f.bobRepo)
            let control = try f.bobCommit(tree: tree)
            let push = try f.push(["\(control):refs/heads/main"], from: f.bobRepo, as: f.bob)
            #expect(push.status == 0, "bob's hand-made own rotation was refused:\n\(push.stderrText)")
        }
    }
}
