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
        var diff: OpaquePointer?
        let result = patterns.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            return git_diff_tree_to_index(&diff, handle, treeObject, nil, &options)
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
