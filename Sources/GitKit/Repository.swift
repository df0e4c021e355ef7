import CLibGit2
import Foundation

/// An open git repository. Owns its libgit2 handle and frees it when released.
/// Not `Sendable`: libgit2 handles are used from one thread at a time; open one per worker.
public final class Repository {
    let handle: OpaquePointer
    /// The index file named by `GIT_INDEX_FILE` when opened from a hook's environment.
    private(set) var environmentIndexFile: String?
    /// The index file as last parsed, with the stat data of the file it came from.
    var parsedIndex: (stamp: IndexFile.Stamp, file: IndexFile?)?
    /// How this handle reads objects, fixed when it was opened.
    public let reading: ObjectReading
    /// Trees the last tree diffs read, for the next diff to reuse (see `ObjectReading`).
    public var treeCache: TreeCache { reading.treeCache }
    /// Where `rawObject`, `blobContents`, `commit` and `treeEntry` look first (see `ObjectReading`).
    public var objectFiles: ObjectFiles? { reading.objectFiles }

    /// Where HEAD points.
    public enum Head: Equatable, Sendable {
        /// HEAD names a branch that has commits: its full ref name and tip.
        case branch(name: String, tip: ObjectID)
        /// HEAD names a branch that has no commit yet (a fresh `git init`).
        case unborn(name: String)
        /// HEAD holds a commit id directly.
        case detached(ObjectID)
    }

    private init(handle: OpaquePointer, reading: ObjectReading) {
        self.handle = handle
        self.reading = reading
    }

    deinit {
        git_repository_free(handle)
    }

    /// Opens the repository that contains `path`, searching upwards as git does.
    /// - Throws: `GitError` when `path` is not inside a git repository.
    public static func discover(from path: String, reading: ObjectReading = ObjectReading()) throws(GitError) -> Repository {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try check(
            git_repository_open_ext(&handle, path, 0, nil),
            "find a git repository at or above \(path)")
        guard let handle else { throw GitError(code: -1, operation: "open \(path)", message: "no handle") }
        return Repository(handle: handle, reading: reading)
    }

