import Foundation
import GitKit

/// Task summaries kept in `.git/handoff/cache/tasks-v3/`, one file per month-folder tree named
/// by the tree's id, so a warm `list` reads no task file and lists no month folder that did not
/// change: a folder's tree id names its content, so its file is never stale. Rows of a changed
/// folder are found again by blob id in the files of the folder trees no longer current, so
/// only the task files that changed are read, and only the one file of that folder is written.
///
/// Each row is one line of tab-separated cells (blob, id, title, stage, owner, state, offer
/// from, to, stage and at, labels, fields); filters look at the cells they need before a row
/// is decoded.
struct TaskSummaryCache {
    /// One task's row: the bytes of its line, in the mapped cache file or in a copy of its own.
    struct Row: @unchecked Sendable {
        typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>
        /// Keeps the memory of `bytes` alive.
        private let owner: AnyObject
        /// The bytes of the line, without its newline.
        let bytes: Bytes

        /// A row holding a copy of `bytes`.
        init(bytes: [UInt8]) {
            let copy = RowBytes(bytes)
            owner = copy
            self.bytes = copy.buffer[...]
        }

        /// The row `line` of the mapped cache file `file`.
        init(line: Bytes, in file: MappedFile) {
            owner = file
            bytes = line
        }
    }

    private static let header = Array("handoff-task-summaries 3\n".utf8)
    private let folder: String
    private var written = Set<ObjectID>()
    private var earlierRows: [ObjectID: Row]?

    /// The cache of the repository at `gitDirectory`.
    init(gitDirectory: String) {
        folder = gitDirectory + "handoff/cache/tasks-v3"
    }

    /// The rows of the month folder with tree `tree`, if that exact folder was summarised before
    /// and its file is intact.
    func rows(ofFolder tree: ObjectID) -> FolderRows? {
        guard let file = MappedFile(path: folder + "/" + tree.hex), file.bytes.starts(with: Self.header),
            file.bytes.last == UInt8(ascii: "\n")
        else { return nil }
        return FolderRows(file: file, start: Self.header.count)
    }

    /// The row of a task read earlier from `blob`, found among the folders that are no longer
    /// current (those not in `live`): where a changed folder's unchanged tasks were.
    mutating func row(forBlob blob: ObjectID, live: Set<ObjectID>) -> Row? {
        if earlierRows == nil {
            var rows = [ObjectID: Row]()
            for tree in storedTrees() where !live.contains(tree) {
                self.rows(ofFolder: tree)?.forEach { row in
                    if let blob = ObjectID(hexDigits: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: row.bytes.prefix(40)))) { rows[blob] = row }
                }
            }
            earlierRows = rows
        }
        return earlierRows?[blob]
    }

    /// Writes the rows of the month folder with tree `tree`; best effort, since a cache that
    /// cannot be written only means reading the files again next time.
    mutating func store(_ rows: [Row], ofFolder tree: ObjectID) {
        var output = Self.header
        output.reserveCapacity(rows.reduce(output.count) { $0 + $1.bytes.count + 1 })
        for row in rows {
            output += row.bytes
            output.append(UInt8(ascii: "\n"))
        }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if FileBytes.replace(folder + "/" + tree.hex, with: output) { written.insert(tree) }
    }

    /// Deletes the files of folder trees not in `live`, once something was written (a warm
    /// `list` that changed nothing deletes nothing), and the cache of earlier versions.
    func prune(keeping live: Set<ObjectID>) {
        guard !written.isEmpty else { return }
        for tree in storedTrees() where !live.contains(tree) {
            unlink(folder + "/" + tree.hex)
        }
        unlink((folder as NSString).deletingLastPathComponent + "/tasks-v2")
    }

    private func storedTrees() -> [ObjectID] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap(ObjectID.init(hex:))
    }
}

/// The rows of one cached month folder, read in place from its mapped file: a warm `list`
/// looks at every row, so none is kept in an array of its own.
struct FolderRows {
    let file: MappedFile
    /// Where the first row starts (after the header).
    let start: Int

    /// Calls `body` with each row in file order; rows are found with `memchr`.
    func forEach<Failure: Error>(_ body: (TaskSummaryCache.Row) throws(Failure) -> Void) throws(Failure) {
        let bytes = file.bytes
        guard let base = bytes.baseAddress else { return }
        var offset = start
        while offset < bytes.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset) {
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if end - offset > 41 { try body(TaskSummaryCache.Row(line: bytes[offset..<end], in: file)) }
            offset = end + 1
        }
    }
}

/// The bytes of a row read from a task file rather than the cache.
private final class RowBytes {
    let buffer: UnsafeBufferPointer<UInt8>

    init(_ bytes: [UInt8]) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        buffer = UnsafeBufferPointer(copy)
    }

    deinit {
        buffer.deallocate()
    }
}
