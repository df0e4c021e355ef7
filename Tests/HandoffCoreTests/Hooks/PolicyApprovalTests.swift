import Foundation
import HandoffCore
import TestSupport
import Testing

/// `policy_approvals: 2`: one admin's key can propose a policy change but not make it. Through
/// real keys, the real server hook and `verify` in a fresh clone.
@Suite struct PolicyApprovalTests {
    /// alice and dave are admins; the workflow needs two of them for a policy change; pushed.
    final class Setup {
        let push: PushTests.Setup
        let dave: TestPerson
        var team: TestTeam { push.team }
        var alice: TestPerson { push.team.admin }

        init() throws {
            push = try PushTests.Setup()
            dave = try push.team.person("dave", stages: ["sales"], admin: true)
            let config = try push.team.read(".handoff/config.yml")
            try push.team.write(config + "policy_approvals: 2\n", to: ".handoff/config.yml")
            try TestKeys.check(push.team.git(["commit", "-q", "-am", "Two admins for every policy change"]), "commit the workflow")
            try TestKeys.check(push.push(), "first push")
        }

        /// The CLI as `person` in the repository.
        func run(_ arguments: [String], as person: TestPerson) throws -> TestKeys.Output {
            try team.runHandoff(arguments, as: person)
        }

        /// Lowers the threshold to 1 in the working tree: the change an attacker wants most.
        func editThreshold() throws {
            let config = try team.read(".handoff/config.yml")
            try team.write(config.replacingOccurrences(of: "policy_approvals: 2\n", with: "policy_approvals: 1\n"), to: ".handoff/config.yml")
        }
    }

    @Test("a policy change by one admin alone is refused by the server and by verify")
    func oneAdminRefused() throws {
        let setup = try Setup()
        try setup.editThreshold()
        try TestKeys.check(setup.team.git(["commit", "-q", "--no-verify", "-am", "One admin is enough"]), "commit")
        let push = try setup.push.push()
        #expect(push.status != 0 && push.stderrText.contains("under policy_approvals: 2"), "\(push.stderrText)")
        let report = try setup.team.handoff(as: setup.alice).verify(range: nil, useCache: false)
        #expect(report.violations.contains { $0.message.contains("changes .handoff/config.yml directly") }, "\(report.violations)")
    }

    @Test("proposed by one admin, applied by a second: the server accepts each step, verify passes in a fresh clone, the policy changed")
    func twoAdminsApply() throws {
        let setup = try Setup()
        try setup.editThreshold()
        let proposed = try setup.run(["policy", "propose", "-m", "Back to one admin"], as: setup.alice)
        try TestKeys.check(proposed, "policy propose")
        let id = try #require(proposed.stdoutText.split(separator: " ").dropFirst().first.map(String.init))
        try TestKeys.check(setup.team.git(["checkout", "--", ".handoff"]), "discard the edit")
        #expect(try setup.team.handoff(as: setup.alice).workflow().policyApprovals == 2, "a proposal changes nothing yet")
        let again = try setup.run(["policy", "approve", id], as: setup.alice)
        #expect(again.status == 1 && again.stderrText.contains("you signed off on proposal \(id) already; one admin counts once"), "\(again.stderrText)")
        #expect(try setup.push.push().status == 0)

        let applied = try setup.run(["policy", "approve", id], as: setup.dave)
        try TestKeys.check(applied, "policy approve")
        #expect(applied.stdoutText.contains("applied it"), "\(applied.stdoutText)")
        #expect(try setup.team.handoff(as: setup.alice).workflow().policyApprovals == 1)
        let push = try setup.push.push()
        #expect(push.status == 0, "\(push.stderrText)")
        let list = try setup.run(["policy", "list"], as: setup.alice).stdoutText
        #expect(list.contains("\(id)  applied by dave@example.com"), "\(list)")

        let clone = setup.team.root.appendingPathComponent("fresh").path
        try TestKeys.check(TestKeys.run("git", ["clone", "-q", setup.push.server, clone], environment: setup.dave.environment), "git clone")
        let verify = try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"], environment: setup.dave.environment, currentDirectory: URL(fileURLWithPath: clone))
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }

