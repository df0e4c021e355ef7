import CLibGit2

/// The last few trees a repository handle read for a tree diff, kept open. Walking history, a
/// commit's parent trees are the trees of the commit before: a folder of 1,000 tasks is read,
/// inflated from its delta chain and parsed once for both. Owned by one `Repository`, which
/// empties it before freeing its handle.
final class RecentTrees {
    private var trees = [(id: ObjectID, tree: OpaquePointer)]()
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The open tree `id`, from the kept ones or from `load`; it stays owned by this cache.
    func tree(_ id: ObjectID, load: () throws(GitError) -> OpaquePointer) throws(GitError) -> OpaquePointer {
        if let index = trees.firstIndex(where: { $0.id == id }) {
            let kept = trees.remove(at: index)
            trees.append(kept)
            return kept.tree
        }
        let tree = try load()
        if trees.count >= capacity { git_tree_free(trees.removeFirst().tree) }
        trees.append((id, tree))
        return tree
    }

    /// Frees every kept tree.
    func removeAll() {
        for kept in trees { git_tree_free(kept.tree) }
        trees.removeAll()
    }

    deinit {
        removeAll()
    }
}
