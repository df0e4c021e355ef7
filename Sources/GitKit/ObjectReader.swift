/// Reading a repository's objects by id: what every reader answers exactly as git does —
/// `Repository` (libgit2, or its object files first when opened with an `ObjectReading` that names them) and
/// `QuickRepository` (the object files alone, for the pre-commit hook). The tests'
/// `ObjectReaderConformanceTests` hold each of them to git's own answers on the same
/// repositories, loose and packed.
public protocol ObjectReader {
    /// The tree of commit `id`.
    /// - Throws: `GitError` when it is missing or not a commit.
    func commitTree(_ id: ObjectID) throws(GitError) -> ObjectID
    /// The entries of tree `id`, in git's order.
    /// - Throws: `GitError` when it is missing, not a tree, or malformed.
    func treeEntries(_ id: ObjectID) throws(GitError) -> [TreeEntry]
    /// The bytes of blob `id`.
    /// - Throws: `GitError` when it is missing or not a blob.
    func blobContents(_ id: ObjectID) throws(GitError) -> [UInt8]
}

extension Repository: ObjectReader {
    public func commitTree(_ id: ObjectID) throws(GitError) -> ObjectID {
        try commit(id).tree
    }
}

extension QuickRepository: ObjectReader {}
