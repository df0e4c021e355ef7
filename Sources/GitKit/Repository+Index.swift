import CLibGit2

/// What the index records for one path.
public struct IndexEntry: Sendable, Equatable {
    /// The staged blob.
    public let id: ObjectID
    /// The staged file mode.
    public let mode: UInt32
}

/// One path to stage.
public enum IndexChange: Sendable {
    /// The file as it is in the working tree, with its stat data. When `blob` is given the file
    /// was just written with exactly that blob's bytes, as a checkout writes it, and is not hashed
    /// again (hashing goes through the attribute machinery, which reads the whole index).
    case workingFile(String, blob: ObjectID? = nil)
    /// A blob at a path, without stat data (git re-reads the working file).
    case blob(ObjectID, path: String, mode: UInt32 = 0o100644)
}

extension Repository {
    /// The stage-0 entry of `path` in the index on disk, or nil when the path is not staged.
    /// - Throws: `GitError` when the index cannot be read.
    public func indexEntry(at path: String) throws(GitError) -> IndexEntry? {
        if let quick = quickIndexEntry(at: path) { return quick }
        let index = try openIndex()
        defer { git_index_free(index) }
        guard let entry = git_index_get_bypath(index, path, 0) else { return nil }
        return IndexEntry(id: ObjectID(entry.pointee.id), mode: entry.pointee.mode)
    }

    /// Stages `path` as it is in the working tree (hashing the file and recording its stat data),
    /// then writes the index. Use after writing the committed content to the working tree.
    /// - Throws: `GitError` when the file cannot be read or the index is locked.
    public func stageWorkingFile(_ path: String) throws(GitError) {
        try stage([.workingFile(path, blob: nil)])
    }

    /// Stages blob `id` at `path` without touching the working tree, then writes the index.
    /// The entry carries no stat data, so git re-reads the working file and shows any local edit.
    /// - Throws: `GitError` when the index is locked or cannot be written.
    public func stageBlob(_ id: ObjectID, at path: String, mode: UInt32 = 0o100644) throws(GitError) {
        try stage([.blob(id, path: path, mode: mode)])
    }

    /// Stages every entry of `changes`, then writes the index once (a large index costs a
    /// read, a hash and a write per call, so batch what belongs together).
    /// - Throws: `GitError` when a file cannot be read or the index is locked.
    public func stage(_ changes: [IndexChange]) throws(GitError) {
        if try quickStage(changes) { return }
        let index = try openIndex()
        defer { git_index_free(index) }
        for change in changes {
            switch change {
            case .workingFile(let path, _):
                try check(git_index_add_bypath(index, path), "stage \(path)")
            case .blob(let id, let path, let mode):
                var entry = git_index_entry()
                entry.id = id.gitOid
                entry.mode = mode
                let result = path.withCString { pointer in
                    entry.path = pointer
                    return git_index_add(index, &entry)
                }
                try check(result, "stage \(path)")
            }
        }
        try check(git_index_write(index), "write the index")
    }

    /// Removes `path` from the index (as `git rm --cached` does), then writes the index.
    /// - Throws: `GitError` when the index is locked or cannot be written.
    public func unstage(_ path: String) throws(GitError) {
        let index = try openIndex()
        defer { git_index_free(index) }
        let result = git_index_remove_bypath(index, path)
        try check(result, "remove \(path) from the index")
        try check(git_index_write(index), "write the index")
    }

    private func openIndex() throws(GitError) -> OpaquePointer? {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "open the index")
        let result = git_index_read(index, 0)
        if result < 0 {
            let error = GitError(code: result, operation: "read the index", message: lastErrorMessage())
            git_index_free(index)
            throw error
        }
        return index
    }
}
