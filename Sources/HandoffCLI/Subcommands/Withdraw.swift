import ArgumentParser
import HandoffCore

/// `handoff withdraw`: the sender takes a pending offer back.
struct WithdrawCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw your pending offer.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "Why you withdraw it.")
    var reason: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.withdraw(reason: reason), on: task.id)
        CLIEnvironment.output.line("Withdrew the offer of \(result.task.id) (commit \(result.commit.short)).")
    }
}
