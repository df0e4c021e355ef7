import ArgumentParser
import HandoffCore

/// `handoff accept`: the receiver takes the task, with a read-back.
struct AcceptCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a task offered to you, restating the brief in a read-back.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "Your read-back: the brief in your own words.")
    var readback: String?

    @Option(help: "A file holding the read-back ('-' for standard input).")
    var readbackFile: String?

    func validate() throws {
        if readback != nil && readbackFile != nil { throw ValidationError("give the read-back with --readback or --readback-file, not both") }
    }

    func run() throws {
        let text = try TextInput.read(inline: readback, file: readbackFile)
        let result = try CLIEnvironment.handoff.perform(.accept(readback: text), on: task.id)
        CLIEnvironment.output.line("Accepted \(result.task.id); you own it now in stage \(result.task.stage) (commit \(result.commit.short)).")
    }
}