    @Test("applying a proposal with only its proposer's sign-off, or sneaking a second change in, is refused by the server")
    func forgedApplyRefused() throws {
        let setup = try Setup()
        try setup.editThreshold()
        let proposed = try setup.run(["policy", "propose"], as: setup.alice)
        try TestKeys.check(proposed, "policy propose")
        let id = try #require(proposed.stdoutText.split(separator: " ").dropFirst().first.map(String.init))
        try TestKeys.check(setup.push.push(), "push the proposal")
        // alice applies her own proposal by hand: the edit is still in her working tree.
        let folder = try #require(try setup.team.gitText(["ls-tree", "--name-only", "HEAD", ".handoff/proposals/"]).split(separator: "\n").first.map(String.init))
        #expect(folder.hasPrefix(".handoff/proposals/\(id)"))
        try setup.team.write("alice@example.com\n", to: folder + "/applied")
        try TestKeys.check(setup.team.git(["add", "-A"]), "git add")
        try TestKeys.check(setup.team.git(["commit", "-q", "--no-verify", "-m", "Apply it myself"]), "commit")
        let alone = try setup.push.push()
        #expect(alone.status != 0 && alone.stderrText.contains("has 1 admin sign-off (alice@example.com), and the parent's policy needs 2"), "\(alone.stderrText)")

        // dave's sign-off, with one more change slipped in beside the proposal's.
        try TestKeys.check(setup.team.git(["reset", "-q", "--hard", "HEAD~1"]), "undo")
        let signed = try setup.run(["policy", "approve", id], as: setup.dave)
        try TestKeys.check(signed, "policy approve")
        try setup.team.write("# a team file\n", to: ".mailmap")
        try TestKeys.check(setup.team.git(["add", ".mailmap"]), "git add")
        try TestKeys.check(setup.team.git(["commit", "-q", "--no-verify", "--amend", "--no-edit"], as: setup.dave), "amend")
        let sneaked = try setup.push.push()
        #expect(sneaked.status != 0 && sneaked.stderrText.contains("not exactly what proposal"), "\(sneaked.stderrText)")
    }

    @Test("member add under policy_approvals: 2 makes a proposal; a second admin's sign-off adds the member; the server accepts both")
    func memberAddProposed() throws {
        let setup = try Setup()
        let erin = try setup.team.person("erin")
        let added = try setup.run(["member", "add", erin.email, "--key", erin.key.publicKeyPath, "--stage", "support"], as: setup.alice)
        try TestKeys.check(added, "member add")
        #expect(added.stdoutText.hasPrefix("Proposed: Added \(erin.email) (proposal "), "\(added.stdoutText)")
        #expect(try setup.team.handoff(as: setup.alice).workflow().member(erin.email) == nil, "not a member until the second sign-off")
        let id = try #require(try setup.team.handoff(as: setup.alice).policyProposals().first?.id)
        try TestKeys.check(setup.push.push(), "push the proposal")
        try TestKeys.check(setup.run(["policy", "approve", String(id.prefix(12))], as: setup.dave), "policy approve")
        #expect(try setup.team.handoff(as: setup.alice).workflow().member(erin.email)?.stages == ["support"])
        let push = try setup.push.push()
        #expect(push.status == 0, "\(push.stderrText)")
    }

    @Test("while one admin suffices, a sign-off forged in another admin's name is still refused, so it cannot count once N is raised")
    func forgedSignOffUnderOneAdmin() throws {
        let push = try PushTests.Setup()
        let team = push.team
        _ = try team.person("dave", stages: ["sales"], admin: true)
        try TestKeys.check(push.push(), "first push")
        let config = try team.read(".handoff/config.yml")
        try team.write(config + "policy_approvals: 1\n", to: ".handoff/config.yml")
        let proposed = try team.runHandoff(["policy", "propose"], as: team.admin)
        try TestKeys.check(proposed, "policy propose")
        try TestKeys.check(team.git(["checkout", "--", ".handoff"]), "discard the edit")
        let approvals = try #require(try team.gitText(["ls-files", ".handoff/proposals/"]).split(separator: "\n").map(String.init).first { $0.hasSuffix("/approvals") })
        try team.write(try team.read(approvals) + "dave@example.com\n", to: approvals)
        try TestKeys.check(team.git(["commit", "-q", "--no-verify", "-am", "dave agrees, says alice"]), "commit")
        let refused = try push.push()
        #expect(refused.status != 0 && refused.stderrText.contains("a sign-off appends its signer's address (alice@example.com)"), "\(refused.stderrText)")
    }
}
