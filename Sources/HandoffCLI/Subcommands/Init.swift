import ArgumentParser
import HandoffCore

/// `handoff init`: the workflow, the trust policy and the first signed commit.
struct InitCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up handoff in this git repository; you become its first admin.")

    @Option(help: "ID prefix for tasks, e.g. HO gives HO-7K3QX.")
    var prefix = "HO"

    @Option(help: "Stages in order, comma-separated.", transform: { $0.split(separator: ",").map(String.init) })
    var stages: [String] = ["todo", "doing", "review"]

    func run() throws {
        let result = try CLIEnvironment.handoff.initialize(prefix: prefix, stages: stages)
        let output = CLIEnvironment.output
        output.line("Initialized handoff (\(prefix); \(stages.joined(separator: " → "))) in commit \(result.commit.short); \(result.admin) is admin.")
        result.hooks.forEach { output.line("Installed \($0)") }
        output.line("Set \(result.configured.joined(separator: " and ")) in .git/config so git verifies and signs like handoff.")
    }
}
