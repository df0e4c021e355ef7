import Foundation
import GitKit
import HandoffModel

/// Reads the trailer events of many commits on every core: each worker opens its own repository
/// handle (libgit2 handles are one-thread-at-a-time) and parses every n-th commit. Parsing the
/// commit objects is most of what a report costs.
enum ParallelTrailerEvents {
    /// The event of each commit of `ids` (nil for a commit that is not a handoff, or is older
    /// than `since`), in the same order.
    /// - Throws: the first `HandoffError` any worker met.
    static func events(
        of ids: [ObjectID], since: Int64?, open: @Sendable () throws(GitError) -> Repository,
        event: @Sendable (RawCommit, String) -> HandoffEvent
    ) throws(HandoffError) -> [HandoffEvent?] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, ids.count / 256))
        let slots = Slots(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do throws(HandoffError) {
                let repository = try git({ () throws(GitError) in try open() })
                var found = [(Int, HandoffEvent)]()
                for index in stride(from: worker, to: ids.count, by: workers) {
                    let id = ids[index]
                    let commit = try RawCommit(id: id, bytes: try git({ () throws(GitError) in try repository.rawObject(id) }))
                    if let since, commit.committer.time.seconds < since { continue }
                    guard let action = commit.trailerValues(.action).first else { continue }
                    found.append((index, event(commit, action)))
                }
                slots.store(found)
            } catch {
                slots.fail(error)
            }
        }
        return try slots.collect()
    }

    /// The workers' results, guarded by a lock.
    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [HandoffEvent?]
        private var error: HandoffError?

        init(count: Int) {
            events = Array(repeating: nil, count: count)
        }

        func store(_ found: [(Int, HandoffEvent)]) {
            lock.withLock {
                for (index, event) in found { events[index] = event }
            }
        }

        func fail(_ error: HandoffError) {
            lock.withLock { self.error = self.error ?? error }
        }

        func collect() throws(HandoffError) -> [HandoffEvent?] {
            let (events, error) = lock.withLock { (self.events, self.error) }
            if let error { throw error }
            return events
        }
    }
}
