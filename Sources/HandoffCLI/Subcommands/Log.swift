import ArgumentParser
import HandoffCore

/// `handoff log`: the chain of custody of one task, from history.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show who held a task when: every event, its actor, brief and signature status.")

    @OptionGroup var task: TaskIDArgument

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (current, events) = try CLIEnvironment.handoff.log(task.id)
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(events))
            return
        }
        output.line("\(current.id)  \(current.title)  (now: \(current.owner), \(current.stage), \(current.state.rawValue))")
        for event in events {
            var line = "\(event.time)  \(event.commit.prefix(7))  \(event.action.padding(toLength: 8, withPad: " ", startingAt: 0)) by \(event.actor)"
            if let from = event.from, let to = event.to, from != to { line += "  \(from) → \(to)" }
            if let fromStage = event.fromStage, let toStage = event.toStage, fromStage != toStage { line += "  (\(fromStage) → \(toStage))" }
            line += "  [signature: \(event.signature)]"
            output.line(line)
            if let problem = event.problem { output.line("    ! \(problem)") }
            if let details = event.details {
                details.split(separator: "\n", omittingEmptySubsequences: false).forEach { output.line("    " + $0) }
            }
        }
    }
}
