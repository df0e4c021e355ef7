import GitKit
import HandoffModel

/// Task files a verify worker parsed lately, by blob id and path, with the task each states once
/// that was read. Consecutive commits often share a version of a file (an offer's new file is its
/// accept's old one), so each is parsed once. Only what parsed is kept; a failure is parsed again
/// to report it.
final class TaskDocumentCache {
    private var files = [ObjectID: (document: TaskDocument, task: HandoffTask?)]()
    private let limit: Int

    /// A cache that forgets everything once it holds `limit` files, which keeps the recent ones
    /// a run of neighbouring commits needs without holding every task of a large import.
    init(limit: Int = 256) {
        self.limit = limit
    }

    /// The parsed file of blob `id` at `path`, read with `bytes` when it is not cached.
    /// - Throws: `HandoffError` from reading or parsing the file.
    func document(_ id: ObjectID, path: String, bytes: () throws(HandoffError) -> [UInt8]) throws(HandoffError) -> TaskDocument {
        if let cached = files[id], cached.document.path == path { return cached.document }
        let document = try TaskDocument(bytes: try bytes(), path: path)
        if files.count >= limit { files.removeAll(keepingCapacity: true) }
        files[id] = (document, nil)
        return document
    }

    /// The task `document` (the file of blob `id`, so the same bytes as any file cached for it at
    /// that path) states, read once.
    /// - Throws: `HandoffError` when the frontmatter is not a valid task.
    func task(_ id: ObjectID, of document: TaskDocument) throws(HandoffError) -> HandoffTask {
        if let task = knownTask(id, of: document) { return task }
        let task = try HandoffTask(document: document)
        if files[id]?.document.path == document.path { files[id]?.task = task }
        return task
    }

    /// The task of blob `id` when it was read already.
    func knownTask(_ id: ObjectID, of document: TaskDocument) -> HandoffTask? {
        guard let cached = files[id], cached.document.path == document.path else { return nil }
        return cached.task
    }
}
