import ArgumentParser
import HandoffCore

/// `handoff reassign`: an admin gives a task to someone else, recorded as such.
struct ReassignCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Reassign a task (admins only), e.g. when its owner is gone.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "The new owner's email.")
    var to: String

    @Option(help: "Why; recorded in the task's log.")
    var reason: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.reassign(to: to, reason: reason), on: task.id)
        CLIEnvironment.output.line("Reassigned \(result.task.id) to \(result.task.owner) (commit \(result.commit.short)).")
    }
}
