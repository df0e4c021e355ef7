import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// OpenPGP members: alice adds carol with `member add --openpgp-key`, which writes
    /// `.handoff/openpgp/carol@example.com.asc`; carol signs with gpg (gpg.format=openpgp).
    /// Only that file's key, in the parent's policy, makes her signatures good.
    @Suite struct OpenPGP {
        /// carol, her clone of the server, and her key's fingerprint, after alice added her with
        /// the CLI and offered her alice's task.
        struct Carol {
            let person: TestPerson
            let repository: String
            let fingerprint: String
        }

        /// A second GNUPGHOME under carol's HOME with another key for carol's email; returns
        /// (GNUPGHOME, fingerprint, armored public key).
        static func otherKey(for carol: TestPerson) throws -> (home: String, fingerprint: String, armored: String) {
            let home = carol.home.appendingPathComponent("gnupg-other")
            let fingerprint = try TestKeys.gpg(home: home, email: carol.email)
            let export = try TestKeys.run("gpg", ["--armor", "--export", fingerprint], environment: TestKeys.gpgEnvironment(home: home))
            try TestKeys.check(export, "gpg --armor --export")
            return (home.path, fingerprint, export.stdoutText)
        }

        static func addCarol(_ f: AttackFixture) throws -> Carol {
            let carol = try f.team.person("carol")
            let gnupg = carol.home.appendingPathComponent(".gnupg")
            let fingerprint = try TestKeys.gpg(home: gnupg, email: carol.email)
            try TestTeam.writeGitConfig(home: carol.home, name: carol.name, email: carol.email, signingKey: fingerprint, format: "openpgp")
            let export = try TestKeys.run("gpg", ["--armor", "--export", fingerprint], environment: carol.environment)
            try TestKeys.check(export, "gpg --armor --export")
            let keyFile = carol.home.appendingPathComponent("carol.asc")
            try Data(export.stdout).write(to: keyFile)
            let add = try TestKeys.run(TestTeam.handoffBinary, ["member", "add", carol.email, "--openpgp-key", keyFile.path, "--stage", "onboarding"],
                                       environment: f.alice.environment, currentDirectory: URL(fileURLWithPath: f.team.repository))
            try TestKeys.check(add, "handoff member add --openpgp-key")
            #expect(try f.team.read(".handoff/openpgp/carol@example.com.asc") == export.stdoutText, "member add did not store carol's key as given")
            try f.team.handoff(as: f.alice).perform(.offer(to: carol.email, stage: "onboarding", brief: TestBriefs.complete), on: f.alicesTask)
            try TestKeys.check(f.push(["main"], from: f.team.repository, as: f.alice), "alice's push of carol's membership")
            let repository = f.team.root.appendingPathComponent("carol-clone").path
            try TestKeys.check(TestKeys.run("git", ["clone", "-q", f.server, repository], environment: carol.environment), "git clone")
            return Carol(person: carol, repository: repository, fingerprint: fingerprint)
        }

        /// carol's hand edit of alice's task file in her clone, signed by git with gpg and `extra` config.
        static func carolsCommit(_ f: AttackFixture, _ carol: Carol, writing files: [String: String], environment: [String: String] = [:], signingKey: String? = nil) throws -> String {
            for (path, text) in files {
                let url = URL(fileURLWithPath: carol.repository).appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
                _ = try f.git(carol.repository, ["add", path], as: carol.person)
            }
            _ = try f.git(carol.repository, ["-c", "user.signingkey=\(signingKey ?? carol.fingerprint)", "-c", "commit.gpgsign=true",
                                             "commit", "-q", "--no-verify", "-m", "carol's edit"], as: carol.person, environment: environment)
            return try f.git(carol.repository, ["rev-parse", "HEAD"], as: carol.person)
        }

        @Test("an OpenPGP member added by the admin accepts an offer through the server's hook, and verify --no-cache in a fresh clone passes")
        func openPGPMemberHandsOff() throws {
            let f = try AttackFixture()
            let carol = try Self.addCarol(f)
            defer { TestKeys.stopGPGAgent(home: carol.person.home.appendingPathComponent(".gnupg")) }
            let doctor = try TestKeys.run(TestTeam.handoffBinary, ["doctor"], environment: carol.person.environment,
                                          currentDirectory: URL(fileURLWithPath: carol.repository))
            #expect(doctor.stdoutText.contains("holds your OpenPGP key"), "doctor does not find carol's key in the policy:\n\(doctor.stdoutText)")
            try f.handoff(carol.person, in: carol.repository).perform(.accept(readback: "SSO first; chase the SAML metadata."), on: f.alicesTask)
            let accepted = try f.git(carol.repository, ["rev-parse", "HEAD"], as: carol.person)
            #expect(try f.git(carol.repository, ["cat-file", "commit", accepted], as: carol.person).contains("gpgsig -----BEGIN PGP SIGNATURE-----"),
                    "handoff did not sign carol's accept with gpg")
            let git = try AttackFixture.git(carol.repository, ["verify-commit", accepted], as: carol.person)
            #expect(git.status == 0, "git verify-commit with carol's own keyring: \(git.stderrText)")
            let push = try f.push(["main"], from: carol.repository, as: carol.person)
            #expect(push.status == 0, "the server refused carol's OpenPGP-signed accept:\n\(push.stderrText)")
            let clone = try f.freshClone(with: carol.repository)
            let verify = try f.verify([], in: clone)
            #expect(verify.status == 0, "verify --no-cache refused the OpenPGP-signed history:\n\(verify.stdoutText)\(verify.stderrText)")
            let log = try TestKeys.run(TestTeam.handoffBinary, ["log", f.alicesTask], environment: f.alice.environment, currentDirectory: URL(fileURLWithPath: clone))
            #expect(log.stdoutText.split(separator: "\n").contains { $0.contains("accept") && $0.contains("by \(carol.person.email)") && $0.contains("[signature: good]") },
                    "handoff log does not call carol's accept good:\n\(log.stdoutText)\(log.stderrText)")
        }

        @Test("another OpenPGP key for the member's email, not the one in the parent's policy, is refused by the server and verify")
        func otherKeyForSameEmailRefused() throws {
            let f = try AttackFixture()
            let carol = try Self.addCarol(f)
            defer { TestKeys.stopGPGAgent(home: carol.person.home.appendingPathComponent(".gnupg")) }
            let other = try Self.otherKey(for: carol.person)
            defer { TestKeys.stopGPGAgent(home: URL(fileURLWithPath: other.home)) }
            let task = try f.file(f.alicesTaskPath, at: "HEAD", in: carol.repository)
            let edited = task.replacingOccurrences(of: "## Handoff log", with: "Context from carol.\n\n## Handoff log")
            let commit = try Self.carolsCommit(f, carol, writing: [f.alicesTaskPath: edited],
                                               environment: ["GNUPGHOME": other.home], signingKey: other.fingerprint)
            try f.expectAttackRefused(commit, from: carol.repository, as: carol.person, rules: ["openpgp", "signature"])
        }

        @Test("a key put in the policy by the very commit it signs is refused: the parent's policy decides")
        func keyAddedInSameCommitRefused() throws {
            let f = try AttackFixture()
            let carol = try Self.addCarol(f)
            defer { TestKeys.stopGPGAgent(home: carol.person.home.appendingPathComponent(".gnupg")) }
            let other = try Self.otherKey(for: carol.person)
            defer { TestKeys.stopGPGAgent(home: URL(fileURLWithPath: other.home)) }
            let commit = try Self.carolsCommit(f, carol, writing: [".handoff/openpgp/carol@example.com.asc": other.armored],
                                               environment: ["GNUPGHOME": other.home], signingKey: other.fingerprint)
            try f.expectAttackRefused(commit, from: carol.repository, as: carol.person, rules: ["openpgp", "signature", "admin"])
        }

        @Test("the admin may not put anything but EMAIL.asc files in .handoff/openpgp/")
        func strictKeyFileNames() throws {
            let f = try AttackFixture()
            let commit = try f.handCommit(in: f.team.repository, as: f.alice, message: "Notes about keys",
                                          writing: [".handoff/openpgp/notes.txt": "keys live here\n"])
            try f.expectAttackRefused(commit, from: f.team.repository, as: f.alice, rules: ["key file", "path"])
        }
    }
}
