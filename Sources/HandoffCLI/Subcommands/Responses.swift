import ArgumentParser
import HandoffCore

/// `handoff accept`: the receiver takes the task, with a read-back.
struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a task offered to you, restating the brief in a read-back.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "Your read-back: the brief in your own words.")
    var readback: String?

    @Option(help: "A file holding the read-back ('-' for standard input).")
    var readbackFile: String?

    func validate() throws {
        if readback != nil && readbackFile != nil { throw ValidationError("give the read-back with --readback or --readback-file, not both") }
    }

    func run() throws {
        let text = try TextInput.read(inline: readback, file: readbackFile)
        let result = try CLIEnvironment.handoff.perform(.accept(readback: text), on: id)
        CLIEnvironment.output.line("Accepted \(result.task.id); you own it now in stage \(result.task.stage) (commit \(result.commit.short)).")
    }
}

/// `handoff decline`: the receiver refuses; the sender keeps the task.
struct DeclineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: "Decline a task offered to you; the sender keeps it.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "Why you decline.")
    var reason: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.decline(reason: reason), on: id)
        CLIEnvironment.output.line("Declined \(result.task.id); it stays with \(result.task.owner) (commit \(result.commit.short)).")
    }
}

/// `handoff withdraw`: the sender takes a pending offer back.
struct WithdrawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw your pending offer.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "Why you withdraw it.")
    var reason: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.withdraw(reason: reason), on: id)
        CLIEnvironment.output.line("Withdrew the offer of \(result.task.id) (commit \(result.commit.short)).")
    }
}
