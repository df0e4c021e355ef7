import CLibGit2

/// One path both sides of a tree merge changed in ways a line merge could not combine.
public struct TreeConflict: Sendable {
    /// The path inside the tree.
    public let path: String
    /// The blob at the merge base (nil when the path is new).
    public let base: ObjectID?
    /// Our blob (nil when we deleted it).
    public let ours: ObjectID?
    /// Their blob (nil when they deleted it).
    public let theirs: ObjectID?
}

/// The result of a three-way tree merge: a tree, or the paths left in conflict.
public enum TreeMerge: Sendable {
    /// Every path merged; the merged tree.
    case clean(ObjectID)
    /// Some paths conflict; nothing was written.
    case conflicts([TreeConflict])
}

extension Repository {
    /// The best common ancestor of two commits, or nil when their histories never meet.
    /// - Throws: `GitError` when a commit is missing.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var first = one.gitOid
        var second = two.gitOid
        let result = git_merge_base(&out, handle, &first, &second)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "find the common ancestor of \(one.short) and \(two.short)")
        return ObjectID(out)
    }

    /// Merges trees `ours` and `theirs`, both descended from `base`, as a cherry-pick or merge does
    /// (line merges per file). A conflicted path is offered to `resolve`, which may return a blob to
    /// use instead; the paths it leaves unresolved (returning nil or throwing) are returned as conflicts.
    /// - Throws: `GitError` when a tree is missing or the result cannot be written.
    public func mergeTrees(
        base: ObjectID?, ours: ObjectID, theirs: ObjectID,
        resolve: (TreeConflict) throws -> ObjectID? = { _ in nil }
    ) throws(GitError) -> TreeMerge {
        let baseTree = try base.map { id throws(GitError) in try lookupTree(id) }
        defer { git_tree_free(baseTree ?? nil) }
        let ourTree = try lookupTree(ours)
        defer { git_tree_free(ourTree) }
        let theirTree = try lookupTree(theirs)
        defer { git_tree_free(theirTree) }
        var options = handoff_merge_options()
        var index: OpaquePointer?
        try check(git_merge_trees(&index, handle, baseTree ?? nil, ourTree, theirTree, &options), "merge trees")
        defer { git_index_free(index) }
        // 1 or 0; negative only for a missing index, which `git_merge_trees` just made.
        let conflicted = git_index_has_conflicts(index)
        try check(conflicted, "look for merge conflicts")
        if conflicted == 1 {
            var unresolved = [TreeConflict]()
            for conflict in try conflicts(in: index) {
                let blob: ObjectID?
                do {
                    blob = try resolve(conflict)
                } catch {
                    blob = nil
                }
                guard let blob else {
                    unresolved.append(conflict)
                    continue
                }
                try check(git_index_conflict_remove(index, conflict.path), "resolve \(conflict.path)")
                var entry = git_index_entry()
                entry.id = blob.gitOid
                entry.mode = 0o100644
                let added = conflict.path.withCString { pointer in
                    entry.path = pointer
                    return git_index_add(index, &entry)
                }
                try check(added, "stage the merged \(conflict.path)")
            }
            if !unresolved.isEmpty { return .conflicts(unresolved) }
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, handle), "write the merged tree")
        return .clean(ObjectID(tree))
    }

    private func lookupTree(_ id: ObjectID) throws(GitError) -> OpaquePointer? {
        var oid = id.gitOid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), "read tree \(id.short)")
        return tree
    }

    private func conflicts(in index: OpaquePointer?) throws(GitError) -> [TreeConflict] {
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "list merge conflicts")
        defer { git_index_conflict_iterator_free(iterator) }
        var found = [TreeConflict]()
        while true {
            var ancestor: UnsafePointer<git_index_entry>?
            var our: UnsafePointer<git_index_entry>?
            var their: UnsafePointer<git_index_entry>?
            let result = git_index_conflict_next(&ancestor, &our, &their, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "list merge conflicts")
            guard let path = (our ?? their ?? ancestor).map({ String(cString: $0.pointee.path) }) else { continue }
            found.append(TreeConflict(
                path: path, base: ancestor.map { ObjectID($0.pointee.id) },
                ours: our.map { ObjectID($0.pointee.id) }, theirs: their.map { ObjectID($0.pointee.id) }))
        }
        return found
    }
}
