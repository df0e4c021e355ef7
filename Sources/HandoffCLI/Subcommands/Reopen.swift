import ArgumentParser
import HandoffCore

/// `handoff reopen`: the owner opens a closed task again.
struct ReopenCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a task you own.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "Why it is reopened.")
    var reason: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.reopen(reason: reason), on: task.id)
        CLIEnvironment.output.line("Reopened \(result.task.id) (commit \(result.commit.short)).")
    }
}
