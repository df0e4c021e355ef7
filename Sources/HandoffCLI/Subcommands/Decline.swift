import ArgumentParser
import HandoffCore

/// `handoff decline`: the receiver refuses; the sender keeps the task.
struct DeclineCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: "Decline a task offered to you; the sender keeps it.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "Why you decline.")
    var reason: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.decline(reason: reason), on: task.id)
        CLIEnvironment.output.line("Declined \(result.task.id); it stays with \(result.task.owner) (commit \(result.commit.short)).")
    }
}
