import Foundation
import GitKit

/// Checks many commits on every core: each worker opens its own repository handle (libgit2
/// handles are one-thread-at-a-time) and its own policy cache, and takes every n-th commit.
enum ParallelCheck {
    /// How a worker opens the repository: by path, or from git's hook environment (which also
    /// brings a push's quarantine object directory).
    typealias Opener = @Sendable () throws(GitError) -> Repository

    /// The violations of each commit of `ids`, in the same order.
    /// - Throws: the first `HandoffError` any worker met.
    static func violations(
        of ids: [ObjectID], open: Opener, environment: [String: String], trustRoot: ObjectID?, trustOwnPolicy: Bool
    ) throws(HandoffError) -> [[Violation]] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, ids.count / 32))
        let results = Results(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do throws(HandoffError) {
                let repository = try git({ () throws(GitError) in try open() })
                let rules = CommitRules(repository: repository, policies: PolicyCache(repository: repository), environment: environment)
                for index in stride(from: worker, to: ids.count, by: workers) where !results.failed {
                    let id = ids[index]
                    let bytes = try git({ () throws(GitError) in try repository.rawObject(id) })
                    let commit = try RawCommit(id: id, bytes: bytes)
                    results.store(try rules.check(commit, isTrustRoot: trustOwnPolicy && id == trustRoot), at: index)
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.collect()
    }

    /// Slots for the workers' findings, guarded by a lock.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [[Violation]]
        private var error: HandoffError?

        init(count: Int) {
            slots = Array(repeating: [], count: count)
        }

        var failed: Bool { lock.withLock { error != nil } }

        func store(_ violations: [Violation], at index: Int) {
            lock.withLock { slots[index] = violations }
        }

        func fail(_ error: HandoffError) {
            lock.withLock { self.error = self.error ?? error }
        }

        func collect() throws(HandoffError) -> [[Violation]] {
            let (slots, error) = lock.withLock { (self.slots, self.error) }
            if let error { throw error }
            return slots
        }
    }
}
