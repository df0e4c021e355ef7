import Foundation
import GitKit
import HandoffModel

extension Workspace {
    /// True when a handoff command left its journal: its commit may have landed without the
    /// working tree and index following.
    var hasJournal: Bool {
        let path = SyncJournal.path(in: repository.gitDirectory)
        return access(path, F_OK) == 0 || access(AtomicFile.temporaryPath(for: path), F_OK) == 0
    }

    /// Finishes what an interrupted command left, if the branch lock is free now (a command
    /// that holds it finishes the work itself): every command, reads included, leaves the
    /// working tree and index in step with the branch, so a plain `git commit` after it
    /// cannot record the old task files over a handoff.
    func finishInterruptedCommandIfFree() {
        guard let root = workingDirectory, hasJournal else { return }
        let sync = WorkingTreeSync(repository: repository, root: root)
        do {
            try BranchLock.holdingIfFree(in: repository.gitDirectory) { () throws(HandoffError) in
                try finishInterruptedCommand(sync)
            }
        } catch {
            context.notice?("warning: \(error.message)")
        }
    }

    /// Waits until no other git command holds `index.lock`, then completes the working-tree
    /// update of a handoff command killed after its commit landed, removing the locks it left,
    /// and says what became of its commit (the caller holds the branch lock).
    /// - Throws: `HandoffError.refused` when another git command keeps the index locked, or a
    ///   local edit is in the way of the update.
    package func finishInterruptedCommand(_ sync: WorkingTreeSync) throws(HandoffError) {
        guard hasJournal, let journal = SyncJournal.load(from: repository.gitDirectory) else {
            if hasJournal { SyncJournal.remove(from: repository.gitDirectory) }
            try sync.waitForIndexLock()
            return
        }
        if let notice = removeStaleReferenceLock(of: journal) { context.notice?(notice) }
        // Killed after libgit2 logged the move but before it made it: the log must not say it did.
        repository.forgetReflogEntries(movingTo: journal.new, of: journal.branch)
        if let notice = try waitForIndexLock(sync, leftBy: journal) { context.notice?(notice) }
        context.notice?(try sync.finish(journal))
        SyncJournal.remove(from: repository.gitDirectory)
    }

    /// Removes the `index.lock` the command that wrote `journal` left when it was killed: at
    /// once when it stages that command's commit, else only if it stays, unchanged, through
    /// the wait `WorkingTreeSync.waitForIndexLock` makes for another git command's lock.
    /// - Returns: a sentence for the user when a lock was removed.
    /// - Throws: `HandoffError.refused` when another git command holds the lock.
    private func waitForIndexLock(_ sync: WorkingTreeSync, leftBy journal: SyncJournal) throws(HandoffError) -> String? {
        let leftover = IndexLockLeftover(repository: repository, journal: journal)
        let removed = "removed \(leftover.path), left by a handoff command that was killed while it wrote the index"
        let seen = IndexFile.Stamp(path: leftover.path)
        if seen != nil, leftover.evidence() == .stagesJournalCommit, unlink(leftover.path) == 0 { return removed }
        do {
            try sync.waitForIndexLock()
            return nil
        } catch {
            guard seen != nil, IndexFile.Stamp(path: leftover.path) == seen, leftover.evidence() != nil, unlink(leftover.path) == 0 else { throw error }
            return removed
        }
    }

    /// Removes the branch's `.lock` file when the killed command that wrote `journal` left it:
    /// it holds that command's new commit id (which nobody else knows), or stays empty while
    /// we wait (a live git command fills its lock file at once).
    /// - Returns: a sentence for the user when a lock was removed.
    private func removeStaleReferenceLock(of journal: SyncJournal) -> String? {
        let lock = repository.commonDirectory + journal.branch + ".lock"
        func contents() -> String? { FileManager.default.contents(atPath: lock).map { String(decoding: $0, as: UTF8.self) } }
        guard var text = contents() else { return nil }
        if text.isEmpty {
            usleep(WorkingTreeSync.lockPollMicroseconds * 10)
            guard let again = contents() else { return nil }
            text = again
        }
        guard text.isEmpty || text == journal.new.hex + "\n" else { return nil }
        guard unlink(lock) == 0 else { return nil }
        return "removed \(lock), left by a handoff command that was killed while it moved \(journal.branch)"
    }
}
