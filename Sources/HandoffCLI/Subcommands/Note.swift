import ArgumentParser
import HandoffCore

/// `handoff note`: any member adds a dated note to a task's log.
struct NoteCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a dated note to a task.")

    @OptionGroup var task: TaskIDArgument

    @Option(name: .short, help: "The note's text.")
    var message: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.note(text: message), on: task.id)
        CLIEnvironment.output.line("Noted on \(result.task.id) (commit \(result.commit.short)).")
    }
}
