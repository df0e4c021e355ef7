import ArgumentParser
import HandoffCore

/// `handoff new`: a task file from the template, in one signed commit.
struct NewCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a task; prints its ID.")

    @Argument(help: "The task's title.")
    var title: String

    @Option(help: "Its stage (default: your first stage).")
    var stage: String?

    @Option(help: "Its owner's email (default: you).")
    var owner: String?

    @Option(help: "Priority, e.g. low, normal, high.")
    var priority: String?

    @Option(help: "Due date, YYYY-MM-DD.")
    var due: String?

    @Option(name: .customLong("label"), help: "A label (repeat for several).")
    var labels: [String] = []

    @Option(name: .customLong("field"), help: "Another field as key=value, e.g. customer='ACME Corp' (repeatable).")
    var fields: [String] = []

    func validate() throws {
        for field in fields where !field.contains("=") {
            throw ValidationError("--field takes key=value, got '\(field)'")
        }
    }

    func run() throws {
        let pairs = fields.map { field -> (String, String) in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let request = NewTaskRequest(
            title: title, stage: stage, owner: owner, priority: priority, due: due, labels: labels, fields: pairs)
        let result = try CLIEnvironment.handoff.newTask(request)
        CLIEnvironment.output.line(result.task.id)
        if TaskFilter.isOverdue(result.task, now: CLIEnvironment.current.context.now()), let due {
            CLIEnvironment.output.diagnostic("handoff: warning: \(result.task.id) is due \(due), which has passed; 'handoff list --overdue' lists it")
        }
    }
}
