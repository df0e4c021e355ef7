import GitKit
import HandoffModel

/// Where a task lives in a commit's tree: `tasks/<YYYY-MM>/<ID>.md`.
public struct TaskLocation: Sendable, Equatable {
    /// The task ID (the file name without `.md`).
    public let id: String
    /// The path inside the repository.
    public let path: String
    /// The blob holding the file (for a folder wrongly named like a task file, its tree).
    public let blob: ObjectID
    /// Its git file mode; anything but a regular file is refused when the task is read.
    public var mode: UInt32 = 0o100644

    /// Checks that `written`, the `id` read from this file, is the ID its file name says.
    /// - Throws: `HandoffError.invalidFile` naming the file when they differ.
    func checkID(_ written: String) throws(HandoffError) {
        guard written == id else {
            throw .invalidFile(path, "says id \(written) but its file name says \(id); make them agree")
        }
    }

    /// The folder all tasks live under.
    public static let root = "tasks"

    /// The path a new task created in `month` ("2026-11") gets.
    public static func path(id: String, month: String) -> String { "\(root)/\(month)/\(id).md" }
}

/// One month folder under `tasks/`.
public struct TaskFolder: Sendable, Equatable {
    /// Its name, e.g. "2026-11".
    public let name: String
    /// Its tree.
    public let tree: ObjectID
}

/// Finds tasks in a tree without reading them: the month folders under `tasks/` and their files.
public enum TaskIndex {
    /// Every task file in `tree`, month by month.
    /// - Throws: `GitError` when a tree cannot be read.
    public static func locations(in repository: Repository, tree: ObjectID) throws(GitError) -> [TaskLocation] {
        var locations = [TaskLocation]()
        for folder in try folders(in: repository, tree: tree) {
            locations += try self.locations(in: folder, repository: repository)
        }
        return locations
    }

    /// The month folders under `tasks/` in `tree`: name and tree id.
    /// - Throws: `GitError` when a tree cannot be read.
    public static func folders(in repository: Repository, tree: ObjectID) throws(GitError) -> [TaskFolder] {
        guard let tasks = try repository.treeEntry(at: TaskLocation.root, in: tree), tasks.kind == .tree else { return [] }
        return try repository.treeEntries(tasks.id).filter { $0.kind == .tree }.map { TaskFolder(name: $0.name, tree: $0.id) }
    }

    /// The task files of one month folder.
    /// - Throws: `GitError` when its tree cannot be read.
    public static func locations(in folder: TaskFolder, repository: Repository) throws(GitError) -> [TaskLocation] {
        try repository.treeEntries(folder.tree).compactMap { file in
            guard file.kind == .blob || file.kind == .tree, file.name.hasSuffix(".md") else { return nil }
            return TaskLocation(
                id: String(file.name.dropLast(3)), path: "\(TaskLocation.root)/\(folder.name)/\(file.name)", blob: file.id, mode: file.mode)
        }
    }

    /// True when some month folder of `tree` holds `<id>.md`; reads one small tree per month
    /// rather than every task.
    /// - Throws: `HandoffError` when a tree cannot be read.
    public static func contains(id: String, in repository: Repository, tree: ObjectID) throws(HandoffError) -> Bool {
        try location(id: id, in: repository, tree: tree) != nil
    }

    /// Where the task with exactly `id` lives in `tree`, found by name in each month folder (a
    /// binary search of one small tree per month, not a listing of every task).
    /// - Throws: `HandoffError` when a tree cannot be read.
    public static func location(id: String, in repository: Repository, tree: ObjectID) throws(HandoffError) -> TaskLocation? {
        guard TaskID.isValid(id),
            let tasks = try git({ () throws(GitError) in try repository.treeEntry(at: TaskLocation.root, in: tree) }),
            tasks.kind == .tree
        else { return nil }
        let name = "\(id).md"
        for month in try git({ () throws(GitError) in try repository.treeEntries(tasks.id) }) where month.kind == .tree {
            if let file = try git({ () throws(GitError) in try repository.treeEntry(at: name, in: month.id) }), file.kind == .blob {
                return TaskLocation(id: id, path: "\(TaskLocation.root)/\(month.name)/\(name)", blob: file.id, mode: file.mode)
            }
        }
        return nil
    }

    /// The one task whose ID is `query` or starts with it (ignoring case), as git accepts short ids.
    /// - Throws: `HandoffError.refused` when none matches, `.usage` when several do.
    public static func resolve(_ query: String, among locations: [TaskLocation]) throws(HandoffError) -> TaskLocation {
        let wanted = query.uppercased()
        if let exact = locations.first(where: { $0.id.uppercased() == wanted }) { return exact }
        let matches = locations.filter { $0.id.uppercased().hasPrefix(wanted) }
        guard !wanted.isEmpty, let first = matches.first else {
            throw .refused("no task \(query); 'handoff list' shows the tasks")
        }
        guard matches.count == 1 else {
            let names = matches.prefix(5).map(\.id).joined(separator: ", ")
            throw .usage("\(query) is ambiguous: \(names)\(matches.count > 5 ? ", …" : ""); type more of the ID")
        }
        return first
    }
}
