import HandoffModel

/// What one month folder gives `list`: its tasks that match, and the rows this version cannot
/// decode (their IDs and paths), whose tasks are read again from git.
package struct FolderMatches: Sendable {
    package var entries: [TaskEntry] = []
    package var undecoded: [(id: String, path: String)] = []
}

extension FolderRows {
    /// The tasks of these rows, from month folder `folder`, that match `filter` at `now`;
    /// rows are tested on their cells first, and only those that may match are decoded.
    package func matches(_ filter: TaskFilter, now: Int64, in folder: TaskFolder) -> FolderMatches {
        var found = FolderMatches()
        forEach { row in
            guard row.mayMatch(filter) else { return }
            let path = TaskLocation.path(id: row.id, month: folder.name)
            guard let task = row.task() else {
                found.undecoded.append((row.id, path))
                return
            }
            if filter.matches(task, now: now) { found.entries.append(TaskEntry(task: task, path: path)) }
        }
        return found
    }
}
