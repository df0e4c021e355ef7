import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// SSH certificates: alice lists a team CA with `cert-authority` in the policy; a member signs
    /// with a certificate the CA issued. Accepted exactly when `ssh-keygen -Y verify` (what git
    /// runs) accepts it at the commit's time, by the server hook and by verify alike.
    @Suite struct Certificates {
        /// A fixture whose policy trusts a CA (made with ssh-keygen) for `*@example.com`, pushed
        /// and pulled into bob's clone; returns the CA's private key path.
        /// A new, empty folder under the team's root.
        static func folder(_ name: String, in f: AttackFixture) throws -> URL {
            let url = f.team.root.appendingPathComponent("\(name)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        static func fixtureWithCA() throws -> (AttackFixture, ca: String) {
            let f = try AttackFixture()
            let ca = try TestKeys.ed25519(in: try folder("team-ca", in: f), name: "ca", comment: "team CA")
            let signers = try f.team.read(".handoff/allowed_signers")
                + "*@example.com cert-authority,namespaces=\"git\" \(ca.publicKey.stripped)\n"
            _ = try f.handCommit(in: f.team.repository, as: f.alice, message: "Trust the team CA", writing: [".handoff/allowed_signers": signers])
            try TestKeys.check(f.push(["main"], from: f.team.repository, as: f.alice), "alice's push of the CA")
            _ = try f.git(f.bobRepo, ["pull", "-q", "--ff-only"], as: f.bob)
            return (f, ca.privateKeyPath)
        }

        /// A new key for `person`, certified by `ca` for `principal` over `validity` (ssh-keygen -V);
        /// returns the certificate's path, which git and handoff take as user.signingkey.
        static func certificate(from ca: String, for person: TestPerson, principal: String, validity: String, in f: AttackFixture) throws -> String {
            let key = try TestKeys.ed25519(in: try folder("cert", in: f), name: "id_ed25519", comment: person.email)
            try TestKeys.check(TestKeys.run("ssh-keygen", ["-q", "-s", ca, "-I", "\(person.name)-cert", "-n", principal, "-V", validity, key.publicKeyPath],
                                            environment: person.environment), "ssh-keygen -s")
            return key.privateKeyPath + "-cert.pub"
        }

        /// bob's hand edit of his task in his clone, signed by git with `signingKey`.
        static func bobsEdit(_ f: AttackFixture, signingKey: String, text: String) throws -> String {
            let path = URL(fileURLWithPath: f.bobRepo).appendingPathComponent(f.bobsTaskPath)
            let task = try String(contentsOf: path, encoding: .utf8)
            try Data(task.replacingOccurrences(of: "## Handoff log", with: "\(text)\n\n## Handoff log").utf8).write(to: path)
            _ = try f.git(f.bobRepo, ["-c", "user.signingkey=\(signingKey)", "-c", "commit.gpgsign=true", "commit", "-q", "--no-verify", "-am", text], as: f.bob)
            return try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
        }

        /// What `git verify-commit` says of `commit` with the policy's allowed_signers as its one file.
        static func gitVerify(_ commit: String, in f: AttackFixture, repository: String? = nil) throws -> TestKeys.Output {
            let repository = repository ?? f.bobRepo
            let file = f.team.root.appendingPathComponent("allowed-\(UUID().uuidString)")
            try Data(try f.file(".handoff/allowed_signers", at: commit, in: repository).utf8).write(to: file)
            return try AttackFixture.git(repository, ["-c", "gpg.ssh.allowedSignersFile=\(file.path)", "verify-commit", commit], as: f.bob)
        }

        @Test("a member's certificate from a listed CA signs handoffs and hand edits: the server, verify and git verify-commit accept them")
        func certificateAccepted() throws {
            let (f, ca) = try Self.fixtureWithCA()
            let certificate = try Self.certificate(from: ca, for: f.bob, principal: f.bob.email, validity: "-1d:+1d", in: f)
            let edit = try Self.bobsEdit(f, signingKey: certificate, text: "Signed with my certificate.")
            // handoff itself signs with the certificate when git is set up that way.
            _ = try f.git(f.bobRepo, ["config", "user.signingkey", certificate], as: f.bob)
            let doctor = try TestKeys.run(TestTeam.handoffBinary, ["doctor"], environment: f.bob.environment, currentDirectory: URL(fileURLWithPath: f.bobRepo))
            #expect(doctor.stdoutText.contains("trusts a certificate authority"), "doctor does not see the CA for bob:\n\(doctor.stdoutText)")
            try f.handoff(f.bob, in: f.bobRepo).perform(.note(text: "Noted with my certificate."), on: f.bobsTask)
            let note = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let shown = try f.git(f.bobRepo, ["cat-file", "commit", note], as: f.bob)
            #expect(shown.contains("gpgsig -----BEGIN SSH SIGNATURE-----"), "handoff did not sign the note")
            for commit in [edit, note] {
                let git = try Self.gitVerify(commit, in: f)
                #expect(git.status == 0 && git.stderrText.contains("ED25519-CERT"), "git verify-commit \(AttackFixture.short(commit)): \(git.stderrText)")
            }
            let push = try f.push(["main"], from: f.bobRepo, as: f.bob)
            #expect(push.status == 0, "the server refused bob's certificate-signed commits:\n\(push.stderrText)")
            let clone = try f.freshClone(with: f.bobRepo)
            let verify = try f.verify([], in: clone)
            #expect(verify.status == 0, "verify --no-cache refused the certificate-signed history:\n\(verify.stdoutText)\(verify.stderrText)")
            let log = try TestKeys.run(TestTeam.handoffBinary, ["log", f.bobsTask], environment: f.alice.environment, currentDirectory: URL(fileURLWithPath: clone))
            #expect(log.stdoutText.split(separator: "\n").contains { $0.contains("note") && $0.contains("by \(f.bob.email)") && $0.contains("[signature: good]") },
                    "handoff log does not call bob's certificate-signed note good:\n\(log.stdoutText)\(log.stderrText)")
        }

        @Test("an expired certificate (its -V window before the commit's time) is refused by the server and verify, as git refuses it")
        func expiredCertificateRefused() throws {
            let (f, ca) = try Self.fixtureWithCA()
            let certificate = try Self.certificate(from: ca, for: f.bob, principal: f.bob.email, validity: "20200101:20200201", in: f)
            let commit = try Self.bobsEdit(f, signingKey: certificate, text: "Signed with an expired certificate.")
            #expect(try Self.gitVerify(commit, in: f).status != 0, "git verify-commit accepts the expired certificate")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: ["certificate", "signature"])
        }

        @Test("a certificate issued for another principal is refused by the server and verify, as git refuses it")
        func wrongPrincipalRefused() throws {
            let (f, ca) = try Self.fixtureWithCA()
            let certificate = try Self.certificate(from: ca, for: f.bob, principal: "carol@example.com", validity: "-1d:+1d", in: f)
            let commit = try Self.bobsEdit(f, signingKey: certificate, text: "Signed with carol's certificate.")
            // git itself calls it good, but for carol, the certificate's principal: never for bob, who committed.
            let git = try Self.gitVerify(commit, in: f)
            #expect(!git.stderrText.contains("for \(f.bob.email)"), "git verify-commit vouches for bob: \(git.stderrText)")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: ["certificate", "signature"])
        }

        @Test("a valid certificate for someone the CA's line covers but who is not a member is refused")
        func nonMemberCertificateRefused() throws {
            let (f, ca) = try Self.fixtureWithCA()
            let certificate = try Self.certificate(from: ca, for: f.mallory, principal: f.mallory.email, validity: "-1d:+1d", in: f)
            let path = URL(fileURLWithPath: f.malloryRepo).appendingPathComponent(f.alicesTaskPath)
            _ = try f.git(f.malloryRepo, ["pull", "-q", "--ff-only"], as: f.mallory)
            let task = try String(contentsOf: path, encoding: .utf8)
            try Data(task.replacingOccurrences(of: "## Handoff log", with: "mallory was here\n\n## Handoff log").utf8).write(to: path)
            _ = try f.git(f.malloryRepo, ["-c", "user.signingkey=\(certificate)", "-c", "commit.gpgsign=true", "commit", "-q", "--no-verify", "-am", "context"], as: f.mallory)
            let commit = try f.git(f.malloryRepo, ["rev-parse", "HEAD"], as: f.mallory)
            let git = try Self.gitVerify(commit, in: f, repository: f.malloryRepo)
            #expect(git.status == 0, "git verify-commit should call mallory's certificate good (it knows no members): \(git.stderrText)")
            let refusal = try f.expectPushRefused(["main"], from: f.malloryRepo, as: f.mallory, naming: [AttackFixture.short(commit)], rules: ["member", "hand-edit"])
            #expect(refusal.stderrText.contains("not a member of the parent's workflow"), "the refusal does not say mallory is no member:\n\(refusal.stderrText)")
            try f.expectVerifyFails(commit, from: f.malloryRepo)
        }

        @Test("a certificate from a CA the policy does not list is refused")
        func unlistedCARefused() throws {
            let (f, _) = try Self.fixtureWithCA()
            let rogue = try TestKeys.ed25519(in: try Self.folder("rogue-ca", in: f), name: "ca", comment: "rogue CA")
            let certificate = try Self.certificate(from: rogue.privateKeyPath, for: f.bob, principal: f.bob.email, validity: "-1d:+1d", in: f)
            let commit = try Self.bobsEdit(f, signingKey: certificate, text: "Signed by a rogue CA's certificate.")
            #expect(try Self.gitVerify(commit, in: f).status != 0, "git verify-commit accepts a certificate from an unlisted CA")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: ["certificate", "signature"])
        }

        @Test("a certificate under a retired CA line (valid-before) is refused, though git, judging the window by the committer date, accepts it")
        func retiredCARefused() throws {
            let (f, ca) = try Self.fixtureWithCA()
            // alice retires the CA: its line keeps a valid-before, as handoff retires keys.
            let signers = try f.team.read(".handoff/allowed_signers")
                .replacingOccurrences(of: "cert-authority,namespaces=\"git\"", with: "cert-authority,namespaces=\"git\",valid-before=\"20300101\"")
            _ = try f.handCommit(in: f.team.repository, as: f.alice, message: "Retire the team CA", writing: [".handoff/allowed_signers": signers])
            try TestKeys.check(f.push(["main"], from: f.team.repository, as: f.alice), "alice's push of the retirement")
            _ = try f.git(f.bobRepo, ["pull", "-q", "--ff-only"], as: f.bob)
            let certificate = try Self.certificate(from: ca, for: f.bob, principal: f.bob.email, validity: "-1d:+1d", in: f)
            let commit = try Self.bobsEdit(f, signingKey: certificate, text: "Signed under a retired CA.")
            #expect(try Self.gitVerify(commit, in: f).status == 0, "git judges the window by the committer date and accepts it")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: ["certificate", "signature"])
        }
    }
}
