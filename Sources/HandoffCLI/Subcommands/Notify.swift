import ArgumentParser
import HandoffCore

/// `handoff notify`: delivers the outbox (and queues a range's handoffs, for forges without hooks).
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Deliver queued messages about handoffs (email, webhooks); show or retry them.",
        discussion: """
            On a server with 'handoff hooks install --server', the post-receive hook queues a message \
            for each handoff that lands and starts this command in the background. Run it by hand (or \
            from cron) to deliver what is due, with --status to see what waits, and with --retry after \
            fixing a channel. On a forge without server hooks, a CI job runs 'handoff notify --range \
            OLD..NEW' on push (see templates/ci/).
            """)

    @Option(help: "Queue the handoffs of this revision range first (A..B).")
    var range: String?

    @Flag(help: "List the messages waiting or held, and deliver nothing.")
    var status = false

    @Flag(help: "Deliver everything now: held messages and those waiting for their next attempt.")
    var retry = false

    @Flag(help: "Only queue (with --range); leave delivery to a later run.")
    var queueOnly = false

    @Flag(help: "Print nothing unless something failed.")
    var quiet = false

    func run() throws {
        let output = CLIEnvironment.output
        if status {
            let (pending, held) = try CLIEnvironment.handoff.outboxContents()
            for entry in pending { output.line("waiting  " + NotifyLines.describe(entry)) }
            for entry in held { output.line("held     " + NotifyLines.describe(entry)) }
            output.diagnostic("\(pending.count) waiting, \(held.count) held\(held.isEmpty ? "" : "; fix the cause, then 'handoff notify --retry'")")
            return
        }
        let outcome = try CLIEnvironment.handoff.notify(range: range, retry: retry, deliver: !queueOnly)
        try NotifyLines.report(outcome, quiet: quiet, output: output)
    }
}

/// How `notify` and `remind` describe what they did.
enum NotifyLines {
    /// One line for a queued message.
    static func describe(_ entry: Outbox.Entry) -> String {
        let attempts = entry.attempts == 0 ? "" : "  (\(entry.attempts) attempt\(entry.attempts == 1 ? "" : "s"): \(entry.lastError ?? "")"
        return "\(entry.notice.recipient ?? "team") by \(entry.channel): \(TerminalText.escaped(entry.notice.subject))" + (attempts.isEmpty ? "" : TerminalText.escaped(attempts) + ")")
    }

    /// Prints what was queued and delivered; exits 1 when some delivery failed.
    static func report(_ outcome: NotifyOutcome, quiet: Bool, output: OutputSink) throws {
        guard let delivery = outcome.delivery else {
            if !quiet { output.line("\(outcome.queued) queued") }
            return
        }
        delivery.problems.forEach { output.diagnostic("handoff notify: " + TerminalText.escaped($0)) }
        if !quiet || !delivery.problems.isEmpty {
            output.line("\(outcome.queued) queued, \(delivery.sent) sent, \(delivery.retrying) to retry, \(delivery.held) held")
        }
        if !delivery.problems.isEmpty { throw ExitCode(1) }
    }
}
