import ArgumentParser
import HandoffCore

/// `handoff show`: one task, as its file says.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one task.")

    @OptionGroup var task: TaskIDArgument

    @Flag(help: "Print JSON (the fields, plus the Markdown body).")
    var json = false

    private struct ShowJSON: Encodable {
        let task: TaskJSON
        let body: String
    }

    func run() throws {
        let (entry, document) = try CLIEnvironment.handoff.show(task.id)
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(ShowJSON(task: TaskJSON(entry), body: document.body)))
            return
        }
        let task = entry.task
        output.line("\(task.id)  \(task.title)")
        var rows = [["state", task.state.rawValue], ["stage", task.stage], ["owner", task.owner]]
        if let offer = task.offer {
            rows.append(["offer", "\(offer.from) → \(offer.to) (\(task.stage) → \(offer.stage)) since \(offer.at)" + (offer.respondBy.map { ", answer by \($0)" } ?? "")])
        }
        for key in task.fields.keys.sorted() where !["id", "title", "state", "stage", "owner"].contains(key) {
            rows.append([key, task.fields[key] ?? ""])
        }
        if !task.labels.isEmpty { rows.append(["labels", task.labels.joined(separator: ", ")]) }
        rows.append(["file", entry.path])
        TaskRendering.columns(rows).forEach { output.line("  " + $0) }
        output.line("")
        output.line(document.body.trimmingCharacters(in: .newlines))
    }
}
