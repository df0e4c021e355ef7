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
    /// One task's row: the bytes of its line.
    struct Row {
        let bytes: ArraySlice<UInt8>
    }

    private static let header = Array("handoff-task-summaries 3\n".utf8)
    private let folder: String
    private var written = Set<ObjectID>()
    private var earlierRows: [ArraySlice<UInt8>: Row]?

    /// The cache of the repository at `gitDirectory`.
    init(gitDirectory: String) {
        folder = gitDirectory + "handoff/cache/tasks-v3"
    }

    /// The rows of the month folder with tree `tree`, if that exact folder was summarised before
    /// and its file is intact.
    func rows(ofFolder tree: ObjectID) -> [Row]? {
        guard let bytes = FileBytes.read(folder + "/" + tree.hex), bytes.starts(with: Self.header),
            bytes.last == UInt8(ascii: "\n")
        else { return nil }
        return Self.rows(in: bytes[Self.header.count...])
    }

    /// The row of a task read earlier from `blob`, found among the folders that are no longer
    /// current (those not in `live`): where a changed folder's unchanged tasks were.
    mutating func row(forBlob blob: ObjectID, live: Set<ObjectID>) -> Row? {
        if earlierRows == nil {
            var rows = [ArraySlice<UInt8>: Row]()
            for tree in storedTrees() where !live.contains(tree) {
                for row in self.rows(ofFolder: tree) ?? [] { rows[row.bytes.prefix(40)] = row }
            }
            earlierRows = rows
        }
        return earlierRows?[ArraySlice(blob.hex.utf8)]
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

    /// The lines of `bytes`, found with `memchr`: splitting a 10 MB cache with `split` took a
    /// third of a warm `list`.
    private static func rows(in bytes: ArraySlice<UInt8>) -> [Row] {
        var rows = [Row]()
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, Int32(UInt8(ascii: "\n")), buffer.count - offset) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if end - offset > 41 {
                    rows.append(Row(bytes: bytes[(bytes.startIndex + offset)..<(bytes.startIndex + end)]))
                }
                offset = end + 1
            }
        }
        return rows
    }
}
