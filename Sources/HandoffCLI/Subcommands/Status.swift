import ArgumentParser
import HandoffCore

/// `handoff status`: at a glance, what waits for me, what I hold, and which offers went stale.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What waits for you, what you hold, and the team's stale offers (in colour at a terminal).",
        discussion: "Colour only when standard output is a terminal and NO_COLOR is unset.")

    /// At most this many stale offers are listed; the rest are counted.
    static let staleShown = 10

    func run() throws {
        let status = try CLIEnvironment.handoff.status()
        let output = CLIEnvironment.output
        let style = TerminalStyle.current
        let inbox = status.inbox
        output.line(style.bold("handoff status for \(inbox.email)"))

        output.line("")
        output.line(style.bold("Waiting for you (\(inbox.waitingForMe.count))") + ": accept or decline")
        lines(inbox.waitingForMe, style: style) { task in
            guard let offer = task.offer else { return "" }
            let queue = offer.awaitsApproval ? ", taken by \(offer.to): sign off with handoff approve"
                : offer.queueStage.map { " via the \($0) queue" } ?? ""
            return style.yellow("from \(offer.from) into \(offer.stage)\(queue)") + "  \(waited(task, status, style))\(task.title)"
        }.forEach(output.line)

        output.line("")
        output.line(style.bold("You hold (\(inbox.holding.count))"))
        lines(inbox.holding, style: style) { task in "\(task.stage)  \(task.title)" }.forEach(output.line)

        output.line("")
        output.line(style.bold("You offered (\(inbox.offeredByMe.count))") + ": waiting for the receiver")
        lines(inbox.offeredByMe, style: style) { task in
            guard let offer = task.offer else { return "" }
            return "to \(offer.to) (\(offer.stage))  \(waited(task, status, style))\(task.title)"
        }.forEach(output.line)

        output.line("")
        let stale = status.staleOffers
        output.line(style.bold("Stale offers (\(stale.count))") + ": older than \(DurationText.words(status.staleAfter))")
        if stale.isEmpty { output.line(style.dim("  (none)")) }
        for offer in stale.prefix(Self.staleShown) {
            let mine = offer.to.lowercased() == inbox.email.lowercased() || offer.from.lowercased() == inbox.email.lowercased()
            let who = "\(offer.from) waits on \(offer.to)"
            output.line("  \(style.cyan(offer.task))  \(style.red(DurationText.words(offer.ageSeconds)))  \(mine ? style.bold(who) : who)  \(offer.title)")
        }
        if stale.count > Self.staleShown {
            output.line(style.dim("  … and \(stale.count - Self.staleShown) more: handoff report"))
        }
    }

    /// "waited 3h of 4h  ", or "overdue by 2h  " in red once the transition's response time has passed.
    private func waited(_ task: HandoffTask, _ status: Status, _ style: TerminalStyle) -> String {
        guard let wait = WaitText.words(task, status) else { return "" }
        return (wait.overdue ? style.red(wait.text) : wait.text) + "  "
    }

    private func lines(_ entries: [TaskEntry], style: TerminalStyle, detail: (HandoffTask) -> String) -> [String] {
        if entries.isEmpty { return [style.dim("  (none)")] }
        return entries.map { "  \(style.cyan($0.task.id))  \(detail($0.task))" }
    }
}
