import ArgumentParser
import Foundation
import HandoffCore

/// `handoff init`: the workflow, the trust policy and the first signed commit.
struct InitCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up handoff in this git repository; you become its first admin.",
        discussion: "The workflow is a one-way pipeline through --stages (default todo,doing,review), or a ready-made workflow from --template (see --list-templates).")

    @Option(help: "ID prefix for tasks, e.g. HO gives HO-7K3QX.")
    var prefix = "HO"

    @Option(help: "Stages in order, comma-separated (default: todo,doing,review).", transform: { $0.split(separator: ",").map(String.init) })
    var stages: [String]?

    @Option(help: "Start from a workflow template (stages, transitions, brief sections, response times), e.g. oncall.")
    var template: String?

    @Flag(help: "List the workflow templates and what process each fits, and set up nothing.")
    var listTemplates = false

    func run() throws {
        let output = CLIEnvironment.output
        if listTemplates {
            let templates = WorkflowTemplate.all
            let width = templates.map(\.name.count).max() ?? 0
            templates.forEach { output.line($0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.purpose) }
            return
        }
        let result = try CLIEnvironment.handoff.initialize(prefix: prefix, stages: stages, template: template)
        let source = result.template.map { " from template \($0)" } ?? ""
        output.line("Initialized handoff (\(prefix); \(result.stages.joined(separator: " → ")))\(source) in commit \(result.commit.short); \(result.admin) is admin.")
        result.hooks.forEach { output.line("Installed \($0)") }
        output.line("Set \(result.configured.joined(separator: " and ")) in .git/config so git verifies and signs like handoff.")
    }
}
