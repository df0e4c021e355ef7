import ArgumentParser
import HandoffCore

/// `handoff inbox`: what waits for me, what I hold, what I offered.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Your three lists as tables, with the columns of list (or --json): what waits for you, what you hold, what you offered.",
        discussion: "For a glance that also shows the team's stale offers, in colour, use 'handoff status'.")

    @Flag(help: "Print JSON.")
    var json = false

    private struct InboxJSON: Encodable {
        let email: String
        let waitingForMe: [TaskJSON]
        let holding: [TaskJSON]
        let offeredByMe: [TaskJSON]
    }

    func run() throws {
        let status = try CLIEnvironment.handoff.status()
        let inbox = status.inbox
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(InboxJSON(
                email: inbox.email, waitingForMe: inbox.waitingForMe.map(TaskJSON.init),
                holding: inbox.holding.map(TaskJSON.init), offeredByMe: inbox.offeredByMe.map(TaskJSON.init))))
            return
        }
        let sections: [(String, [TaskEntry], Bool)] = [
            ("Waiting for you to accept or decline", inbox.waitingForMe, true),
            ("You hold", inbox.holding, false),
            ("You offered, waiting for the receiver", inbox.offeredByMe, true),
        ]
        for (index, (title, entries, waits)) in sections.enumerated() {
            if index > 0 { output.line("") }
            output.line("\(title) (\(entries.count)):")
            if entries.isEmpty { output.line("  (none)") }
            let table = TaskRendering.table(entries)
            // The column names head each table that has rows, as in 'handoff list'.
            if !entries.isEmpty, let header = table.first { output.line("  " + header) }
            for (row, entry) in zip(table.dropFirst(), entries) {
                output.line("  " + row + (waits ? Self.wait(entry.task, status) : ""))
            }
        }
    }

    /// "  (waited 3h of 4h)", or "  (overdue by 1d)" once the response time passed.
    private static func wait(_ task: HandoffTask, _ status: Status) -> String {
        WaitText.words(task, status).map { "  (\($0.text))" } ?? ""
    }
}
