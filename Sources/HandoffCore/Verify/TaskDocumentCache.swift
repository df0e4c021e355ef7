import GitKit

/// Task files a verify worker parsed lately, by blob id and path. Consecutive commits often
/// share a version of a file (an offer's new file is its accept's old one), so each is parsed
/// once. Only files that parsed are kept; a failure is parsed again to report it.
final class TaskDocumentCache {
    private var documents = [ObjectID: TaskDocument]()
    private let limit: Int

    /// A cache that forgets everything once it holds `limit` files, which keeps the recent ones
    /// a run of neighbouring commits needs without holding every task of a large import.
    init(limit: Int = 256) {
        self.limit = limit
    }

    /// The parsed file of blob `id` at `path`, read with `bytes` when it is not cached.
    /// - Throws: `HandoffError` from reading or parsing the file.
    func document(_ id: ObjectID, path: String, bytes: () throws(HandoffError) -> [UInt8]) throws(HandoffError) -> TaskDocument {
        if let cached = documents[id], cached.path == path { return cached }
        let document = try TaskDocument(bytes: try bytes(), path: path)
        if documents.count >= limit { documents.removeAll(keepingCapacity: true) }
        documents[id] = document
        return document
    }
}
