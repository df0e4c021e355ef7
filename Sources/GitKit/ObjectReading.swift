/// How a `Repository` handle reads objects, chosen when it is opened and fixed after: which
/// object files it reads first, and which tree cache its tree diffs keep trees in. Handles on
/// several threads may share one value's files and cache (both are safe to share), as verify's
/// workers do.
public struct ObjectReading: Sendable {
    /// Where `rawObject`, `blobContents`, `commit` and `treeEntry` look first: the object
    /// folder's files, read without libgit2 (see `ObjectFiles`); libgit2 reads what they do not
    /// hold. Nil: libgit2 reads every object.
    public let objectFiles: ObjectFiles?
    /// Trees the last tree diffs read, for the next diff to reuse (see `SharedCache`).
    public let treeCache: TreeCache

    /// Reading through `objectFiles` (nil: libgit2 alone), keeping trees in `treeCache` (by
    /// default a cache of its own of 1 MB).
    public init(objectFiles: ObjectFiles? = nil, treeCache: TreeCache = TreeCache(budget: 1 << 20)) {
        self.objectFiles = objectFiles
        self.treeCache = treeCache
    }
}
