import HandoffCore

/// Prints what a pull or sync brought for this clone's person (see `Handoff.newForMe`).
enum NewForYouLines {
    /// One line per handoff since `before` that concerns me, under a heading; nothing when there
    /// is none. Reading history here never fails the command that ran: a problem is one warning.
    static func print(since before: ObjectID, output: OutputSink) {
        do throws(HandoffError) {
            let lines = try CLIEnvironment.handoff.newForMe(since: before)
            guard !lines.isEmpty else { return }
            output.line("New for you:")
            lines.forEach { output.line("  " + TerminalText.escaped($0)) }
        } catch {
            output.diagnostic("handoff: warning: cannot list what is new for you (\(TerminalText.escaped(error.message)))")
        }
    }
}
