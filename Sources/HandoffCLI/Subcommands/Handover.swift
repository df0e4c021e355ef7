import ArgumentParser
import HandoffCore

/// `handoff handover`: a shift change — everything I hold offered to one person at once.
struct HandoverCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "Offer every open task you hold to one person, with one shift brief.",
        discussion: """
            Each task is offered in a signed commit of its own, by the same rules as 'handoff offer', \
            with the shift brief and, under '## This task', its --line when given. A task that is \
            refused stays yours and is named; the others move. The receiver takes them all with \
            'handoff accept-all --from YOU'.
            """)

    @Option(help: "The receiver's email.")
    var to: String

    @Option(help: "The stage the tasks move to (default: each task's next stage of the receiver's).")
    var stage: String?

    @OptionGroup var briefOptions: BriefOptions

    @Option(name: .customLong("line"), help: "A line for one task, as ID=TEXT (repeatable).")
    var lines: [String] = []

    func validate() throws {
        for line in lines where !line.contains("=") { throw ValidationError("--line takes ID=TEXT, e.g. --line HO-7K3QX='call the customer back'") }
    }

    func run() throws {
        let handoff = CLIEnvironment.handoff
        // Nobody writes a shift brief for a handover that cannot move a single task.
        if briefOptions.opensEditor { try handoff.checkHandOver(to: to, stage: stage) }
        var perTask = [String: String]()
        for line in lines {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            perTask[String(parts[0]).uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
        let template = Templates.fill(Templates.brief, [
            "id": "every task you hold", "title": "shift handover", "to": to, "from_stage": "", "to_stage": stage ?? "",
        ])
        let result = try briefOptions.withBrief(editing: template, keptFor: "handover") { brief in
            try handoff.handOver(to: to, stage: stage, brief: brief, lines: perTask)
        }
        try HandoverLines.report(result, verb: "Offered", to: " to \(to)")
    }
}

/// `handoff accept-all`: takes every offer one person made to me.
struct AcceptAllCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-all",
        abstract: "Accept every task one person offered you, with one read-back.",
        discussion: "Each task is accepted in a signed commit of its own, by the same rules as 'handoff accept'.")

    @Option(help: "Whose offers to accept (their email).")
    var from: String

    @OptionGroup var readback: ReadbackOptions

    func run() throws {
        let text = try readback.text()
        let result = try CLIEnvironment.handoff.acceptAll(from: from, readback: text)
        try HandoverLines.report(result, verb: "Accepted", to: "")
    }
}

/// How `handover` and `accept-all` tell what moved and what did not.
enum HandoverLines {
    /// One line per task; exits 1 when some task did not move.
    static func report(_ result: HandoverResult, verb: String, to: String) throws {
        let output = CLIEnvironment.output
        for moved in result.moved {
            output.line("\(verb) \(moved.task.id)\(to) (commit \(moved.commit.short)).")
        }
        for failed in result.failed {
            output.diagnostic("handoff: \(failed.id) did not move: \(TerminalText.escaped(failed.reason))")
        }
        output.line("\(result.moved.count) moved, \(result.failed.count) did not.")
        if !result.failed.isEmpty { throw ExitCode(1) }
    }
}
