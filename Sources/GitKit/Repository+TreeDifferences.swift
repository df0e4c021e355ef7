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
        RawTree.differences(try old.map { id throws(GitError) in try rawTree(id) }, try new.map { id throws(GitError) in try rawTree(id) })
    }

    /// The bytes of tree `id`, from `treeCache` when a recent diff read it.
    /// - Throws: `GitError` when `id` is not a tree in this repository.
    func rawTree(_ id: ObjectID) throws(GitError) -> RawTree {
        try treeCache.value(id) { () throws(GitError) in try RawTree(id: id, bytes: try rawObject(id, of: GIT_OBJECT_TREE)) }
    }
}
