import Foundation
import HandoffCore

/// A Backlog.md project holding the reference repository's first `limit` tasks, for timing
/// `backlog-py` (the PyPI package `backlog-md-py`, Backlog.md's Python port) on the same tasks.
/// Kept beside the reference as `<cache>/<size>/backlog`; `.bench-complete`, written last,
/// records how many tasks it holds, so a build cut short is made again.
struct BacklogProject: Sendable {
    /// Most tasks copied: Backlog.md reads every task file on each command.
    static let limit = 10_000

    /// The project folder (holding `backlog/`).
    let folder: String
    /// How many tasks it holds.
    let tasks: Int

    /// The cached project beside `reference`, written first when missing or incomplete, then
    /// checked with `backlog-py task list --plain` (every task must be listed).
    /// - Throws: `BenchError` or `HandoffError` when a task cannot be read or written, or
    ///   backlog-py lists a different number of tasks.
    static func prepare(from reference: ReferenceRepository, backlogPy: String, shell: Subprocess) throws -> BacklogProject {
        let folder = reference.folder + "/backlog"
        let marker = folder + "/.bench-complete"
        if let text = FileManager.default.contents(atPath: marker), let count = Int(String(decoding: text, as: UTF8.self)) {
            return BacklogProject(folder: folder, tasks: count)
        }
        log("  writing a Backlog.md project of up to \(Format.count(limit)) reference tasks in \(folder)…")
        if FileManager.default.fileExists(atPath: folder) { try FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let admin = reference.people[0]
        try shell.check(backlogPy, ["--cwd", folder, "init", "--defaults", "--no-git", "handoff-bench"], in: folder, environment: admin.environment)
        let paths = try taskPaths(in: reference.repository).prefix(limit)
        let tasksFolder = folder + "/backlog/tasks"
        try FileManager.default.createDirectory(atPath: tasksFolder, withIntermediateDirectories: true)
        for (index, path) in paths.enumerated() {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: reference.repository + "/" + path)))
            let task = try HandoffTask(document: TaskDocument(bytes: bytes, path: path))
            let file = BacklogTaskFile(number: index + 1, task: task)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: tasksFolder + "/" + file.name))
        }
        let listed = try shell.check(backlogPy, ["task", "list", "--plain"], in: folder, environment: admin.environment)
        let count = BacklogTaskFile.listedTasks(listed.output)
        guard count == paths.count else {
            throw BenchError("backlog-py task list --plain listed \(count) tasks in \(folder), but \(paths.count) were written; "
                + "its task format may have changed (look at a file in \(tasksFolder))")
        }
        try Data(String(count).utf8).write(to: URL(fileURLWithPath: marker))
        return BacklogProject(folder: folder, tasks: count)
    }

    /// The task files of `repository` (`tasks/…/*.md`, relative), in path order.
    private static func taskPaths(in repository: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: repository + "/tasks") else {
            throw BenchError("no tasks folder in \(repository)")
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") }.sorted().map { "tasks/" + $0 }
    }
}

/// One of our tasks written as a Backlog.md task file: `task-N - Title.md` with frontmatter
/// `id`, `title`, `status`, `assignee`, `labels`, `priority`, `created_date`, as `backlog task
/// create` writes it.
struct BacklogTaskFile {
    /// The file name inside `backlog/tasks`.
    let name: String
    /// The file's contents.
    let text: String

    /// Task `TASK-<number>` copied from `task`: the owner becomes the assignee; the state the
    /// status (open → To Do, offered → In Progress, done and cancelled → Done); the labels and
    /// the stage the labels; urgent priority high and normal medium.
    init(number: Int, task: HandoffTask) {
        let slug = String(task.title.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" })
        name = "task-\(number) - \(slug.prefix(80)).md"
        let status = switch task.state {
        case .open: "To Do"
        case .offered: "In Progress"
        case .done, .cancelled: "Done"
        }
        let priority = switch task.fields["priority"] ?? "" {
        case "urgent", "high": "high"
        case "normal", "medium": "medium"
        case "low": "low"
        default: "medium"
        }
        let created = (task.fields["created"] ?? "2025-01-01T00:00:00Z").prefix(16).replacingOccurrences(of: "T", with: " ")
        let labels = task.labels + [task.stage]
        text = """
            ---
            id: TASK-\(number)
            title: \(Self.quoted(task.title))
            status: \(status)
            created_date: '\(created)'
            assignee:
              - \(Self.quoted(task.owner))
            labels:
            \(labels.map { "  - \(Self.quoted($0))" }.joined(separator: "\n"))
            priority: \(priority)
            ---

            ## Description

            <!-- SECTION:DESCRIPTION:BEGIN -->
            Copied from \(task.id) of the handoff reference repository.
            <!-- SECTION:DESCRIPTION:END -->

            """
    }

    /// How many tasks `backlog-py task list --plain` printed (lines `TASK-N [Status] Title`).
    static func listedTasks(_ output: String) -> Int {
        output.split(separator: "\n").filter { $0.hasPrefix("TASK-") }.count
    }

    /// `value` as a YAML double-quoted scalar.
    private static func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
