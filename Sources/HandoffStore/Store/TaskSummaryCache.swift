import ByteRanges
import Foundation
import GitKit

/// Task summaries kept in `.git/handoff/cache/tasks-v5/`, one file per month-folder tree named
/// by the tree's id, so a warm `list` reads no task file and lists no month folder that did not
/// change: a folder's tree id names its content, so its file is never stale. Rows of a changed
/// folder are found again by blob id in the files of the folder trees no longer current, so
/// only the task files that changed are read, and only the one file of that folder is written.
///
/// Each row is one line of tab-separated cells (blob, id, title, stage, owner, state, offer
/// from, to, stage and at, labels, fields); filters look at the cells they need before a row
/// is decoded. The cache is only read and written through files, so workers share it.
///
/// A cache may be incomplete, never wrong: each file ends with `sum <CRC-32>` of the folder's
/// tree id and the bytes before that line, so a file that was torn, renamed, or changed by one
/// byte into another plausible row (an owner, a receiver) is not believed, and the folder is
/// summarised again from git. (Whoever writes the git folder on purpose can recompute the sum;
/// the check is against accident, like the checksum at the end of git's own index.)
package struct TaskSummaryCache: Sendable {
    /// One task's row: the bytes of its line, in a folder's rows or in a copy of its own.
    package struct Row: @unchecked Sendable {
        typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>
        /// Keeps the memory of `bytes` alive.
        private let owner: AnyObject
        /// The bytes of the line, without its newline; valid only while this row lives, so a
        /// copy out of them goes through `append(to:)`.
        let bytes: Bytes

        /// Appends the line's bytes to `output`, keeping their memory alive until copied: read
        /// off a temporary row, `bytes` would outlive the row's owner (a heap use after free
        /// that filled list rows with garbage).
        func append(to output: inout [UInt8]) {
            withExtendedLifetime(owner) { output += bytes }
        }

        /// A row holding a copy of `bytes`.
        init(bytes: [UInt8]) {
            let copy = RowBytes(bytes)
            owner = copy
            self.bytes = copy.buffer[...]
        }

        /// The row `line` of a folder's rows, whose memory `owner` keeps.
        init(line: Bytes, owner: AnyObject) {
            self.owner = owner
            bytes = line
        }
    }

    /// The first line of every file, which names the format.
    static let header = Array("handoff-task-summaries 4\n".utf8)
    /// The folders of earlier versions of the cache, removed when a folder is stored.
    private static let earlierVersions = ["tasks-v2", "tasks-v3", "tasks-v4"]
    private let folder: String

    /// The cache of the repository at `gitDirectory`.
    package init(gitDirectory: String) {
        folder = gitDirectory + "handoff/cache/tasks-v5"
    }

    /// The rows of the month folder with tree `tree`, if that exact folder was summarised before
    /// and its file is intact: its header is this version's and its sum is right.
    package func rows(ofFolder tree: ObjectID) -> FolderRows? {
        guard let (rows, file) = SummedCacheFile.read(tree, in: folder, header: Self.header) else { return nil }
        return FolderRows(bytes: rows, owner: file)
    }

    /// The rows of tasks read earlier, by blob, from the files of the folders that are no longer
    /// current (those not in `live`): where a changed folder's unchanged tasks were.
    package func earlierRows(live: Set<ObjectID>) -> [ObjectID: Row] {
        var rows = [ObjectID: Row]()
        for tree in storedTrees() where !live.contains(tree) {
            self.rows(ofFolder: tree)?.forEach { row in
                if let blob = ObjectID(hexDigits: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: row.bytes.prefix(40)))) { rows[blob] = row }
            }
        }
        return rows
    }

    /// Creates the cache's folder, before folders are stored; best effort, like `store`.
    package func prepare() {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// Writes `file`, the header and rows (each ending in a newline) of the month folder with
    /// tree `tree` (unless `persist` is false), and returns its rows. Writing is best effort,
    /// since a cache that cannot be written only means reading the files again next time.
    func store(_ file: [UInt8], ofFolder tree: ObjectID, persist: Bool = true) -> FolderRows {
        let copy = RowBytes(file)
        if persist { FileBytes.replace(folder + "/" + tree.hex, with: file + SummedCacheFile.sumLine(of: copy.buffer, name: tree)) }
        return FolderRows(bytes: copy.buffer, owner: copy)
    }

    /// Deletes the files of folder trees not in `live`, and the cache of earlier versions; for
    /// after folders were stored (a warm `list` that changed nothing deletes nothing).
    package func prune(keeping live: Set<ObjectID>) {
        for tree in storedTrees() where !live.contains(tree) {
            unlink(folder + "/" + tree.hex)
        }
        let parent = (folder as NSString).deletingLastPathComponent
        for version in Self.earlierVersions where access(parent + "/" + version, F_OK) == 0 {
            try? FileManager.default.removeItem(atPath: parent + "/" + version)
        }
    }

    private func storedTrees() -> [ObjectID] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap(ObjectID.init(hex:))
    }
}

/// The rows of one month folder, read in place from its mapped cache file or from the bytes
/// just written to it: a `list` looks at every row, so none is kept in an array of its own.
package struct FolderRows {
    /// The file's bytes: the header, then one line per row.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Keeps `bytes` alive.
    let owner: AnyObject

    /// Calls `body` with each row in file order; rows are found with `memchr`.
    func forEach<Failure: Error>(_ body: (TaskSummaryCache.Row) throws(Failure) -> Void) throws(Failure) {
        var offset = TaskSummaryCache.header.count
        while let end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: offset) {
            if end - offset > 41 { try body(TaskSummaryCache.Row(line: bytes[offset..<end], owner: owner)) }
            offset = end + 1
        }
    }
}

/// Bytes of rows held in memory rather than in a mapped cache file.
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
