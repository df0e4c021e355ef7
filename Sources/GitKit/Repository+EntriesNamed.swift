import CLibGit2
import Glibc

extension Repository {
    /// The entries of trees `trees` whose names are among `names`, tree by tree in the trees'
    /// order; names compare as Swift strings do. Sorts `names` once and reads entry names in
    /// place, so folders of thousands of entries cost one pass of byte comparisons each rather
    /// than one string per entry.
    /// - Throws: `GitError` when a tree cannot be read.
    public func entries(named names: Set<String>, in trees: [ObjectID]) throws(GitError) -> [TreeEntry] {
        guard !names.isEmpty else { return [] }
        let sorted = names.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        // Unicode text may equal a differently encoded name; only ASCII is compared as bytes.
        let allASCII = sorted.allSatisfy { $0.allSatisfy { $0 < 0x80 } }
        var found = [TreeEntry]()
        for id in trees {
            var oid = id.gitOid
            var tree: OpaquePointer?
            try check(git_tree_lookup(&tree, handle, &oid), "read tree \(id.short)")
            defer { git_tree_free(tree) }
            var cursor = 0
            var previous: UnsafeRawBufferPointer?
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index), let cName = git_tree_entry_name(entry) else { continue }
                let name = UnsafeRawBufferPointer(start: cName, count: strlen(cName))
                guard allASCII, name.allSatisfy({ $0 < 0x80 }) else {
                    if names.contains(String(cString: cName)) { found.append(Self.treeEntry(entry)) }
                    continue
                }
                // git orders a folder as if its name ended in "/", so bytewise order may step back.
                if let previous, !previous.lexicographicallyPrecedes(name) { cursor = 0 }
                previous = name
                while cursor < sorted.count, sorted[cursor].lexicographicallyPrecedes(name) { cursor += 1 }
                if cursor < sorted.count, sorted[cursor].elementsEqual(name) { found.append(Self.treeEntry(entry)) }
            }
        }
        return found
    }
}
