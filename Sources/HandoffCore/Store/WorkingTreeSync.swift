import Foundation
import GitKit

/// Keeps the working tree and index in step with a commit made without checkout, and never
/// loses a local edit: an uncommitted change to a file the commit touches is merged in, or the
/// command is refused before anything is written.
struct WorkingTreeSync {
    /// What to do with one path once the commit has landed.
    struct Plan {
        let path: String
        /// The committed bytes.
        let committed: [UInt8]
        /// The bytes the working file gets (committed bytes, or those merged with a local edit).
        let working: [UInt8]
    }

    let repository: Repository
    let root: String

    /// Checks that `path` can move from `base` (its bytes at the parent commit; nil for a new file)
    /// to `committed`, and plans its working-tree update.
    /// - Throws: `HandoffError.refused` when a staged change or a conflicting local edit is in the way.
    func plan(path: String, base: [UInt8]?, committed: [UInt8]) throws(HandoffError) -> Plan {
        let staged = try git({ () throws(GitError) in try repository.indexEntry(at: path) })
        let baseID = try base.map { bytes throws(HandoffError) in try git({ () throws(GitError) in try repository.writeBlob(bytes) }) }
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

    /// Writes the planned working files (each atomically), then stages the committed blobs in one
    /// index write.
    /// - Throws: `HandoffError.environment` when a file or the index cannot be written.
    func apply(_ plans: [Plan]) throws(HandoffError) {
        var staged = [IndexChange]()
        for plan in plans {
            let full = root + plan.path
            do {
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(plan.working).write(to: URL(fileURLWithPath: full), options: .atomic)
            } catch {
                throw .environment("the commit landed but \(plan.path) could not be written (\(error.localizedDescription)); run 'git restore \(plan.path)'")
            }
            if plan.working == plan.committed {
                staged.append(.workingFile(plan.path))
            } else {
                let blob = try git({ () throws(GitError) in try repository.writeBlob(plan.committed) })
                staged.append(.blob(blob, path: plan.path))
            }
        }
        try git({ () throws(GitError) in try repository.stage(staged) })
    }
}
