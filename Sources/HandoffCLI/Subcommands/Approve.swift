import ArgumentParser
import HandoffCore

/// `handoff approve`: a member of the target stage signs off on an accepted handoff that needs
/// several sign-offs (`approvals: N`).
struct ApproveCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign off on a handoff into your stage that needs more than the receiver's accept.")

    @OptionGroup var task: TaskIDArgument

    @Option(name: [.short, .customLong("message")], help: "What you say with your sign-off.")
    var message: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.approve(comment: message), on: task.id)
        CLIEnvironment.output.line(SignOffText.line("Signed off on", result.task, commit: result.commit.short, remaining: result.signOffsLeft, taker: false))
    }
}
