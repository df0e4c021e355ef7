import ArgumentParser
import HandoffCore

/// `handoff note`: any member adds a dated note to a task's log.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a dated note to a task.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(name: .short, help: "The note's text.")
    var message: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.note(text: message), on: id)
        CLIEnvironment.output.line("Noted on \(result.task.id) (commit \(result.commit.short)).")
    }
}

/// `handoff close`: the owner finishes a task.
struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close a task you own.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "How it was resolved.")
    var resolution: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.close(resolution: resolution), on: id)
        CLIEnvironment.output.line("Closed \(result.task.id) (commit \(result.commit.short)).")
    }
}

/// `handoff reopen`: the owner opens a closed task again.
struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a task you own.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "Why it is reopened.")
    var reason: String?

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.reopen(reason: reason), on: id)
        CLIEnvironment.output.line("Reopened \(result.task.id) (commit \(result.commit.short)).")
    }
}

/// `handoff reassign`: an admin gives a task to someone else, recorded as such.
struct ReassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Reassign a task (admins only), e.g. when its owner is gone.")

    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String

    @Option(help: "The new owner's email.")
    var to: String

    @Option(help: "Why; recorded in the task's log.")
    var reason: String

    func run() throws {
        let result = try CLIEnvironment.handoff.perform(.reassign(to: to, reason: reason), on: id)
        CLIEnvironment.output.line("Reassigned \(result.task.id) to \(result.task.owner) (commit \(result.commit.short)).")
    }
}
