import GitKit
import HandoffModel

/// The current branch at one commit: what every command reads before it acts.
public struct Snapshot {
    /// The branch's full ref name, e.g. `refs/heads/main`.
    public let branch: String
    /// The commit it points at.
    public let tip: ObjectID
    /// That commit's tree.
    public let tree: ObjectID
    private let repository: Repository

    package init(repository: Repository, branch: String, tip: ObjectID) throws(HandoffError) {
        self.repository = repository
        self.branch = branch
        self.tip = tip
        tree = try git({ () throws(GitError) in try repository.commit(tip).tree })
    }

    /// The workflow of this commit.
    /// - Throws: `HandoffError.refused` when there is none, `.invalidFile` when it is malformed.
    public func workflow() throws(HandoffError) -> Workflow {
        guard let text = try fileText(Workflow.path) else {
            throw .refused("this repository has no \(Workflow.path); run 'handoff init' first")
        }
        return try Workflow(yaml: text)
    }

    /// The text of a file at `path` in this commit, or nil when absent.
    /// - Throws: `HandoffError.invalidFile` when it is not UTF-8 or not a regular file.
    public func fileText(_ path: String) throws(HandoffError) -> String? {
        guard let bytes = try fileBytes(path) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidFile(path, "is not UTF-8 text")
        }
        return text
    }

    /// The bytes of a regular file at `path` in this commit, or nil when absent.
    /// - Throws: `HandoffError.invalidFile` when the path is a folder, symlink or submodule.
    public func fileBytes(_ path: String) throws(HandoffError) -> [UInt8]? {
        guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
        guard entry.kind == .blob, entry.mode == 0o100644 || entry.mode == 0o100755 else {
            throw .invalidFile(path, "is not a regular file; replace it with one")
        }
        return try git({ () throws(GitError) in try repository.blobContents(entry.id) })
    }

    /// The month folders under `tasks/`.
    /// - Throws: `HandoffError.environment` when a tree cannot be read.
    public func taskFolders() throws(HandoffError) -> [TaskFolder] {
        try git({ () throws(GitError) in try TaskIndex.folders(in: repository, tree: tree) })
    }

    /// The task files of one month folder.
    /// - Throws: `HandoffError.environment` when its tree cannot be read.
    public func taskLocations(in folder: TaskFolder) throws(HandoffError) -> [TaskLocation] {
        try git({ () throws(GitError) in try TaskIndex.locations(in: folder, repository: repository) })
    }

    /// Where every task lives.
    /// - Throws: `HandoffError.environment` when a tree cannot be read.
    public func taskLocations() throws(HandoffError) -> [TaskLocation] {
        try git({ () throws(GitError) in try TaskIndex.locations(in: repository, tree: tree) })
    }

    /// The task `query` names (an ID or an unambiguous prefix of one), parsed.
    /// - Throws: `HandoffError` when no task or several match, or the file is malformed.
    public func task(_ query: String) throws(HandoffError) -> (location: TaskLocation, document: TaskDocument) {
        let location = try locate(query)
        return (location, try document(at: location))
    }

    /// Where the task `query` names lives: a whole ID is looked up by name, month by month; only
    /// a prefix needs the listing of every task.
    /// - Throws: `HandoffError` when no task or several match.
    public func locate(_ query: String) throws(HandoffError) -> TaskLocation {
        let id = query.uppercased()
        if TaskID.isValid(id), let staged = repository.stagedPaths(under: TaskLocation.root + "/", endingWith: "/\(id).md") {
            // The index names the file's folder at once; the commit's tree must agree.
            for path in staged {
                if let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }), entry.kind == .blob {
                    return TaskLocation(id: id, path: path, blob: entry.id, mode: entry.mode)
                }
            }
        }
        if let exact = try TaskIndex.location(id: id, in: repository, tree: tree) { return exact }
        return try TaskIndex.resolve(query, among: try taskLocations())
    }

    /// The task file at `location`, parsed; its `id` must match the file name.
    /// - Throws: `HandoffError.invalidFile` when it is malformed.
    public func document(at location: TaskLocation) throws(HandoffError) -> TaskDocument {
        switch location.mode {
        case 0o100644, 0o100755: break
        case 0o120000: throw .invalidFile(location.path, "is a symbolic link, not a task file; replace it with the task file itself")
        case 0o040000: throw .invalidFile(location.path, "is a folder, not a task file; rename or remove it")
        default: throw .invalidFile(location.path, "is not a regular file; replace it with the task file itself")
        }
        let bytes = try git({ () throws(GitError) in try repository.blobContents(location.blob) })
        let document = try TaskDocument(bytes: bytes, path: location.path)
        let task = try HandoffTask(document: document)
        try location.checkID(task.id)
        return document
    }
}
