import Foundation
import CLibGit2

/// One entry of a tree: a file or a folder.
public struct TreeEntry: Sendable, Equatable {
    /// What an entry holds.
    public enum Kind: Sendable, Equatable { case blob, tree, commit, other }
    /// The entry's file name (one path component).
    public let name: String
    /// The object it points at.
    public let id: ObjectID
    /// Whether it is a file, a folder or a submodule.
    public let kind: Kind
    /// The git file mode (0o100644, 0o100755, 0o120000 for a symlink, 0o040000 for a tree).
    public let mode: UInt32
}

/// One change to apply to a tree by path.
public struct TreeUpdate: Sendable {
    /// The slash-separated path inside the tree.
    public let path: String
    /// The new blob, or nil to remove the path.
    public let blob: ObjectID?
    /// The file mode for the new blob.
    public let mode: UInt32

    /// Puts `blob` at `path` (creating folders), or removes `path` when `blob` is nil.
    public init(path: String, blob: ObjectID?, mode: UInt32 = 0o100644) {
        self.path = path
        self.blob = blob
        self.mode = mode
    }
}

/// What a commit object records, copied out of libgit2.
public struct CommitInfo: Sendable {
    /// The commit's id.
    public let id: ObjectID
    /// Its root tree.
    public let tree: ObjectID
    /// Its parents, first parent first.
    public let parents: [ObjectID]
}

extension Repository {
    /// The bytes of a blob.
    /// - Throws: `GitError` when `id` is not a blob in this repository.
    public func blobContents(_ id: ObjectID) throws(GitError) -> [UInt8] {
        if objectFiles != nil { return try rawObject(id, of: GIT_OBJECT_BLOB) }
        var oid = id.gitOid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// Writes `bytes` as a blob and returns its id (an existing identical blob is reused).
    /// - Throws: `GitError` when the object database refuses the write.
    public func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let result = bytes.withUnsafeBytes { raw in
            git_blob_create_from_buffer(&oid, handle, raw.baseAddress, raw.count)
        }
        try check(result, "write a blob")
        return ObjectID(oid)
    }

    /// The tree and parents of a commit: from `objectFiles` when they hold it, else libgit2's.
    /// - Throws: `GitError` when `id` is not a commit.
    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        if let header = objectFiles?.commitHeader(id) { return CommitInfo(id: id, tree: header.tree, parents: header.parents) }
        var oid = id.gitOid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "read commit \(id.short)")
        defer { git_commit_free(commit) }
        let tree = ObjectID(git_commit_tree_id(commit).pointee)
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0.pointee) }
        }
        return CommitInfo(id: id, tree: tree, parents: parents)
    }

    /// The entries of a tree, in git's order, read by `RawTree`, which refuses a tree git could
    /// read differently (repeated or unsorted names, odd modes).
    /// - Throws: `GitError` when `id` is not a well-formed tree.
    public func treeEntries(_ id: ObjectID) throws(GitError) -> [TreeEntry] {
        try rawTree(id).entries()
    }

    /// The entry at a slash-separated `path` inside tree `root`, or nil when there is none. Each
    /// tree on the way is read by `RawTree` (and kept in `treeCache`), so a walk that looks up a
    /// path in the trees of thousands of commits (`log`, `verify`) reads each tree once.
    /// - Throws: `GitError` for failures other than a missing path, and for a malformed tree.
    public func treeEntry(at path: String, in root: ObjectID) throws(GitError) -> TreeEntry? {
        var tree = root
        var rest = path[...]
        while true {
            let slash = rest.firstIndex(of: "/")
            let part = rest[..<(slash ?? rest.endIndex)]
            guard !part.isEmpty, let entry = try rawTree(tree).entry(named: part) else { return nil }
            guard let slash else { return entry }
            guard entry.kind == .tree else { return nil }
            tree = entry.id
            rest = rest[rest.index(after: slash)...]
        }
    }

    /// A new tree: `base` (or nothing, for a first commit) with `updates` applied by path.
    /// - Throws: `GitError` when a path cannot be updated (e.g. a file where a folder is needed).
    public func updatedTree(_ base: ObjectID?, applying updates: [TreeUpdate]) throws(GitError) -> ObjectID {
        var baseTree: OpaquePointer?
        if let base {
            var oid = base.gitOid
            try check(git_tree_lookup(&baseTree, handle, &oid), "read tree \(base.short)")
        }
        defer { git_tree_free(baseTree) }
        let paths = updates.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var raw = updates.enumerated().map { offset, update in
            var change = git_tree_update()
            change.action = update.blob == nil ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT
            change.id = (update.blob ?? .zero).gitOid
            change.filemode = git_filemode_t(update.mode)
            change.path = UnsafePointer(paths[offset])
            return change
        }
        var out = git_oid()
        try check(
            git_tree_create_updated(&out, handle, baseTree, raw.count, &raw),
            "build the new tree")
        return ObjectID(out)
    }

    /// The raw text of an object as git stores it (for a commit: headers, signature, message).
    /// - Throws: `GitError` when the object is missing.
    public func rawObject(_ id: ObjectID) throws(GitError) -> [UInt8] {
        try rawObject(id, of: nil)
    }

    /// The content of object `id`, which must be of `type` when one is given.
    /// - Throws: `GitError` when the object is missing or of another type.
    func rawObject(_ id: ObjectID, of type: git_object_t?) throws(GitError) -> [UInt8] {
        let what = type.map { String(cString: git_object_type2string($0)) } ?? "object"
        if let object = objectFiles?.object(id) {
            if let type, object.kind.rawValue != Int(type.rawValue) {
                throw GitError(code: GIT_EINVALID.rawValue, operation: "read \(what) \(id.short)", message: "the object is not a \(what)")
            }
            return object.bytes
        }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "open the object database")
        defer { git_odb_free(odb) }
        var oid = id.gitOid
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), "read \(what) \(id.short)")
        defer { git_odb_object_free(object) }
        if let type, git_odb_object_type(object) != type {
            throw GitError(code: GIT_EINVALID.rawValue, operation: "read \(what) \(id.short)", message: "the object is not a \(what)")
        }
        let size = git_odb_object_size(object)
        guard size > 0, let data = git_odb_object_data(object) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: size))
    }

    static func treeEntry(_ entry: OpaquePointer) -> TreeEntry {
        let kind: TreeEntry.Kind =
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB: .blob
            case GIT_OBJECT_TREE: .tree
            case GIT_OBJECT_COMMIT: .commit
            default: .other
            }
        return TreeEntry(
            name: String(cString: git_tree_entry_name(entry)),
            id: ObjectID(git_tree_entry_id(entry).pointee),
            kind: kind,
            mode: git_tree_entry_filemode(entry).rawValue)
    }
}
