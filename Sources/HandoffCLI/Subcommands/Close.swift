import ArgumentParser
import HandoffCore

/// `handoff close`: the owner finishes a task.
struct CloseCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a task you own.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "How it was resolved.")
    var resolution: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.close(resolution: resolution), on: task.id)
        CLIEnvironment.output.line("Closed \(result.task.id) (commit \(result.commit.short)).")
    }
}
