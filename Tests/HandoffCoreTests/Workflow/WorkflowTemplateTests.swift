import Foundation
import HandoffCore
import TestSupport
import Testing

/// The workflow templates `init --template` writes: each parses, says what it fits, and carries
/// a real handoff end to end (along its main transition and back where the process cycles),
/// with real git and real keys, and `verify` finds nothing wrong.
@Suite struct WorkflowTemplateTests {
    /// What one template must declare, and the route a task takes through it.
    struct Expected: Sendable, CustomTestStringConvertible {
        let name: String
        let stages: [String]
        /// Stages in the order a task visits them: the first step is the main transition.
        let route: [String]
        /// The sections the main transition requires.
        let sections: [String]
        var testDescription: String { name }
    }

    static let expected: [Expected] = [
        Expected(
            name: "sales-onboarding-support", stages: ["sales", "onboarding", "support"],
            route: ["sales", "onboarding", "support", "sales"],
            sections: ["Stakeholders", "What they bought and why", "Promises made", "Success criteria", "Risks"]),
        Expected(
            name: "oncall", stages: ["primary", "secondary"], route: ["primary", "secondary", "primary", "primary"],
            sections: ["Open incidents", "Things to watch", "Recent changes still settling", "Escalation contacts"]),
        Expected(
            name: "ipass", stages: ["day", "night"], route: ["day", "night", "day"],
            sections: ["Illness severity", "Patient summary", "Action list", "Situation awareness and contingency"]),
        Expected(
            name: "sbar", stages: ["nursing", "medical"], route: ["nursing", "medical", "nursing"],
            sections: ["Situation", "Background", "Assessment", "Recommendation"]),
        Expected(
            name: "code-review", stages: ["author", "reviewer"], route: ["author", "reviewer", "author"],
            sections: ["What and why", "How to test", "Risks", "Open questions"]),
    ]

    /// A brief with a line of text under each of `sections`.
    private func brief(_ sections: [String]) -> Brief {
        Brief(markdown: sections.map { "## \($0)\nSomething about \($0.lowercased()).\n" }.joined())
    }

    /// The message of the refusal `action` throws; nil when it succeeds or fails otherwise.
    private func refusal(_ action: () throws(HandoffError) -> Void) -> String? {
        do {
            try action()
            return nil
        } catch {
            return error.kind == .refused ? error.message : nil
        }
    }

    /// The template's workflow as `init` would write it for `admin`.
    private func workflow(_ name: String) throws -> Workflow {
        let template = try WorkflowTemplate.named(name)
        let admin = Workflow.Member(email: "a@x.com", name: "A", stages: try template.stages(), admin: true)
        return try Workflow(yaml: template.filled(prefix: "OPS", admin: admin))
    }

    @Test("the templates are exactly the expected ones, each with a purpose line")
    func names() {
        #expect(WorkflowTemplate.all.map(\.name) == Self.expected.map(\.name))
        for template in WorkflowTemplate.all {
            #expect(!template.purpose.isEmpty && !template.purpose.hasPrefix("#"), "\(template.name)")
        }
    }

    @Test("each template parses, with its stages, its cycle and the sections of its main transition", arguments: expected)
    func parses(_ expected: Expected) throws {
        let workflow = try workflow(expected.name)
        #expect(workflow.prefix == "OPS")
        #expect(workflow.stages == expected.stages)
        #expect(workflow.readbackRequired)
        #expect(workflow.members.map(\.email) == ["a@x.com"])
        #expect(workflow.members.first?.stages == expected.stages)
        #expect(workflow.requiredSections(from: expected.route[0], to: expected.route[1]) == expected.sections)
        for (from, to) in zip(expected.route, expected.route.dropFirst()) {
            #expect(workflow.transition(from: from, to: to) != nil, "\(from) → \(to)")
        }
        for stage in expected.stages {
            #expect(workflow.transition(from: stage, to: stage) != nil, "a handover within \(stage)")
        }
    }

