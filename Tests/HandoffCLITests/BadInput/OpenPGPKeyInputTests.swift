import Foundation
import HandoffCore
import TestSupport
import Testing

/// `member add` with OpenPGP keys: exactly one key option, an armored key holding exactly one
/// primary key, and an email that can name its key file; anything else is a usage error and
/// changes nothing.
@Suite struct OpenPGPKeyInputTests {
    /// A GNUPGHOME under the team's root with keys for `emails`, exported armored to one file;
    /// returns the file's path.
    static func exportedKeys(_ emails: [String], in team: TestTeam) throws -> String {
        let home = team.root.appendingPathComponent("gnupg-\(UUID().uuidString.prefix(8))")
        defer { TestKeys.stopGPGAgent(home: home) }
        let fingerprints = try emails.map { email in try TestKeys.gpg(home: home, email: email) }
        let export = try TestKeys.run("gpg", ["--armor", "--export"] + fingerprints, environment: TestKeys.gpgEnvironment(home: home))
        try TestKeys.check(export, "gpg --armor --export")
        let file = team.root.appendingPathComponent("keys-\(UUID().uuidString.prefix(8)).asc")
        try Data(export.stdout).write(to: file)
        return file.path
    }

    @Test("--key and --openpgp-key together, or neither, is a usage error (exit 2)")
    func exactlyOneKeyOption() throws {
        let team = try TestTeam()
        let keys = try Self.exportedKeys(["carol@example.com"], in: team)
        let before = try BadInput.head(of: team)
        let both = handoff(["member", "add", "carol@example.com", "--key", keys, "--openpgp-key", keys], as: team.admin, in: team)
        #expect(both.code == 2, "stdout: \(both.stdout) stderr: \(both.stderr)")
        let neither = handoff(["member", "add", "carol@example.com"], as: team.admin, in: team)
        #expect(neither.code == 2, "stdout: \(neither.stdout) stderr: \(neither.stderr)")
        #expect(try BadInput.head(of: team) == before, "a refused member add made a commit")
    }

    @Test("an armored file with two keys is refused naming the file; one key given with --key is stored as .handoff/openpgp/EMAIL.asc")
    func oneKeyPerFile() throws {
        let team = try TestTeam()
        let two = try Self.exportedKeys(["carol@example.com", "dave@example.com"], in: team)
        let before = try BadInput.head(of: team)
        let refused = handoff(["member", "add", "carol@example.com", "--openpgp-key", two], as: team.admin, in: team)
        #expect(refused.code == 2 && refused.stderr.contains(two) && refused.stderr.contains("2 OpenPGP keys"), "stdout: \(refused.stdout) stderr: \(refused.stderr)")
        #expect(try BadInput.head(of: team) == before, "a refused member add made a commit")
        let one = try Self.exportedKeys(["carol@example.com"], in: team)
        let added = handoff(["member", "add", "carol@example.com", "--key", one, "--stage", "sales"], as: team.admin, in: team)
        #expect(added.code == 0, "stdout: \(added.stdout) stderr: \(added.stderr)")
        #expect(try team.read(".handoff/openpgp/carol@example.com.asc") == (try String(contentsOfFile: one, encoding: .utf8)))
        let verify = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verify.code == 0, "stdout: \(verify.stdout) stderr: \(verify.stderr)")
    }

    @Test("an email that cannot name a key file (a slash in it) is a usage error")
    func emailThatCannotNameAFile() throws {
        let team = try TestTeam()
        let keys = try Self.exportedKeys(["carol@example.com"], in: team)
        let refused = handoff(["member", "add", "ca/rol@example.com", "--openpgp-key", keys], as: team.admin, in: team)
        #expect(refused.code == 2 && refused.stderr.contains("key file"), "stdout: \(refused.stdout) stderr: \(refused.stderr)")
    }
}
