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
        if prefix.hasSuffix("/"), let index = quickIndex(), let changes = try quickStagedChanges(index, against: tree, under: prefix) {
            return changes
        }
        return try diffedChanges(against: tree, under: prefix)
    }

    /// `stagedChanges` through libgit2's diff of the tree against the whole index.
    func diffedChanges(against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange] {
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
        // The index GIT_INDEX_FILE names when opened from a hook's environment, else the repository's.
        var index: OpaquePointer?
        if let environmentIndexFile {
            try check(git_index_open(&index, environmentIndexFile), "open the index \(environmentIndexFile)")
        }
        defer { git_index_free(index) }
        var diff: OpaquePointer?
        let result = patterns.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            return git_diff_tree_to_index(&diff, handle, treeObject, index, &options)
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

extension Repository {
    /// The staged changes below `prefix` read from the index file: folders whose tree git cached
    /// and that equal HEAD's are skipped whole, so after a commit only the folders touched since
    /// are compared. Nil when the index has conflicts below `prefix` (libgit2 then answers).
    func quickStagedChanges(_ index: IndexFile, against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange]? {
        let cached = index.cachedTrees()
        let folder = String(prefix.dropLast())
        let head = try tree.flatMap { id throws(GitError) in try treeEntry(at: folder, in: id) }.flatMap { $0.kind == .tree ? $0.id : nil }
        var changes = [StagedChange]()
        guard try compareFolder(folder, head: head, index: index, cached: cached, into: &changes) else { return nil }
        return changes.sorted { $0.path < $1.path }
    }

    /// Compares one folder of the index with its tree in HEAD by walking both sorted lists
    /// once (a month folder holds about 1,000 tasks, and this runs on every commit).
    private func compareFolder(
        _ folder: String, head: ObjectID?, index: IndexFile, cached: [String: ObjectID], into changes: inout [StagedChange]
    ) throws(GitError) -> Bool {
        if let head, cached[folder] == head { return true }
        let staged = index.children(of: folder + "/")
        guard staged.allSatisfy({ $0.stage == 0 }) else { return false }
        let committed = try head.map { id throws(GitError) in try treeEntries(id) } ?? []
        var next = (staged: 0, committed: 0)
        while next.staged < staged.count || next.committed < committed.count {
            let mine = next.staged < staged.count ? staged[next.staged] : nil
            let theirs = next.committed < committed.count ? committed[next.committed] : nil
            let order: Int
            if let mine, let theirs {
                order = Self.gitOrder(mine.name, mine.isFolder, theirs.name, theirs.kind == .tree)
            } else {
                order = mine == nil ? 1 : -1
            }
            if order < 0, let mine {
                next.staged += 1
                if mine.isFolder {
                    guard try compareFolder("\(folder)/\(mine.name)", head: nil, index: index, cached: cached, into: &changes) else { return false }
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
                    guard try compareFolder("\(folder)/\(mine.name)", head: theirs.id, index: index, cached: cached, into: &changes) else { return false }
                } else if theirs.id != mine.id || theirs.mode != mine.mode {
                    changes.append(StagedChange(path: "\(folder)/\(mine.name)", old: theirs.id, new: mine.id))
                }
            }
        }
        return true
    }

    /// Compares two names as git orders tree entries: by their bytes, a folder's name as if it
    /// ended in `/` (names hold no `/` themselves).
    private static func gitOrder(_ one: String, _ oneIsFolder: Bool, _ other: String, _ otherIsFolder: Bool) -> Int {
        let left = Array(one.utf8) + (oneIsFolder ? [UInt8(ascii: "/")] : [])
        let right = Array(other.utf8) + (otherIsFolder ? [UInt8(ascii: "/")] : [])
        if left == right { return 0 }
        return left.lexicographicallyPrecedes(right) ? -1 : 1
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
