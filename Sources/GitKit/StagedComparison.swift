/// Compares the index below one folder with that folder's tree in HEAD, reading trees through
/// `treeEntries` (libgit2's, or `QuickRepository`'s own reader). Folders whose tree git cached
/// in the index and that equal HEAD's are skipped whole, so after a commit only the folders
/// touched since are compared, each by walking both sorted lists once (a month folder holds
/// about 1,000 tasks, and this runs on every commit).
struct StagedComparison {
    let index: IndexFile
    let treeEntries: (ObjectID) throws(GitError) -> [TreeEntry]
    private let cached: [String: IndexFile.CachedTree]

    init(index: IndexFile, treeEntries: @escaping (ObjectID) throws(GitError) -> [TreeEntry]) {
        self.index = index
        self.treeEntries = treeEntries
        cached = index.cachedTrees()
    }

    /// The staged changes below `prefix` (ending in `/`) against `tree` (nil for a first
    /// commit), in path order; nil when the index has conflicts there.
    func changes(against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange]? {
        let folder = String(prefix.dropLast())
        var head = tree
        for name in folder.split(separator: "/") {
            guard let id = head else { break }
            head = try treeEntries(id).first { $0.name == name && $0.kind == .tree }?.id
        }
        var changes = [StagedChange]()
        guard try compareFolder(folder, head: head, into: &changes) else { return nil }
        return changes.sorted { $0.path < $1.path }
    }

    private func compareFolder(_ folder: String, head: ObjectID?, into changes: inout [StagedChange]) throws(GitError) -> Bool {
        if let head, cached[folder]?.id == head { return true }
        let staged = index.children(of: folder + "/", cachedTrees: cached)
        guard staged.allSatisfy({ $0.stage == 0 }) else { return false }
        let committed = try head.map { id throws(GitError) in try treeEntries(id) } ?? []
        var next = (staged: 0, committed: 0)
        while next.staged < staged.count || next.committed < committed.count {
            let mine = next.staged < staged.count ? staged[next.staged] : nil
            let theirs = next.committed < committed.count ? committed[next.committed] : nil
            let order: Int
            if let mine, let theirs {
                order = TreeOrder.compare(mine.name, isFolder: mine.isFolder, theirs.name, isFolder: theirs.kind == .tree)
            } else {
                order = mine == nil ? 1 : -1
            }
            if order < 0, let mine {
                next.staged += 1
                if mine.isFolder {
                    guard try compareFolder("\(folder)/\(mine.name)", head: nil, into: &changes) else { return false }
                } else {
                    changes.append(StagedChange(path: "\(folder)/\(mine.name)", old: nil, new: mine.id))
                }
            } else if order > 0, let theirs {
                next.committed += 1
                if theirs.kind == .tree {
                    try deleted("\(folder)/\(theirs.name)", tree: theirs.id, into: &changes)
                } else {
                    changes.append(StagedChange(path: "\(folder)/\(theirs.name)", old: theirs.id, new: nil))
                }
            } else if let mine, let theirs {
                next.staged += 1
                next.committed += 1
                if mine.isFolder {
                    guard try compareFolder("\(folder)/\(mine.name)", head: theirs.id, into: &changes) else { return false }
                } else if theirs.id != mine.id || theirs.mode != mine.mode {
                    changes.append(StagedChange(path: "\(folder)/\(mine.name)", old: theirs.id, new: mine.id))
                }
            }
        }
        return true
    }

    private func deleted(_ folder: String, tree: ObjectID, into changes: inout [StagedChange]) throws(GitError) {
        for entry in try treeEntries(tree) {
            if entry.kind == .tree {
                try deleted("\(folder)/\(entry.name)", tree: entry.id, into: &changes)
            } else {
                changes.append(StagedChange(path: "\(folder)/\(entry.name)", old: entry.id, new: nil))
            }
        }
    }
}
