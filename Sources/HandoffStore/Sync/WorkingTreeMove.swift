import Foundation
import GitKit
import HandoffModel

/// Brings the working tree and index from one commit of the branch to another after sync moved
/// it, as the other commands do for the files they change: a local edit to a file that changes is
/// merged in, and one that cannot be merged refuses the whole move before anything is written.
package struct WorkingTreeMove {
    /// What to do with one path.
    package enum Step {
        /// Write (and stage) the file, as `WorkingTreeSync` planned it.
        case write(WorkingTreeSync.Plan)
        /// Delete the file and its index entry.
        case delete(String)

        /// The path the step is about.
        package var path: String {
            switch self {
            case .write(let plan): plan.path
            case .delete(let path): path
            }
        }
    }

    let repository: Repository
    let root: String

    /// Moves the working tree at `root` of `repository`.
    package init(repository: Repository, root: String) {
        self.repository = repository
        self.root = root
    }

    /// The steps that take the working tree from commit `old` to commit `new`.
    /// - Throws: `HandoffError.refused` naming the first path whose local state is in the way.
    package func plan(from old: ObjectID, to new: ObjectID) throws(HandoffError) -> [Step] {
        let oldTree = try git({ () throws(GitError) in try repository.commit(old).tree })
        let newTree = try git({ () throws(GitError) in try repository.commit(new).tree })
        let sync = WorkingTreeSync(repository: repository, root: root)
        var steps = [Step]()
        for change in try TreeDiff.files(from: oldTree, to: newTree, in: repository) {
            if let entry = change.new {
                guard entry.kind == .blob, entry.mode == 0o100644 || entry.mode == 0o100755 else {
                    throw .refused("upstream changes \(change.path) into a symlink or submodule, which handoff sync does not check out; run 'git pull --rebase' instead")
                }
                let base = try change.old.map { old throws(HandoffError) in try git({ () throws(GitError) in try repository.blobContents(old.id) }) }
                let committed = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
                steps.append(.write(try sync.plan(path: change.path, base: base, committed: committed)))
            } else if let old = change.old {
                try checkDeletable(change.path, committed: old)
                steps.append(.delete(change.path))
            }
        }
        return steps
    }

    /// Carries out the steps.
    /// - Throws: `HandoffError.environment` when a file or the index cannot be written.
    package func apply(_ steps: [Step]) throws(HandoffError) {
        var writes = [WorkingTreeSync.Plan]()
        var deletions = [String]()
        for step in steps {
            switch step {
            case .write(let plan): writes.append(plan)
            case .delete(let path): deletions.append(path)
            }
        }
        if !writes.isEmpty { try WorkingTreeSync(repository: repository, root: root).apply(writes) }
        for path in deletions {
            if unlink(root + path) != 0 && errno != ENOENT {
                throw .environment("the branch moved but \(path) could not be deleted (\(String(cString: strerror(errno)))); delete it by hand")
            }
            try git({ () throws(GitError) in try repository.unstage(path) })
        }
    }

    private func checkDeletable(_ path: String, committed: TreeEntry) throws(HandoffError) {
        let staged = try git({ () throws(GitError) in try repository.indexEntry(at: path) })
        if let staged, staged.id != committed.id {
            throw .refused("\(path) has staged changes, but upstream deletes it; commit or unstage them first")
        }
        guard let local = FileManager.default.contents(atPath: root + path) else { return }
        let committedBytes = try git({ () throws(GitError) in try repository.blobContents(committed.id) })
        if Array(local) != committedBytes {
            throw .refused("\(path) has local edits, but upstream deletes it; commit them or move the file away and run 'handoff sync' again")
        }
    }
}

/// The files (blobs, symlinks, submodules) that differ between two whole trees.
enum TreeDiff {
    /// Changed files between `old` and `new`, by path; equal subtrees are skipped whole.
    static func files(from old: ObjectID, to new: ObjectID, in repository: Repository) throws(HandoffError) -> [PathChange] {
        var changes = [PathChange]()
        try compare(old, new, prefix: "", into: &changes, repository)
        return changes
    }

    private static func compare(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into changes: inout [PathChange], _ repository: Repository) throws(HandoffError) {
        if old == new { return }
        let before = try entries(old, repository)
        let after = try entries(new, repository)
        for name in Set(before.keys).union(after.keys).sorted() {
            let (was, now) = (before[name], after[name])
            if was?.id == now?.id && was?.mode == now?.mode { continue }
            let path = prefix + name
            let wasTree = was?.kind == .tree
            let nowTree = now?.kind == .tree
            if wasTree || nowTree {
                try compare(wasTree ? was?.id : nil, nowTree ? now?.id : nil, prefix: path + "/", into: &changes, repository)
            }
            let wasFile = wasTree ? nil : was
            let nowFile = nowTree ? nil : now
            if wasFile != nil || nowFile != nil { changes.append(PathChange(path: path, old: wasFile, new: nowFile)) }
        }
    }

    private static func entries(_ tree: ObjectID?, _ repository: Repository) throws(HandoffError) -> [String: TreeEntry] {
        guard let tree else { return [:] }
        let list = try git({ () throws(GitError) in try repository.treeEntries(tree) })
        return Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