    /// Opens the repository git describes in the environment of a hook (`GIT_DIR`,
    /// `GIT_OBJECT_DIRECTORY`, `GIT_ALTERNATE_OBJECT_DIRECTORIES`, …), as git hands it over.
    /// - Throws: `GitError` when the environment names no repository.
    ///
    /// libgit2 reads the whole index at once when `GIT_INDEX_FILE` is set (as `git commit -a`
    /// sets it for pre-commit): 100,000 entries cost more than the hook may take. So the variable
    /// is hidden from libgit2 while opening, and the file it names is read on demand instead.
    public static func openFromEnvironment(reading: ObjectReading = ObjectReading()) throws(GitError) -> Repository {
        try LibGit2.initialize()
        let indexFile = ProcessInfo.processInfo.environment["GIT_INDEX_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if indexFile != nil { unsetenv("GIT_INDEX_FILE") }
        defer { if let indexFile { setenv("GIT_INDEX_FILE", indexFile, 1) } }
        var handle: OpaquePointer?
        try check(
            git_repository_open_ext(&handle, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil),
            "open the repository named by GIT_DIR")
        guard let handle else { throw GitError(code: -1, operation: "open GIT_DIR", message: "no handle") }
        let repository = Repository(handle: handle, reading: reading)
        repository.environmentIndexFile = indexFile
        return repository
    }

    /// Opens exactly the repository at `path` (a working tree or a bare repository).
    /// - Throws: `GitError` when there is none.
    public static func open(at path: String, reading: ObjectReading = ObjectReading()) throws(GitError) -> Repository {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try check(
            git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "open the git repository at \(path)")
        guard let handle else { throw GitError(code: -1, operation: "open \(path)", message: "no handle") }
        return Repository(handle: handle, reading: reading)
    }

    /// Creates a new repository at `path` (with a working tree unless `bare`).
    /// - Throws: `GitError` when libgit2 cannot create it.
    public static func create(at path: String, bare: Bool = false) throws(GitError) -> Repository {
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try check(git_repository_init(&handle, path, bare ? 1 : 0), "create a git repository at \(path)")
        guard let handle else { throw GitError(code: -1, operation: "create \(path)", message: "no handle") }
        return Repository(handle: handle, reading: ObjectReading())
    }

    /// The `.git` folder (or the bare repository itself), ending in a slash.
    public var gitDirectory: String {
        String(cString: git_repository_path(handle))
    }

    /// The folder holding what all worktrees share (refs, objects), ending in a slash; the same
    /// as `gitDirectory` except in a linked worktree.
    public var commonDirectory: String {
        String(cString: git_repository_commondir(handle))
    }

    /// A reader of this repository's object folder that handles of several threads can share
    /// (through `objectFiles`), keeping up to `deltaBaseBudget` bytes of delta bases; nil for a
    /// shallow or grafted repository, whose commits libgit2 reads with their parents changed.
    public func sharedObjectFiles(deltaBaseBudget: Int) -> ObjectFiles? {
        isShallowOrGrafted ? nil : ObjectFiles(folder: commonDirectory + "objects", deltaBaseBudget: deltaBaseBudget)
    }

    /// This repository opened again by its git directory, reading through its object files
    /// (`sharedObjectFiles`) with its own tree cache of `treeCacheBudget` bytes; itself when it
    /// already reads them. Not for a handle opened from a hook's environment, whose quarantined
    /// objects the path does not name.
    /// - Throws: `GitError` when the repository cannot be opened again.
    public func readingObjectFiles(deltaBaseBudget: Int, treeCacheBudget: Int = 1 << 20) throws(GitError) -> Repository {
        if objectFiles != nil { return self }
        let reading = ObjectReading(objectFiles: sharedObjectFiles(deltaBaseBudget: deltaBaseBudget), treeCache: TreeCache(budget: treeCacheBudget))
        return try Repository.open(at: gitDirectory, reading: reading)
    }

    /// True when libgit2 gives some commits other parents than their objects record: a shallow
    /// clone (`shallow`) or grafts (`info/grafts`).
    var isShallowOrGrafted: Bool {
        access(gitDirectory + "shallow", F_OK) == 0 || access(commonDirectory + "shallow", F_OK) == 0
            || access(commonDirectory + "info/grafts", F_OK) == 0
    }

    /// The working tree's root, ending in a slash; nil for a bare repository.
    public var workingDirectory: String? {
        git_repository_workdir(handle).map { String(cString: $0) }
    }

    /// True for a repository without a working tree. (libgit2 answers 1 or 0, and -1 only for a
    /// NULL repository, which an open `Repository` never holds: only 1 means bare.)
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Where HEAD points now.
    /// - Throws: `GitError` when HEAD cannot be read.
    public func head() throws(GitError) -> Head {
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, handle, "HEAD"), "read HEAD")
        defer { git_reference_free(reference) }
        if git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC {
            let name = String(cString: git_reference_symbolic_target(reference))
            if let tip = try resolveReference(name) {
                return .branch(name: name, tip: tip)
            }
            return .unborn(name: name)
        }
        guard let target = git_reference_target(reference) else {
            throw GitError(code: -1, operation: "read HEAD", message: "HEAD has no target")
        }
        return .detached(ObjectID(target.pointee))
    }

    /// The commit a reference points at (following symbolic references), or nil if it does not exist.
    /// - Throws: `GitError` for any failure other than a missing reference.
    public func resolveReference(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, handle, name)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "resolve \(name)")
        return ObjectID(oid)
    }

    /// The commit a revision expression names (`HEAD~3`, a short id, a branch).
    /// - Throws: `GitError` when it names nothing or not a commit.
    public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, revision), "find the revision '\(revision)'")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "read '\(revision)' as a commit")
        defer { git_object_free(commit) }
        return ObjectID(git_object_id(commit).pointee)
    }
}
