import CLibGit2
import Glibc

extension Repository {
    /// The entries that differ between trees `old` and `new` (nil: empty), paired by name in
    /// git's tree order: `(old, nil)` removed, `(nil, new)` added, both when the id or mode
    /// changed. A file replaced by a folder of the same name shows as a removal and an addition.
    /// Walks both entry lists once, comparing ids in place, so equal entries of a large folder
    /// cost no copy; the last trees read stay open for the next call.
    /// - Throws: `GitError` when a tree cannot be read.
    public func treeDifferences(_ old: ObjectID?, _ new: ObjectID?) throws(GitError) -> [(old: TreeEntry?, new: TreeEntry?)] {
        let oldTree = try old.map { id throws(GitError) in try recentTrees.tree(id) { () throws(GitError) in try lookupTree(id) } }
        let newTree = try new.map { id throws(GitError) in try recentTrees.tree(id) { () throws(GitError) in try lookupTree(id) } }
        let oldCount = oldTree.map { git_tree_entrycount($0) } ?? 0
        let newCount = newTree.map { git_tree_entrycount($0) } ?? 0
        var differences = [(old: TreeEntry?, new: TreeEntry?)]()
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < oldCount || newIndex < newCount {
            let oldEntry = oldIndex < oldCount ? git_tree_entry_byindex(oldTree!, oldIndex) : nil
            let newEntry = newIndex < newCount ? git_tree_entry_byindex(newTree!, newIndex) : nil
            let order: Int32
            if let oldEntry, let newEntry {
                order = Self.gitOrder(oldEntry, newEntry)
            } else {
                order = oldEntry == nil ? 1 : -1
            }
            if order < 0 {
                differences.append((Self.treeEntry(oldEntry!), nil))
                oldIndex += 1
            } else if order > 0 {
                differences.append((nil, Self.treeEntry(newEntry!)))
                newIndex += 1
            } else {
                if git_oid_equal(git_tree_entry_id(oldEntry), git_tree_entry_id(newEntry)) == 0
                    || git_tree_entry_filemode(oldEntry) != git_tree_entry_filemode(newEntry) {
                    differences.append((Self.treeEntry(oldEntry!), Self.treeEntry(newEntry!)))
                }
                oldIndex += 1
                newIndex += 1
            }
        }
        return differences
    }

    private func lookupTree(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var oid = id.gitOid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), "read tree \(id.short)")
        guard let tree else { throw GitError(code: -1, operation: "read tree \(id.short)", message: "no tree") }
        return tree
    }

    /// git's order of tree entries: names compared bytewise, a folder as if its name ended in `/`.
    private static func gitOrder(_ left: OpaquePointer, _ right: OpaquePointer) -> Int32 {
        let leftName = git_tree_entry_name(left)!
        let rightName = git_tree_entry_name(right)!
        let leftLength = strlen(leftName)
        let rightLength = strlen(rightName)
        let common = min(leftLength, rightLength)
        let compared = memcmp(leftName, rightName, common)
        if compared != 0 { return compared }
        func next(_ name: UnsafePointer<CChar>, _ length: Int, _ entry: OpaquePointer) -> Int32 {
            if length > common { return Int32(UInt8(bitPattern: name[common])) }
            return git_tree_entry_type(entry) == GIT_OBJECT_TREE ? Int32(UInt8(ascii: "/")) : 0
        }
        return next(leftName, leftLength, left) - next(rightName, rightLength, right)
    }
}
