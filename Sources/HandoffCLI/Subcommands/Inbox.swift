import ArgumentParser
import HandoffCore

/// `handoff inbox`: what waits for me, what I hold, what I offered.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "What waits for you, what you hold, and what you offered.")

    @Flag(help: "Print JSON.")
    var json = false

    private struct InboxJSON: Encodable {
        let email: String
        let waitingForMe: [TaskJSON]
        let holding: [TaskJSON]
        let offeredByMe: [TaskJSON]
    }

    func run() throws {
        let inbox = try CLIEnvironment.handoff.inbox()
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(InboxJSON(
                email: inbox.email, waitingForMe: inbox.waitingForMe.map(TaskJSON.init),
                holding: inbox.holding.map(TaskJSON.init), offeredByMe: inbox.offeredByMe.map(TaskJSON.init))))
            return
        }
        let sections: [(String, [TaskEntry])] = [
            ("Waiting for you to accept or decline", inbox.waitingForMe),
            ("You hold", inbox.holding),
            ("You offered, waiting for the receiver", inbox.offeredByMe),
        ]
        for (index, (title, entries)) in sections.enumerated() {
            if index > 0 { output.line("") }
            output.line("\(title) (\(entries.count)):")
            if entries.isEmpty { output.line("  (none)") }
            TaskRendering.table(entries).dropFirst().forEach { output.line("  " + $0) }
        }
    }
}
