import ArgumentParser
import HandoffCore

/// `handoff note`: any member adds a dated note to a task's log.
struct NoteCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a dated note to a task.",
        discussion: "Without -m, opens your editor for the note, like git commit; an empty note adds nothing.")

    @OptionGroup var task: TaskIDArgument

    @Option(name: .short, help: "The note's text.")
    var message: String?

    func run() throws {
        let handoff = CLIEnvironment.handoff
        let text: String
        if let message {
            text = message
        } else {
            // Whoever may not note it is told before they write.
            try handoff.check(.note(text: "checked before the editor opens"), on: task.id)
            guard TextInput.hasEditor else {
                throw HandoffError.usage("no note given and no editor to write one; pass -m TEXT, or set EDITOR")
            }
            let (entry, _) = try handoff.show(task.id)
            let template = "\n# Your note on \(entry.task.id) (\(entry.task.title)). Lines starting with '#' are left out;\n# an empty note adds nothing.\n"
            text = TextInput.withoutComments(try TextInput.edit(template, fileName: "NOTE.md"))
            guard !text.trimmed.isEmpty else { throw HandoffError.refused("the note is empty; nothing was noted on \(entry.task.id)") }
        }
        let result = try handoff.perform(.note(text: text), on: task.id)
        CLIEnvironment.output.line("Noted on \(result.task.id) (commit \(result.commit.short)).")
    }
}
