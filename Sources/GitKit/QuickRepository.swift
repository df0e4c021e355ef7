import Glibc

/// The repository a pre-commit hook runs in, read without libgit2: HEAD, the index, and
/// objects from loose files and packs. libgit2's initialisation alone (Debian's build parses
/// the system's CA bundle, unconditionally) costs more than everything the hook reads, and the
/// hook runs on every commit.
///
/// It opens only the plain case it fully understands: git runs the hook at the top of the
/// working tree, whose `.git` folder is a repository owned by this user, with no alternates,
/// no repository extensions, and none of the environment variables that move objects, refs or
/// the repository (`GIT_DIR`, `GIT_OBJECT_DIRECTORY`, …). Everything else, and any object it
/// cannot read, is left to `Repository` (libgit2): `openFromEnvironment` returns nil, and the
/// reads throw.
public final class QuickRepository {
    /// The repository folder (`.git`).
    /// The git directory.
    public let gitDirectory: String
    /// The index file: `GIT_INDEX_FILE` (git sets it for the hook) or `.git/index`.
    let indexPath: String
    private let objects: ObjectFiles

    /// Variables with which git would read another repository, objects or refs than `.git`.
    private static let movingVariables = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
    ]

    private init(gitDirectory: String, indexPath: String) {
        self.gitDirectory = gitDirectory
        self.indexPath = indexPath
        objects = ObjectFiles(folder: gitDirectory + "/objects", readsCommitGraph: false)
    }

    /// The repository whose `.git` folder is in the current directory, as git hands it to a
    /// hook; nil for anything but the plain case described above.
    public static func openFromEnvironment() -> QuickRepository? {
        func variable(_ name: String) -> String? {
            getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard movingVariables.allSatisfy({ variable($0) == nil }) else { return nil }
        return open(workingDirectory: ".", indexFile: variable("GIT_INDEX_FILE"))
    }

    /// The repository in `workingDirectory/.git` with the index at `indexFile` (default
    /// `.git/index`), when it is the plain case described above.
    static func open(workingDirectory: String, indexFile: String?) -> QuickRepository? {
        let gitDirectory = workingDirectory + "/.git"
        let user = geteuid()
        guard owner(of: workingDirectory) == user, owner(of: gitDirectory) == user, isFolder(gitDirectory + "/objects"),
            isFolder(gitDirectory + "/refs"), access(gitDirectory + "/HEAD", R_OK) == 0, access(gitDirectory + "/commondir", F_OK) != 0,
            access(gitDirectory + "/objects/info/alternates", F_OK) != 0,
            let config = FileBytes.contents(of: gitDirectory + "/config"), isPlain(config: config)
        else { return nil }
        return QuickRepository(gitDirectory: gitDirectory, indexPath: indexFile ?? gitDirectory + "/index")
    }

    /// Where HEAD points; nil when it cannot tell (libgit2 then answers).
    public func head() -> Repository.Head? {
        guard let text = readText(gitDirectory + "/HEAD") else { return nil }
        if let id = ObjectID(hex: text) { return .detached(id) }
        guard text.hasPrefix("ref: ") else { return nil }
        var name = String(text.dropFirst(5))
        let branch = name
        for _ in 0..<5 {
            guard Self.isPlainReferenceName(name) else { return nil }
            if let loose = readText(gitDirectory + "/" + name) {
                if let id = ObjectID(hex: loose) { return .branch(name: branch, tip: id) }
                guard loose.hasPrefix("ref: ") else { return nil }
                name = String(loose.dropFirst(5))
                continue
            }
            switch packedReference(name) {
            case .some(.some(let id)): return .branch(name: branch, tip: id)
            case .some(.none): return .unborn(name: branch)
            case .none: return nil
            }
        }
        return nil
    }

    /// The tree of HEAD's commit, or nil when HEAD's branch has no commit yet.
    /// - Throws: `GitError` when HEAD or the commit cannot be read here.
    public func headTree() throws(GitError) -> ObjectID? {
        switch head() {
        case .branch(_, let tip), .detached(let tip): return try commitTree(tip)
        case .unborn: return nil
        case nil: throw Self.unreadable("HEAD")
        }
    }

    /// The tree commit `id` records.
    /// - Throws: `GitError` when it cannot be read here or is not a commit.
    public func commitTree(_ id: ObjectID) throws(GitError) -> ObjectID {
        guard let tree = objects.commitHeader(id)?.tree else { throw Self.unreadable("commit \(id.short)") }
        return tree
    }

    /// The entries of tree `id`, in the tree's order, with modes normalised as libgit2 does.
    /// - Throws: `GitError` when it cannot be read here or is not a well-formed tree.
    public func treeEntries(_ id: ObjectID) throws(GitError) -> [TreeEntry] {
        guard let object = objects.object(id), object.kind == .tree, let entries = (try? RawTree(id: id, bytes: object.bytes))?.entries() else {
            throw Self.unreadable("tree \(id.short)")
        }
        return entries
    }

    /// The contents of blob `id`.
    /// - Throws: `GitError` when it cannot be read here or is not a blob.
    public func blobContents(_ id: ObjectID) throws(GitError) -> [UInt8] {
        guard let object = objects.object(id), object.kind == .blob else { throw Self.unreadable("blob \(id.short)") }
        return object.bytes
    }

    /// The paths below `prefix` (ending in `/`) whose staged content differs from `tree`, as
    /// `Repository.stagedChanges` finds them.
    /// - Throws: `GitError` when the index or a tree cannot be read here, or has conflicts there.
    public func stagedChanges(against tree: ObjectID?, under prefix: String) throws(GitError) -> [StagedChange] {
        try stagedChanges(against: tree, under: [prefix])
    }

    /// The staged changes below each of `prefixes` (each ending in `/`), in that order, then of
    /// the top-level `files`, from one reading of the index (the pre-commit hook's budget pays
    /// for one).
    /// - Throws: as `stagedChanges(against:under:)`.
    public func stagedChanges(against tree: ObjectID?, under prefixes: [String], files: [String] = []) throws(GitError) -> [StagedChange] {
        guard prefixes.allSatisfy({ $0.hasSuffix("/") }), let index = IndexFile(path: indexPath) else {
            throw Self.unreadable("the index \(indexPath)")
        }
        let comparison = StagedComparison(index: index, treeEntries: { id throws(GitError) in try self.treeEntries(id) })
        var all = [StagedChange]()
        for prefix in prefixes {
            guard let changes = try comparison.changes(against: tree, under: prefix) else { throw Self.unreadable("the index \(indexPath)") }
            all += changes
        }
        guard !files.isEmpty else { return all }
        let root = try tree.map { id throws(GitError) in try treeEntries(id) } ?? []
        for name in files {
            let staged = index.entry(at: name)?.id
            let committed = root.first { $0.name == name }?.id
            if staged != committed { all.append(StagedChange(path: name, old: committed, new: staged)) }
        }
        return all
    }

    /// `name` in packed-refs: `.some(id)`, `.some(nil)` when it is not there (or there is no
    /// packed-refs), nil when the file has a line this reader does not understand.
    private func packedReference(_ name: String) -> ObjectID??  {
        guard let bytes = FileBytes.contents(of: gitDirectory + "/packed-refs") else {
            return access(gitDirectory + "/packed-refs", F_OK) == 0 ? nil : .some(nil)
        }
        let wanted = Array(name.utf8)
        for line in bytes.split(separator: 0x0A) where line.first != UInt8(ascii: "#") && line.first != UInt8(ascii: "^") {
            guard line.count > 41, line[line.startIndex + 40] == 0x20,
                let id = line.withUnsafeBytes({ ObjectID(hexDigits: UnsafeRawBufferPointer(rebasing: $0[0..<40])) })
            else { return nil }
            if line.dropFirst(41).elementsEqual(wanted) { return .some(id) }
        }
        return .some(nil)
    }

    /// A small text file without its line ending; nil when it cannot be read.
    private func readText(_ path: String) -> String? {
        guard let bytes = FileBytes.contents(of: path), bytes.count < 4096 else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while let last = text.last, last == "\n" || last == "\r" || last == " " { text.removeLast() }
        return text
    }

    /// `refs/…` without empty, `.` or `..` components: a loose ref's path inside `.git`.
    private static func isPlainReferenceName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts[0] == "refs" && parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// A repository config this reader may ignore: format version 0 or 1 and no extensions
    /// (object format, ref storage, worktree config) or work tree elsewhere.
    private static func isPlain(config: [UInt8]) -> Bool {
        let text = String(decoding: config, as: UTF8.self).lowercased()
        guard !text.contains("extensions"), !text.contains("worktree") else { return false }
        for line in text.split(separator: "\n") where line.contains("repositoryformatversion") {
            let value = line.split(separator: "=").last.map { String($0.filter { $0 != " " && $0 != "\t" && $0 != "\r" }) }
            guard value == "0" || value == "1" else { return false }
        }
        return true
    }

    /// The owner of folder `path` itself (not a symbolic link to one); nil for anything else.
    private static func owner(of path: String) -> uid_t? {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? info.st_uid : nil
    }

    private static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private static func unreadable(_ what: String) -> GitError {
        GitError(code: -1, operation: "read \(what) without libgit2", message: "left to libgit2")
    }
}
