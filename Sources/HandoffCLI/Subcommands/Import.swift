import ArgumentParser
import Foundation
import HandoffCore

/// `handoff import`: many tasks from another tracker in one signed commit.
struct ImportCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create many tasks in one signed commit (admin only); prints their IDs.",
        discussion: """
            FILE holds JSON Lines, one task per line: {"title": "…", "stage": "…", "owner": "…", \
            "priority": "…", "due": "YYYY-MM-DD", "labels": […], "fields": {"customer": "…"}, \
            "created": "2025-03-04T10:00:00Z"}. Only title is required; created picks the month folder. \
            Nothing is written unless every line is valid.
            """)

    @Argument(help: "The JSON Lines file, or - for standard input.")
    var file: String

    func run() throws {
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            let path = file.hasPrefix("/") ? file : CLIEnvironment.current.context.directory + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HandoffError.usage("cannot read \(file); check the path")
            }
            bytes = Array(data)
        }
        let imports = try TaskImportFile.parse(bytes, path: file)
        let result = try CLIEnvironment.handoff.importTasks(imports)
        for task in result.tasks { CLIEnvironment.output.line(task.id) }
    }
}
