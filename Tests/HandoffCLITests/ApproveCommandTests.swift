import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff approve` through the CLI: what accept, status and approve say while a handoff waits
/// for its second sign-off.
@Suite struct ApproveCommandTests {
    @Test("accept says who still signs off, status shows the waiting sign-off, approve says the task moved")
    func signOffWords() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let carol = try team.person("carol", stages: ["onboarding"])
        let config = try team.read(".handoff/config.yml")
        try team.write(config.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, approvals: 2}"), to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Four eyes"]), "commit the workflow")
        try CLI.offer(id, to: bob, in: team)
        let accept = handoff(["accept", id, "--readback", "SSO first"], as: bob, in: team)
        try CLI.expectCommitted(accept, in: team)
        #expect(accept.stdout.contains("it moves to bob@example.com when 1 more member of onboarding signs off with 'handoff approve \(id)'"), "\(accept.stdout)")
        let again = handoff(["accept", id, "--readback", "SSO first"], as: bob, in: team)
        #expect(again.code == 1 && again.stderr.contains("bob@example.com took \(id) already; it waits for 1 more sign-off from members of onboarding"), "\(again.stderr)")
        let status = handoff(["status"], as: carol, in: team).stdout
        #expect(status.contains("taken by bob@example.com: sign off with handoff approve"), "\(status)")
        let approve = handoff(["approve", id, "-m", "Contract checked"], as: carol, in: team)
        try CLI.expectCommitted(approve, in: team)
        #expect(approve.stdout.contains("Signed off on \(id); bob@example.com owns it now in stage onboarding"), "\(approve.stdout)")
        let log = handoff(["log", id], as: carol, in: team).stdout
        #expect(log.contains("approve") && log.contains("carol@example.com"), "\(log)")
        #expect(handoff(["verify", "--no-cache"], as: carol, in: team).code == 0)
    }
}