    @Test("oncall answers within 15 minutes and escalates after an hour")
    func oncallTimes() throws {
        let workflow = try workflow("oncall")
        #expect(workflow.transitions.allSatisfy { $0.respondWithin == 15 * 60 })
        #expect(workflow.notify.escalateAfter == 3_600)
        #expect(workflow.responseTime(from: "primary", to: "secondary") == 15 * 60)
    }

    @Test("an unknown template is a usage error naming the known ones")
    func unknown() {
        #expect(throws: HandoffError.self) { try WorkflowTemplate.named("kanban") }
        do {
            _ = try WorkflowTemplate.named("kanban")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("'kanban'") && error.message.contains("oncall, ipass"))
        }
    }

    @Test("init from each template, then a full handoff along its route and back, verifies clean", arguments: expected)
    func endToEnd(_ expected: Expected) throws {
        let team = try TestTeam(initialize: false)
        let alice = team.handoff(as: team.admin)
        let result = try alice.initialize(prefix: "OPS", template: expected.name, hookBinary: TestTeam.handoffBinary)
        #expect(result.stages == expected.stages && result.template == expected.name)
        let workflow = try Workflow(yaml: team.read(Workflow.path))
        #expect(workflow.members.first?.stages == expected.stages)
        let steps = Array(zip(expected.route, expected.route.dropFirst()))
        // Alice and Bob take turns: Bob receives the even steps, so he works in their stages.
        let bobStages = steps.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.1)
        let bob = try team.person("bob", stages: Array(Set(bobStages)).sorted())
        let created = try alice.newTask(NewTaskRequest(title: "Shift change", stage: expected.route[0]))
        let id = created.task.id
        #expect(id.hasPrefix("OPS-"))
        var owner = team.admin
        for (index, (from, to)) in steps.enumerated() {
            let receiver = index % 2 == 0 ? bob : team.admin
            let sections = workflow.requiredSections(from: from, to: to)
            #expect(!sections.isEmpty)
            try team.handoff(as: owner).perform(.offer(to: receiver.email, stage: to, brief: brief(sections)), on: id)
            let accepted = try team.handoff(as: receiver).perform(.accept(readback: "I take over \(from) → \(to)."), on: id)
            #expect(accepted.task.stage == to && accepted.task.owner == receiver.email)
            owner = receiver
        }
        let report = try alice.verify(useCache: false)
        #expect(report.violations == [])
        #expect(report.checked == 3 + 2 * steps.count)
    }

    @Test("a template's sections and read-back are enforced: a brief without them, or an accept without a read-back, is refused")
    func enforced() throws {
        let team = try TestTeam(initialize: false)
        let alice = team.handoff(as: team.admin)
        try alice.initialize(template: "ipass", hookBinary: TestTeam.handoffBinary)
        let bob = try team.person("bob", stages: ["night"])
        let id = try alice.newTask(NewTaskRequest(title: "Bed 12", stage: "day")).task.id
        let short = refusal { () throws(HandoffError) in
            try alice.perform(.offer(to: bob.email, stage: "night", brief: brief(["Illness severity", "Patient summary"])), on: id)
        }
        #expect(short?.contains("lacks 'Action list', 'Situation awareness and contingency'") == true, "\(short ?? "no refusal")")
        let sections = ["Illness severity", "Patient summary", "Action list", "Situation awareness and contingency"]
        try alice.perform(.offer(to: bob.email, stage: "night", brief: brief(sections)), on: id)
        let silent = refusal { () throws(HandoffError) in try team.handoff(as: bob).perform(.accept(readback: nil), on: id) }
        #expect(silent?.contains("requires a read-back") == true, "\(silent ?? "no refusal")")
    }

    @Test("stages and a template together are a usage error naming both, and commit nothing")
    func stagesWithTemplate() throws {
        let team = try TestTeam(initialize: false)
        do {
            try team.handoff(as: team.admin).initialize(stages: ["a", "b"], template: "oncall", hookBinary: TestTeam.handoffBinary)
            Issue.record("init with stages and a template succeeded")
        } catch {
            #expect(error.kind == .usage)
            #expect(error.message.contains("--stages") && error.message.contains("--template"))
        }
        #expect(try team.git(["rev-parse", "--verify", "-q", "HEAD"]).status != 0)
    }
}
