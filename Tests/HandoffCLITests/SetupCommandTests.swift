import Foundation
import HandoffCore
import TestSupport
import Testing

/// `init` and `member add|remove` through the CLI, with real git and real keys.
@Suite struct SetupCommandTests {
    @Test("init sets up handoff in one signed commit and prints what it did")
    func initHappyPath() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--prefix", "ACME", "--stages", "sales,support"], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Initialized handoff (ACME; sales → support) in commit "))
        #expect(result.stdout.contains("alice@example.com is admin."))
        #expect(try team.commits().count == 1)
        #expect(try team.gitText(["config", "--local", "commit.gpgsign"]) == "true\n")
        let config = try team.read(".handoff/config.yml")
        #expect(config.contains("prefix: ACME"))
        #expect(try team.read(".handoff/allowed_signers").contains(team.admin.email))
    }

    @Test("a second init is refused with exit 1 and one line on stderr")
    func initRefused() throws {
        let team = try TestTeam()
        let before = try team.commits()
        let result = handoff(["init"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "handoff is already set up here", in: team, commitsBefore: before)
    }

    @Test("init with a bad prefix is a usage error (exit 2) and commits nothing")
    func initBadPrefix() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--prefix", "ho/x"], as: team.admin, in: team)
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("handoff: prefix 'ho/x'"))
        #expect(try team.git(["rev-parse", "--verify", "-q", "HEAD"]).status != 0)
    }

    @Test("member add puts the key in allowed_signers in one signed commit")
    func memberAdd() throws {
        let team = try TestTeam()
        let bob = try team.person("bob")
        let result = handoff(
            ["member", "add", bob.email, "--key", bob.key.publicKeyPath, "--stage", "onboarding", "--stage", "support"],
            as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Added bob@example.com in commit "))
        #expect(try team.read(".handoff/allowed_signers").contains(bob.email))
        #expect(try team.gitText(["log", "-1", "--format=%s"]) == "handoff: member add bob@example.com\n")
        // Bob can act now: his own commit verifies against the new policy.
        let created = handoff(["new", "Bob's task", "--stage", "support"], as: bob, in: team)
        try CLI.expectCommitted(created, in: team)
    }

    @Test("member add by a non-admin is refused with exit 1")
    func memberAddRefused() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let carol = try team.person("carol")
        let before = try team.commits()
        let result = handoff(["member", "add", carol.email, "--key", carol.key.publicKeyPath], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only an admin can change members", in: team, commitsBefore: before)
    }

    @Test("member add with an unreadable key file is a usage error (exit 2)")
    func memberAddMissingKey() throws {
        let team = try TestTeam()
        let before = try team.commits()
        let result = handoff(["member", "add", "bob@example.com", "--key", "/nonexistent/bob.pub"], as: team.admin, in: team)
        try CLI.expectRefused(result, code: 2, containing: "cannot read the key file", in: team, commitsBefore: before)
    }

    @Test("member remove takes the member out and retires their key (valid-before) in one signed commit")
    func memberRemove() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let result = handoff(["member", "remove", bob.email], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Removed bob@example.com in commit "))
        let bobsLines = try team.read(".handoff/allowed_signers").split(separator: "\n").filter { $0.hasPrefix(bob.email + " ") }
        #expect(bobsLines.count == 1 && bobsLines.allSatisfy { $0.contains(",valid-before=\"") }, "\(bobsLines)")
        #expect(!(try team.read(".handoff/config.yml").contains(bob.email)))
    }

    @Test("member remove of someone who is not a member is refused with exit 1")
    func memberRemoveRefused() throws {
        let team = try TestTeam()
        let before = try team.commits()
        let result = handoff(["member", "remove", "nobody@example.com"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "nobody@example.com is not a member", in: team, commitsBefore: before)
    }
}
