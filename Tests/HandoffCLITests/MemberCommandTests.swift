import Foundation
import HandoffCore
import TestSupport
import Testing

/// `member edit`, `member key`, `member add` of an existing member, and where handoff names the
/// trust root it judged by: through the CLI, with real git and real keys.
@Suite struct MemberCommandTests {
    @Test("member edit changes only the member's own line of config.yml: every other byte, comment and the order stay")
    func editInPlace() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let carol = try team.person("carol", stages: ["support"])
        // A comment of the team's own between the members, which must survive.
        let config = try team.read(".handoff/config.yml")
        let commented = config.replacingOccurrences(of: "  \(carol.email):", with: "  # carol joins in March\n  \(carol.email):")
        #expect(commented != config)
        try team.write(commented, to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Note carol's start"]), "git commit")
        let before = try team.read(".handoff/config.yml")

        let result = handoff(["member", "edit", bob.email, "--add-stage", "sales", "--name", "Bob Builder"], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Edited bob@example.com in commit "))
        let after = try team.read(".handoff/config.yml")
        let (old, new) = (before.split(separator: "\n", omittingEmptySubsequences: false), after.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(old.count == new.count)
        let changed = zip(old, new).filter { $0.0 != $0.1 }
        #expect(changed.count == 1, "\(changed)")
        #expect(changed.first?.1 == "  bob@example.com: {name: Bob Builder, stages: [onboarding, sales], admin: false}", "\(changed)")
        #expect(try team.gitText(["log", "-1", "--format=%(trailers:key=Handoff-Action,valueonly)"]).trimmingCharacters(in: .whitespacesAndNewlines) == "member-edit")
        #expect(try team.gitText(["diff", "--name-only", "HEAD~1", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines) == ".handoff/config.yml")

        // bob now works in sales: an offer into sales reaches him.
        let id = try CLI.newTask("Renew Globex", in: team)
        let offer = handoff(["offer", id, "--to", bob.email, "--stage", "sales", "-m", CLI.brief], as: team.admin, in: team)
        #expect(offer.code == 0, "\(offer.stderr)")
        let removed = handoff(["member", "edit", bob.email, "--remove-stage", "onboarding"], as: team.admin, in: team)
        try CLI.expectCommitted(removed, in: team)
        #expect(try team.read(".handoff/config.yml").contains("  bob@example.com: {name: Bob Builder, stages: [sales], admin: false}"))
        let verify = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verify.code == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("member edit refuses what it cannot do: the last admin's flag, a non-admin, a stage the workflow lacks, nothing to change")
    func editRefusals() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let before = try team.commits()
        try CLI.expectRefused(handoff(["member", "edit", team.admin.email, "--no-admin"], as: team.admin, in: team),
                              containing: "is the last admin", in: team, commitsBefore: before)
        try CLI.expectRefused(handoff(["member", "edit", bob.email, "--add-stage", "sales"], as: bob, in: team),
                              containing: "only an admin can change members", in: team, commitsBefore: before)
        try CLI.expectRefused(handoff(["member", "edit", bob.email, "--add-stage", "billing"], as: team.admin, in: team), code: 2,
                              containing: "stage 'billing' is not in the workflow", in: team, commitsBefore: before)
        try CLI.expectRefused(handoff(["member", "edit", bob.email, "--add-stage", "onboarding"], as: team.admin, in: team), code: 2,
                              containing: "nothing to change", in: team, commitsBefore: before)
        // With a second admin, the first may give the flag away.
        try CLI.expectCommitted(handoff(["member", "edit", bob.email, "--admin"], as: team.admin, in: team), in: team)
        try CLI.expectCommitted(handoff(["member", "edit", team.admin.email, "--no-admin"], as: team.admin, in: team), in: team)
        #expect(try team.read(".handoff/config.yml").contains("  bob@example.com: {stages: [onboarding], admin: true}"))
    }

    @Test("member add of an existing member says so and names member edit and member key; it never says Added")
    func addExisting() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let before = try team.commits()
        let result = handoff(["member", "add", bob.email, "--key", bob.key.publicKeyPath, "--stage", "sales"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "is already a member", in: team, commitsBefore: before)
        #expect(result.stderr.contains("handoff member edit bob@example.com") && result.stderr.contains("handoff member key bob@example.com"), "\(result.stderr)")

        // Removed and added again: not with his retired key, with a new one; the retired line stays.
        try CLI.expectCommitted(handoff(["member", "remove", bob.email], as: team.admin, in: team), in: team)
        let removed = try team.commits()
        try CLI.expectRefused(handoff(["member", "add", bob.email, "--key", bob.key.publicKeyPath], as: team.admin, in: team),
                              containing: "a retired key never comes back", in: team, commitsBefore: removed)
        let newKey = try TestKeys.ed25519(in: bob.home, name: "id_ed25519_new", comment: bob.email)
        let again = handoff(["member", "add", bob.email, "--key", newKey.publicKeyPath, "--stage", "support"], as: team.admin, in: team)
        try CLI.expectCommitted(again, in: team)
        #expect(again.stdout.hasPrefix("Added bob@example.com in commit "))
        let lines = try team.read(".handoff/allowed_signers").split(separator: "\n").filter { $0.hasPrefix(bob.email + " ") }
        #expect(lines.count == 2 && lines[0].contains("valid-before=") && !lines[1].contains("valid-before="), "\(lines)")
    }

    @Test("member key by the member: the old line retired at the commit's time, the new one added; git verify-commit accepts it")
    func ownKeyCommand() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let newKey = try TestKeys.ed25519(in: bob.home, name: "id_ed25519_new", comment: bob.email)
        let result = handoff(["member", "key", bob.email, "--key", newKey.publicKeyPath], as: bob, in: team)
        try CLI.expectCommitted(result, in: team)
        let time = try team.gitText(["log", "-1", "--format=%ct"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let stamp = try TestKeys.run("date", ["-u", "-d", "@" + time, "+%Y%m%d%H%M%SZ"], environment: bob.environment).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = try team.read(".handoff/allowed_signers").split(separator: "\n").filter { $0.hasPrefix(bob.email + " ") }.map(String.init)
        func written(_ key: TestSSHKey) -> String { key.publicKey.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(lines == ["bob@example.com namespaces=\"git\",valid-before=\"\(stamp)\" \(written(bob.key))",
                          "bob@example.com namespaces=\"git\" \(written(newKey))"], "\(lines)")
        // bob's git still signs with the old key: doctor says it is retired and what to do.
        let doctor = handoff(["doctor"], as: bob, in: team)
        #expect(doctor.stdout.contains("is retired in .handoff/allowed_signers for bob@example.com"), "\(doctor.stdout)")
        // A key already listed (his retired one) cannot come back.
        let before = try team.commits()
        try CLI.expectRefused(handoff(["member", "key", bob.email, "--key", bob.key.publicKeyPath], as: team.admin, in: team),
                              containing: "a retired key never comes back", in: team, commitsBefore: before)
        let verify = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verify.code == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("verify, verify --json and doctor name the trust root, its subject and where it came from")
    func trustRootShown() throws {
        let team = try TestTeam()
        let root = try team.gitText(["rev-list", "--max-parents=0", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = try team.gitText(["log", "-1", "--format=%s", root]).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(text.code == 0, "\(text.stderr)")
        #expect(text.stdout.contains("trust root \(root) \"\(subject)\" (recorded in this repository's handoff/trust-root)"), "\(text.stdout)")
        let pinned = handoff(["verify", "--no-cache", "--trust-root", root, "--json"], as: team.admin, in: team)
        let json = try #require(try CLI.json(pinned.stdout) as? [String: Any])
        #expect(json["trustRoot"] as? String == root)
        #expect(json["trustRootSource"] as? String == "pinned")
        #expect(json["trustRootSubject"] as? String == subject)
        let doctor = handoff(["doctor"], as: team.admin, in: team)
        #expect(doctor.stdout.contains("trust root: \(root) \"\(subject)\""), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("handoff verify --trust-root \(root)"), "\(doctor.stdout)")
    }
}
