import GitKit

/// The task files one commit changed: the files and folders named `*.md` below `tasks/`
/// whose id differs from its first parent's (added, removed or changed; a mode alone is no
/// change), as the event index lists them. Task files sit in month folders, but a path staged
/// deeper is found too: every folder that changed is compared, at any depth.
struct CommitTaskChanges {
    /// The commit.
    let commit: ObjectID
    /// The paths below `tasks/` (`2026-11/HO-1.md`), in git's tree order.
    let paths: [String]

    /// The changes of `commit`, read from its tree and its first parent's: only folders whose
    /// trees differ are compared, and within them only the differing records (see
    /// `Repository.treeDifferences`). The root folders are compared too rather than looked up
    /// in, so that a commit's root is read relative to its parent's, already read.
    /// - Throws: `GitError` when a commit or tree cannot be read.
    init(of commit: ObjectID, in repository: Repository) throws(GitError) {
        self.commit = commit
        let info = try repository.commit(commit)
        let parentTree = try info.parents.first.map { parent throws(GitError) in try repository.commit(parent).tree }
        var paths = [String]()
        for (before, after) in try repository.treeDifferences(parentTree, info.tree) where (before ?? after)?.name == TaskLocation.root {
            try Self.compare(before?.kind == .tree ? before?.id : nil, after?.kind == .tree ? after?.id : nil, prefix: "", into: &paths, in: repository)
        }
        self.paths = paths
    }

    /// Appends to `paths` the `*.md` entries that differ between folders `old` and `new` (nil:
    /// none) and their subfolders, each after `prefix`.
    private static func compare(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into paths: inout [String], in repository: Repository) throws(GitError) {
        guard old != new else { return }
        for (before, after) in try repository.treeDifferences(old, new) where before?.id != after?.id {
            guard let name = (before ?? after)?.name else { continue }
            if name.hasSuffix(".md") { paths.append(prefix + name) }
            try compare(
                before?.kind == .tree ? before?.id : nil, after?.kind == .tree ? after?.id : nil, prefix: prefix + name + "/", into: &paths, in: repository)
        }
    }

    /// Whether the index can list these changes: no path holds a tab or a newline, which
    /// separate its fields and lines, or U+FFFD, which may stand for bytes that are not UTF-8
    /// (two such names would read alike). A commit it cannot list is read from git each time.
    var isListable: Bool {
        !paths.contains { path in path.utf8.contains { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") } || path.unicodeScalars.contains("\u{FFFD}") }
    }

    /// Whether the commit changed the task file `path` (below `tasks/`), compared byte for
    /// byte as the index compares it.
    func changes(_ path: String) -> Bool {
        paths.contains { $0.utf8.elementsEqual(path.utf8) }
    }

    /// Appends the index's line for these changes to `output`, when it can list them.
    func appendLine(to output: inout [UInt8]) {
        guard isListable else { return }
        output += commit.hex.utf8
        for path in paths {
            output.append(UInt8(ascii: "\t"))
            output += path.utf8
        }
        output.append(UInt8(ascii: "\n"))
    }
}
