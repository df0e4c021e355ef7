import ArgumentParser
import HandoffCore

/// `handoff list`: a table of tasks.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tasks, filtered.")

    @Flag(help: "Only tasks you own.")
    var mine = false

    @Option(help: "Only tasks owned by this email.")
    var owner: String?

    @Option(help: "Only tasks in this stage.")
    var stage: String?

    @Option(help: "Only tasks in this state (open, offered, done, cancelled).")
    var state: TaskState?

    @Option(help: "Only tasks offered to this email.")
    var offeredTo: String?

    @Option(help: "Only offers older than this, e.g. 2d, 36h.")
    var stale: String?

    @Flag(help: "Only open or offered tasks past their due date.")
    var overdue = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if mine && owner != nil { throw ValidationError("--mine and --owner exclude each other") }
        if let stale, DurationText.seconds(stale) == nil {
            throw ValidationError("--stale takes a duration like 2d, 36h or 90m")
        }
    }

    func run() throws {
        let handoff = CLIEnvironment.handoff
        if let stage {
            let stages = try handoff.workflow().stages
            guard stages.contains(stage) else {
                let hint = Suggestion.closest(to: stage, in: stages).map { "did you mean '\($0)'? " } ?? ""
                throw HandoffError.usage("no stage '\(stage)' in this workflow; \(hint)stages: \(stages.joined(separator: ", "))")
            }
        }
        let me = mine ? try handoff.currentEmail() : nil
        let filter = TaskFilter(
            owner: me ?? owner, stage: stage, state: state, offeredTo: offeredTo,
            staleAfter: stale.flatMap { DurationText.seconds($0) }, overdue: overdue)
        let entries = try handoff.list(filter)
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(entries.map(TaskJSON.init)))
        } else if entries.isEmpty {
            var note = "No tasks match."
            if let owner, let members = try? handoff.workflow().members.map(\.email), !members.contains(where: { $0.lowercased() == owner.lowercased() }) {
                note += " \(owner) is not a member of this workflow" + (Suggestion.closest(to: owner, in: members).map { "; did you mean \($0)?" } ?? ".")
            }
            output.diagnostic(note)
        } else {
            output.lines(TaskRendering.table(entries))
        }
    }
}

extension TaskState: ExpressibleByArgument {}
