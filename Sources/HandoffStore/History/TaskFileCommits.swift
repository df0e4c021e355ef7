import GitKit
import HandoffModel

/// The commits of a history that changed one task file, found through the event index: the
/// commits it lists are looked up there, the others are compared with their first parent (see
/// `CommitTaskChanges`) and then added to it, so that the next `log` of any task finds them.
enum TaskFileCommits {
    /// The commits of `history` (oldest first, as `Repository.commits(in:)` lists them) whose
    /// entry at `path` (`tasks/2026-11/HO-1.md`) differs from their first parent's, in the same
    /// order; `history` ends with HEAD, the name of the index file written. Without `index`
    /// (a shallow or grafted repository, whose commits are given other parents than they
    /// record) every commit is compared and nothing is kept.
    /// - Throws: `HandoffError` when a commit or tree cannot be read.
    static func changing(_ path: String, in history: [ObjectID], of repository: Repository, index: EventIndex?) throws(HandoffError) -> [ObjectID] {
        // Every task's path is below `tasks/`, the only folder compared.
        guard path.hasPrefix(TaskLocation.root + "/") else { return [] }
        let below = String(path.dropFirst(TaskLocation.root.count + 1))
        let files = index?.read()
        let listed = files?.changes(of: below) ?? [:]
        var found = [ObjectID]()
        var added = [UInt8]()
        for id in history {
            if let changed = listed[id] {
                if changed { found.append(id) }
                continue
            }
            let changes = try git({ () throws(GitError) in try CommitTaskChanges(of: id, in: repository) })
            if changes.changes(below) { found.append(id) }
            changes.appendLine(to: &added)
        }
        if let index, let files, let tip = history.last { index.store(added, tip: tip, existing: files) }
        return found
    }
}
