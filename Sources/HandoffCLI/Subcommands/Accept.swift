import ArgumentParser
import HandoffCore

/// `handoff accept`: the receiver takes the task, with a read-back.
struct AcceptCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a task offered to you, restating the brief in a read-back.")

    @OptionGroup var task: TaskIDArgument

    @OptionGroup var readback: ReadbackOptions

    func run() throws {
        let text = try readback.text(editingFor: task.id)
        let result = try CLIEnvironment.handoff.perform(.accept(readback: text), on: task.id)
        CLIEnvironment.output.line(SignOffText.line("Accepted", result.task, commit: result.commit.short, remaining: result.signOffsLeft))
    }
}
