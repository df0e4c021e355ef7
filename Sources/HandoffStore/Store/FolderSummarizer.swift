import GitKit
import HandoffModel

/// Summarises the month folders the cache does not hold, one whole folder at a time, so a cold
/// `list` does all its work on every core: it lists the folder's tree, takes the rows of
/// unchanged tasks from earlier cache files, reads the other task files (from the working tree
/// when the file there is the committed blob, by the byte scanner when it can), and writes the
/// folder's cache file. Each worker has its own summarizer.
package struct FolderSummarizer {
    private let repository: Repository
    private let workingTree: WorkingTreeBlobs?
    private let cache: TaskSummaryCache
    private let earlier: [ObjectID: TaskSummaryCache.Row]
    /// The bytes of the folder's cache file as they are built; kept to reuse its capacity.
    private var file = [UInt8]()

    /// A summarizer reading through `repository`, reusing the `earlier` rows of `cache`.
    package init(repository: Repository, cache: TaskSummaryCache, earlier: [ObjectID: TaskSummaryCache.Row]) {
        self.repository = repository
        workingTree = WorkingTreeBlobs(repository: repository, limit: TaskDocument.maximumSize)
        self.cache = cache
        self.earlier = earlier
    }

    /// The rows of `folder`, in its tree's order, now also in its cache file, and one message
    /// per task file left out because it cannot be read as a task (oversize, malformed, its
    /// `id` not its name): one such file must not hide every other task. A folder with such a
    /// file is not cached, so its problem is told again until it is fixed.
    /// - Throws: `HandoffError.environment` when a tree or blob cannot be read.
    package mutating func rows(of folder: TaskFolder) throws(HandoffError) -> (rows: FolderRows, problems: [String]) {
        let entries = try git({ () throws(GitError) in try repository.treeEntries(folder.tree) })
        let directory = workingTree?.folder(TaskLocation.root + "/" + folder.name)
        file.removeAll(keepingCapacity: true)
        file += TaskSummaryCache.header
        var problems = [String]()
        for entry in entries where (entry.kind == .blob || entry.kind == .tree) && entry.name.hasSuffix(".md") {
            let id = entry.name.dropLast(3)
            if let row = earlier[entry.id], row.id == id {
                row.append(to: &file)
            } else {
                let rowStart = file.count
                do {
                    let readWorkingFile = try directory?.withBytes(of: entry.id, named: entry.name) { bytes throws(HandoffError) in
                        try appendRow(of: bytes, entry: entry, in: folder)
                    } != nil
                    if !readWorkingFile {
                        let bytes = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
                        try bytes.withUnsafeBufferPointer { bytes throws(HandoffError) in try appendRow(of: bytes, entry: entry, in: folder) }
                    }
                } catch where error.kind == .invalidFile {
                    file.removeSubrange(rowStart...)
                    problems.append(error.message)
                }
            }
            file.append(UInt8(ascii: "\n"))
        }
        return (cache.store(file, ofFolder: folder.tree, persist: problems.isEmpty), problems)
    }

    /// Appends the row of the task file `bytes`, the blob of `entry` in `folder`: scanned when
    /// the scanner reads it, else through the full reader, which also gives the error message.
    private mutating func appendRow(of bytes: UnsafeBufferPointer<UInt8>, entry: TreeEntry, in folder: TaskFolder) throws(HandoffError) {
        if let scanned = TaskSummaryScanner.appendRow(of: bytes, blob: entry.id, to: &file) {
            if scanned != entry.name.dropLast(3) { try Self.location(of: entry, in: folder).checkID(scanned) }
            return
        }
        let location = Self.location(of: entry, in: folder)
        let task = try HandoffTask.summary(bytes: Array(bytes), path: location.path)
        try location.checkID(task.id)
        TaskSummaryCache.Row(blob: entry.id, task: task).append(to: &file)
    }

    /// Where the task file of `entry` lives: made only for the full reader and its messages.
    private static func location(of entry: TreeEntry, in folder: TaskFolder) -> TaskLocation {
        let id = String(entry.name.dropLast(3))
        return TaskLocation(id: id, path: TaskLocation.path(id: id, month: folder.name), blob: entry.id, mode: entry.mode)
    }
}
