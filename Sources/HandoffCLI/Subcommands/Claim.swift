import ArgumentParser
import HandoffCore

/// `handoff claim`: a member of the stage takes a task offered to its queue.
struct ClaimCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Take a task offered to your stage's queue, restating the brief in a read-back.",
        discussion: "The first claim to land wins; a later one is refused, naming who has it.")

    @OptionGroup var task: TaskIDArgument

    @OptionGroup var readback: ReadbackOptions

    func run() throws {
        let text = try readback.text(editingFor: task.id)
        let result = try CLIEnvironment.handoff.perform(.claim(readback: text), on: task.id)
        CLIEnvironment.output.line(SignOffText.line("Claimed", result.task, commit: result.commit.short, remaining: result.signOffsLeft))
    }
}
