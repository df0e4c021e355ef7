import CLibGit2
import Foundation

/// One path whose staged content differs from HEAD.
public struct StagedChange: Sendable, Equatable {
    /// The path inside the repository.
    public let path: String
    /// The blob in HEAD (nil when the path is new).
    public let old: ObjectID?
    /// The staged blob (nil when the path is being deleted).
    public let new: ObjectID?
}

extension Repository {
    /// The paths below `prefix` whose staged (index) content differs from `tree` (HEAD's tree, or
    /// nil for a first commit). Reads only the index entries below `prefix`.
    /// - Throws: `GitError` when the index or tree cannot be read.
    public func stagedChanges(against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange] {
        if prefix.hasSuffix("/"), let index = quickIndex(), let changes = try quickStagedChanges(index, against: tree, under: prefix) {
            return changes
        }
        return try diffedChanges(against: tree, under: prefix)
    }

    /// `stagedChanges` through libgit2's diff of the tree against the whole index.
    func diffedChanges(against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange] {
        var treeObject: OpaquePointer?
        if let tree {
            var oid = tree.gitOid
            try check(git_tree_lookup(&treeObject, handle, &oid), "read tree \(tree.short)")
        }
        defer { git_tree_free(treeObject) }
        var options = handoff_diff_options()
        let pattern = strdup(prefix)
        defer { free(pattern) }
        var patterns: [UnsafeMutablePointer<CChar>?] = [pattern]
        // The index GIT_INDEX_FILE names when opened from a hook's environment, else the repository's.
        var index: OpaquePointer?
        if let environmentIndexFile {
            try check(git_index_open(&index, environmentIndexFile), "open the index \(environmentIndexFile)")
        }
        defer { git_index_free(index) }
        var diff: OpaquePointer?
        let result = patterns.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            return git_diff_tree_to_index(&diff, handle, treeObject, index, &options)
        }
        try check(result, "compare the index with HEAD")
        defer { git_diff_free(diff) }
        let zero = ObjectID.zero
        return (0..<git_diff_num_deltas(diff)).compactMap { index in
            guard let delta = git_diff_get_delta(diff, index)?.pointee, let path = delta.new_file.path ?? delta.old_file.path else {
                return nil
            }
            let old = ObjectID(delta.old_file.id)
            let new = ObjectID(delta.new_file.id)
            return StagedChange(path: String(cString: path), old: old == zero ? nil : old, new: new == zero ? nil : new)
        }
    }
}

extension Repository {
    /// The staged changes below `prefix` read from the index file (see `StagedComparison`). Nil
    /// when the index has conflicts below `prefix` (libgit2 then answers).
    func quickStagedChanges(_ index: IndexFile, against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange]? {
        try StagedComparison(index: index) { id throws(GitError) in try self.treeEntries(id) }.changes(against: tree, under: prefix)
    }
}
