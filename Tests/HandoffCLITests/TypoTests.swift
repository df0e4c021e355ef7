import Foundation
import HandoffCore
import TestSupport
import Testing

/// Mistyped commands and filters say what was meant instead of matching nothing in silence.
@Suite struct TypoTests {
    @Test("a mistyped subcommand is bad usage that names the closest command")
    func subcommand() throws {
        let team = try TestTeam()
        let result = handoff(["shwo", "HO-1"], as: team.admin, in: team)
        #expect(result.code == 2)
        #expect(result.stderr == "handoff: 'shwo' is not a handoff command; did you mean 'show'? (see 'handoff --help')\n", "\(result.stderr)")
        let unknown = handoff(["frobnicate"], as: team.admin, in: team)
        #expect(unknown.code == 2 && unknown.stderr == "handoff: 'frobnicate' is not a handoff command (see 'handoff --help')\n", "\(unknown.stderr)")
        #expect(handoff(["help", "list"], as: team.admin, in: team).code == 0)
    }

    @Test("list --stage with a stage the workflow lacks is bad usage naming the stages; --owner with a non-member says so")
    func filters() throws {
        let team = try TestTeam()
        _ = try team.person("bob", stages: ["onboarding"])
        _ = try CLI.newTask("Onboard ACME", in: team)
        let stage = handoff(["list", "--stage", "sale"], as: team.admin, in: team)
        #expect(stage.code == 2)
        #expect(stage.stderr.contains("no stage 'sale' in this workflow; did you mean 'sales'? stages: sales, onboarding, support"), "\(stage.stderr)")
        let owner = handoff(["list", "--owner", "bob"], as: team.admin, in: team)
        #expect(owner.code == 0)
        #expect(owner.stderr == "No tasks match. bob is not a member of this workflow; did you mean bob@example.com?\n", "\(owner.stderr)")
        let member = handoff(["list", "--owner", "bob@example.com"], as: team.admin, in: team)
        #expect(member.stderr == "No tasks match.\n", "\(member.stderr)")
    }
}
