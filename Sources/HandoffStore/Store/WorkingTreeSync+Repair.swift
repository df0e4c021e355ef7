import Foundation
import GitKit
import HandoffModel

extension WorkingTreeSync {
    /// Finishes the working-tree and index update of a handoff command that was killed after it
    /// wrote `journal` (the caller holds the branch lock). When the branch did not move to the
    /// journal's commit, nothing needs doing; otherwise every path whose index entry is not yet
    /// the committed blob is planned again from the old commit and applied, keeping local edits.
    /// - Returns: a sentence for the user saying whether the killed command's commit landed
    ///   (the killed command could not say so itself) and what was repaired.
    /// - Throws: `HandoffError.refused` when a local edit made since then is in the way.
    func finish(_ journal: SyncJournal) throws(HandoffError) -> String {
        let tip = try git({ () throws(GitError) in try repository.resolveReference(journal.branch) })
        let commit = "commit \(journal.new.short)\(subject(of: journal.new).map { " (\($0))" } ?? "")"
        guard tip == journal.new else {
            if let tip, (try? repository.isAncestor(journal.new, of: tip)) == true {
                return "an earlier handoff command was interrupted after \(commit) landed"
            }
            return "an earlier handoff command was interrupted before \(commit) landed; nothing of it was recorded, so do it again if it is still needed"
        }
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
        guard !repaired.isEmpty else {
            return "an earlier handoff command was interrupted after \(commit) landed; the working tree and index already match it"
        }
        return "an earlier handoff command was interrupted after \(commit) landed; updated \(repaired.joined(separator: ", ")) in the working tree and index to match it"
    }

    /// The first line of `commit`'s message, which names the command (e.g. `handoff: new
    /// HO-7K3QX (sales)`), without control characters and cut to 100 characters.
    private func subject(of commit: ObjectID) -> String? {
        guard let bytes = try? repository.rawObject(commit), let raw = try? RawCommit(id: commit, bytes: bytes) else { return nil }
        let printable = String(String.UnicodeScalarView(raw.subject.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }))
        return printable.isEmpty ? nil : String(printable.prefix(100))
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
