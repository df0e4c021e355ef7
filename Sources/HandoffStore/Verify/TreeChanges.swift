import GitKit
import HandoffModel

/// One path whose entry differs between two trees.
public struct PathChange: Sendable, Equatable {
    /// The path inside the repository.
    public let path: String
    /// The entry before (nil when added).
    public let old: TreeEntry?
    /// The entry after (nil when deleted).
    public let new: TreeEntry?
}

/// The files that differ between two trees below some folders, found without reading unchanged
/// subtrees (equal tree ids are skipped whole, as git's own tree diff does).
enum TreeChanges {
    /// Changed files below each of `roots` between `old` (nil: empty) and `new`.
    static func between(_ old: ObjectID?, _ new: ObjectID?, under roots: [String], in repository: Repository) throws(HandoffError) -> [PathChange] {
        var added = Set<String>()
        return try between(old, new, under: roots, in: repository, addingTasks: &added)
    }

    /// Changed files below each of `roots` between `old` and `new`; `added` gains the ID of
    /// every entry `tasks/<folder>/<ID>.md` that `new` has and `old` has not, of any kind (an
    /// empty folder so named included), which is what makes an ID taken.
    static func between(
        _ old: ObjectID?, _ new: ObjectID?, under roots: [String], in repository: Repository, addingTasks added: inout Set<String>
    ) throws(HandoffError) -> [PathChange] {
        var changes = [PathChange]()
        for root in roots {
            let before = try old.flatMap { tree throws(HandoffError) in try git({ () throws(GitError) in try repository.treeEntry(at: root, in: tree) }) }
            let after = try new.flatMap { tree throws(HandoffError) in try git({ () throws(GitError) in try repository.treeEntry(at: root, in: tree) }) }
            try compare(root, before, after, into: &changes, adding: &added, repository: repository)
        }
        return changes
    }

    /// Changed files below each of `roots` (top-level names) given the top-level differences
    /// of two trees (`Repository.treeDifferences` of the roots): a root both trees hold
    /// unchanged is not in them, so one diff of the small top-level trees stands for a lookup
    /// of every root in both. `added` gains the IDs of added task entries, as in
    /// `between(_:_:under:in:addingTasks:)`.
    static func below(
        _ roots: [String], topLevel: [(old: TreeEntry?, new: TreeEntry?)], in repository: Repository, addingTasks added: inout Set<String>
    ) throws(HandoffError) -> [PathChange] {
        var changes = [PathChange]()
        for (before, after) in topLevel {
            guard let name = (before ?? after)?.name, roots.contains(name) else { continue }
            try compare(name, before, after, into: &changes, adding: &added, repository: repository)
        }
        return changes
    }

    private static func compare(
        _ path: String, _ old: TreeEntry?, _ new: TreeEntry?, into changes: inout [PathChange], adding added: inout Set<String>, repository: Repository
    ) throws(HandoffError) {
        if old?.id == new?.id && old?.mode == new?.mode { return }
        if old == nil, new != nil, HandEditRules.isTaskPath(path) {
            added.insert(HandEditRules.taskID(of: path))
        }
        let oldIsTree = old?.kind == .tree
        let newIsTree = new?.kind == .tree
        if !oldIsTree && !newIsTree {
            changes.append(PathChange(path: path, old: old, new: new))
            return
        }
        if let old, !oldIsTree { changes.append(PathChange(path: path, old: old, new: nil)) }
        if let new, !newIsTree { changes.append(PathChange(path: path, old: nil, new: new)) }
        let differences = try git({ () throws(GitError) in
            try repository.treeDifferences(oldIsTree ? old?.id : nil, newIsTree ? new?.id : nil)
        })
        for (before, after) in differences {
            // Each difference has an entry on one side at least; one with neither changes nothing.
            guard let entry = before ?? after else { continue }
            try compare(path + "/" + entry.name, before, after, into: &changes, adding: &added, repository: repository)
        }
    }
}
