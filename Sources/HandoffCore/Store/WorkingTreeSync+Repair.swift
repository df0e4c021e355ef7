import Foundation
import GitKit

extension WorkingTreeSync {
    /// Finishes the working-tree and index update of a handoff command that was killed after it
    /// wrote `journal` (the caller holds the branch lock). When the branch did not move to the
    /// journal's commit, nothing needs doing; otherwise every path whose index entry is not yet
    /// the committed blob is planned again from the old commit and applied, keeping local edits.
    /// - Returns: a sentence for the user when something was repaired, else nil.
    /// - Throws: `HandoffError.refused` when a local edit made since then is in the way.
    func finish(_ journal: SyncJournal) throws(HandoffError) -> String? {
        let tip = try git({ () throws(GitError) in try repository.resolveReference(journal.branch) })
        guard tip == journal.new else { return nil }
        let newTree = try git({ () throws(GitError) in try repository.commit(journal.new).tree })
        let oldTree = try journal.old.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
        var repaired = [String]()
        for path in journal.paths {
            AtomicFile.removeLeftovers(of: root + path)
            guard let committedEntry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: newTree) }) else {
                if try forget(path, deletedSince: oldTree) { repaired.append(path) }
                continue
            }
            if try git({ () throws(GitError) in try repository.indexEntry(at: path) })?.id == committedEntry.id { continue }
            let committed = try git({ () throws(GitError) in try repository.blobContents(committedEntry.id) })
            let base = try oldTree.flatMap { tree throws(HandoffError) -> [UInt8]? in
                guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
                return try git({ () throws(GitError) in try repository.blobContents(entry.id) })
            }
            let plan: Plan
            do {
                let written = FileManager.default.contents(atPath: root + path).map(Array.init)
                plan = written == committed
                    ? Plan(path: path, committed: committed, working: committed)
                    : try self.plan(path: path, base: base, committed: committed)
            } catch {
                throw .refused("an earlier handoff command was killed after commit \(journal.new.short) landed, and \(path) cannot be brought in step: \(error.message)")
            }
            try apply([plan])
            repaired.append(path)
        }
        guard !repaired.isEmpty else { return nil }
        return "an earlier handoff command was interrupted after commit \(journal.new.short) landed; updated \(repaired.joined(separator: ", ")) in the working tree and index to match it"
    }

    /// For a path the new commit deletes: drops the index entry that still holds the old
    /// version, and the working file when it is that version (a local edit stays, untracked).
    /// - Returns: true when something was repaired.
    private func forget(_ path: String, deletedSince oldTree: ObjectID?) throws(HandoffError) -> Bool {
        guard let oldTree, let oldEntry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: oldTree) }),
            try git({ () throws(GitError) in try repository.indexEntry(at: path) })?.id == oldEntry.id
        else { return false }
        let old = try git({ () throws(GitError) in try repository.blobContents(oldEntry.id) })
        if let local = FileManager.default.contents(atPath: root + path).map(Array.init), local == old { unlink(root + path) }
        try git({ () throws(GitError) in try repository.unstage(path) })
        return true
    }
}
