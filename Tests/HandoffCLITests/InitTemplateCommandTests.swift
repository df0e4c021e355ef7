import Foundation
import HandoffCore
import TestSupport
import Testing

/// `init --template NAME` and `init --list-templates` through the CLI, with real git and real keys.
@Suite struct InitTemplateCommandTests {
    /// Expects that `team`'s repository still has no commit.
    private func expectNothingCommitted(in team: TestTeam, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try team.git(["rev-parse", "--verify", "-q", "HEAD"]).status != 0, sourceLocation: sourceLocation)
    }

    @Test("--list-templates prints each template's name and purpose, one a line, and sets up nothing")
    func listTemplates() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--list-templates"], as: team.admin, in: team)
        #expect(result.code == 0 && result.stderr.isEmpty, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == WorkflowTemplate.all.count)
        for (line, template) in zip(lines, WorkflowTemplate.all) {
            #expect(line.hasPrefix(template.name + " ") && line.hasSuffix("  " + template.purpose), "\(line)")
        }
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) ?? "" }
            == ["sales-onboarding-support", "oncall", "ipass", "sbar", "code-review"])
        try expectNothingCommitted(in: team)
    }

    @Test("init --template oncall writes the rotation, and a handover along it verifies clean")
    func oncall() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--template", "oncall", "--prefix", "OPS"], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Initialized handoff (OPS; primary → secondary) from template oncall in commit "))
        #expect(try team.gitText(["log", "-1", "--format=%s"]) == "handoff: init (OPS; primary → secondary; template oncall)\n")
        let config = try team.read(".handoff/config.yml")
        #expect(config.contains("respond_within: 15m") && config.contains("escalate_after: 1h"))
        #expect(config.contains("alice@example.com: {name: Alice, stages: [primary, secondary], admin: true}"))

        let bob = try team.person("bob", stages: ["secondary"])
        let id = try CLI.newTask("Pager", in: team, extra: ["--stage", "primary"])
        let brief = """
            ## Open incidents
            INC-42 (mitigated, watching): payments latency.
            ## Things to watch
            Disk on db-3.
            ## Recent changes still settling
            The cache rollout at 14:00.
            ## Escalation contacts
            Dana for payments.
            """
        let offered = handoff(["offer", id, "--to", bob.email, "--stage", "secondary", "-m", brief], as: team.admin, in: team)
        try CLI.expectCommitted(offered, in: team)
        let accepted = handoff(["accept", id, "--readback", "INC-42 is mitigated; I watch db-3 and the cache."], as: bob, in: team)
        try CLI.expectCommitted(accepted, in: team)
        let verified = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verified.code == 0, "verify: \(verified.stdout) \(verified.stderr)")
    }

    @Test("an unknown template is a usage error (exit 2) listing the known ones, and commits nothing")
    func unknownTemplate() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--template", "kanban"], as: team.admin, in: team)
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("handoff: there is no workflow template 'kanban'; known: sales-onboarding-support, oncall, ipass, sbar, code-review"))
        try expectNothingCommitted(in: team)
    }

    @Test("--stages with --template is a usage error (exit 2) naming both, and commits nothing")
    func stagesWithTemplate() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init", "--template", "oncall", "--stages", "a,b"], as: team.admin, in: team)
        #expect(result.code == 2)
        #expect(result.stderr.contains("--stages") && result.stderr.contains("--template"), "stderr: \(result.stderr)")
        try expectNothingCommitted(in: team)
    }

    @Test("init without --template still writes the default pipeline")
    func defaultUnchanged() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["init"], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Initialized handoff (HO; todo → doing → review) in commit "))
        let config = try team.read(".handoff/config.yml")
        #expect(config.contains("stages: [todo, doing, review]") && config.contains("  - {from: todo, to: doing}"))
    }
}
