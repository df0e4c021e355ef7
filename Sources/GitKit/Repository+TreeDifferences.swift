import CLibGit2
import Glibc

extension Repository {
    /// The entries that differ between trees `old` and `new` (nil: empty), paired by name in
    /// git's tree order: `(old, nil)` removed, `(nil, new)` added, both when the id or mode
    /// changed. A file replaced by a folder of the same name shows as a removal and an addition.
    /// Compares only the records between what both trees' bytes share at their start and end
    /// (see `RawTree.differences`); the trees stay in `treeCache` for the next call.
    /// - Throws: `GitError` when a tree cannot be read.
    public func treeDifferences(_ old: ObjectID?, _ new: ObjectID?) throws(GitError) -> [(old: TreeEntry?, new: TreeEntry?)] {
        let before = try old.map { id throws(GitError) in try rawTree(id) }
        return RawTree.differences(before, try new.map { id throws(GitError) in try rawTree(id, relative: before) })
    }

    /// The bytes of tree `id`, from `treeCache` when a recent diff read it; read anew, its
    /// records are found from where it differs from `relative`, another version of it.
    /// - Throws: `GitError` when `id` is not a tree in this repository.
    func rawTree(_ id: ObjectID, relative: RawTree? = nil) throws(GitError) -> RawTree {
        try treeCache.value(id) { () throws(GitError) in
            let bytes = try rawObject(id, of: GIT_OBJECT_TREE)
            return if let relative { try RawTree(id: id, bytes: bytes, relative: relative) } else { try RawTree(id: id, bytes: bytes) }
        }
    }
}
