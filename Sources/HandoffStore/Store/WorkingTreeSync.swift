import Foundation
import GitKit
import HandoffModel

/// Keeps the working tree and index in step with a commit made without checkout, and never
/// loses a local edit: an uncommitted change to a file the commit touches is merged in, or the
/// command is refused before anything is written.
package struct WorkingTreeSync {
    /// What to do with one path once the commit has landed.
    package struct Plan {
        let path: String
        /// The committed bytes.
        let committed: [UInt8]
        /// The bytes the working file gets (committed bytes, or those merged with a local edit).
        let working: [UInt8]
    }

    let repository: Repository
    let root: String

    /// Updates the working tree at `root` of `repository`.
    package init(repository: Repository, root: String) {
        self.repository = repository
        self.root = root
    }

    /// How long to wait for another git command's `index.lock` to go away, in steps of `lockPollMicroseconds`.
    static let lockPolls = 40
    static let lockPollMicroseconds: UInt32 = 50_000

    /// Checks that `path` can move from `base` (its bytes at the parent commit; nil for a new file)
    /// to `committed`, and plans its working-tree update.
    /// - Throws: `HandoffError.refused` when a staged change or a conflicting local edit is in the way.
    func plan(path: String, base: [UInt8]?, committed: [UInt8]) throws(HandoffError) -> Plan {
        let staged = try git({ () throws(GitError) in try repository.indexEntry(at: path) })
        let baseID = base.map(ObjectID.init(hashingBlob:))
        if staged?.id != baseID {
            throw .refused("\(path) has staged changes; commit or unstage them (git restore --staged \(path)) first")
        }
        let full = root + path
        var info = stat()
        guard lstat(full, &info) == 0 else {
            if base == nil { return Plan(path: path, committed: committed, working: committed) }
            throw .refused("\(path) is deleted in your working tree; restore it (git restore \(path)) or commit the deletion first")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .refused("\(path) in your working tree is not a regular file; move it away first")
        }
        guard let base else {
            throw .refused("\(path) already exists in your working tree but not in git; move it away first")
        }
        guard let local = FileManager.default.contents(atPath: full).map(Array.init) else {
            throw .environment("cannot read \(full); check its permissions")
        }
        if local == base { return Plan(path: path, committed: committed, working: committed) }
        let merged = try git({ () throws(GitError) in try MergeFile.merge(base: base, ours: local, theirs: committed) })
        guard merged.isClean else {
            throw .refused("\(path) has local edits that overlap this change; commit them or stash them (git stash) and run the command again")
        }
        return Plan(path: path, committed: committed, working: merged.contents)
    }

    /// Writes the planned working files (each atomically: temporary file, then rename; not
    /// forced to disk, as git does not force a checkout, which cost 10–16 ms a handoff), then
    /// stages the committed blobs in one index write, waiting briefly when another git command
    /// holds the index lock.
    /// - Throws: `HandoffError.environment` when a file or the index cannot be written.
    func apply(_ plans: [Plan]) throws(HandoffError) {
        var staged = [IndexChange]()
        for plan in plans {
            do {
                try AtomicFile.write(plan.working, to: root + plan.path, flush: false)
            } catch {
                throw .environment("\(plan.path) could not be written (\(error.localizedDescription))")
            }
            if plan.working == plan.committed {
                staged.append(.workingFile(plan.path, blob: ObjectID(hashingBlob: plan.committed)))
            } else {
                let blob = try git({ () throws(GitError) in try repository.writeBlob(plan.committed) })
                staged.append(.blob(blob, path: plan.path))
            }
        }
        try whileIndexLocked { () throws(GitError) in try repository.stage(staged) }
    }

    /// Waits (about two seconds at most) while `index.lock` exists, so the index is free when
    /// the branch moves.
    /// - Throws: `HandoffError.refused` saying how to remove a lock a killed git command left.
    package func waitForIndexLock() throws(HandoffError) {
        let lock = repository.gitDirectory + "index.lock"
        for _ in 0..<Self.lockPolls {
            if access(lock, F_OK) != 0 { return }
            usleep(Self.lockPollMicroseconds)
        }
        throw Self.lockedIndex(lock)
    }

    /// Runs an index update, retrying for a while when another git command holds `index.lock`.
    private func whileIndexLocked(_ update: () throws(GitError) -> Void) throws(HandoffError) {
        var polls = 0
        while true {
            do {
                return try update()
            } catch where error.isLocked && polls < Self.lockPolls {
                polls += 1
                usleep(Self.lockPollMicroseconds)
            } catch where error.isLocked {
                throw .environment("the index stayed locked: " + Self.lockedIndex(repository.gitDirectory + "index.lock").message)
            } catch {
                throw .git(error)
            }
        }
    }

    private static func lockedIndex(_ lock: String) -> HandoffError {
        .refused("\(lock) exists: another git command is running, or one was killed; if none is running, remove it (rm '\(lock)') and run the command again")
    }
}
