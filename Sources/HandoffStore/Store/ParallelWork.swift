import Foundation
import GitKit
import HandoffModel

/// Runs one job per item on every core. Each worker opens its own repository handle, since a
/// libgit2 handle is used by one thread at a time, and takes runs of consecutive items from a
/// shared counter: a worker that meets slow items (an import of 1,000 tasks) takes fewer runs,
/// and neighbours (an offer and its accept) often land on the same worker and its caches.
package enum ParallelWork {
    /// How a worker opens the repository: by path, or from git's hook environment (which also
    /// brings a push's quarantine object directory).
    package typealias Opener = @Sendable () throws(GitError) -> Repository

    /// `job` applied to every index below `count`, in order. Small batches run on one worker;
    /// workers take `run` consecutive indexes at a time.
    /// - Throws: the first `HandoffError` any worker met; the others stop early.
    package static func map<Value: Sendable, State>(
        count: Int, minimumPerWorker: Int = 32, run: Int = 16, open: Opener,
        prepare: (Repository) throws(HandoffError) -> State,
        job: (Repository, inout State, Int) throws(HandoffError) -> Value
    ) throws(HandoffError) -> [Value] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(1, minimumPerWorker)))
        let results = Results<Value>(count: count)
        withoutActuallyEscaping(prepare) { prepare in
            withoutActuallyEscaping(job) { job in
                let work = UncheckedSendable((prepare, job))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    do throws(HandoffError) {
                        let repository = try git({ () throws(GitError) in try open() })
                        var state = try work.value.0(repository)
                        while let range = results.nextRun(of: max(1, run), below: count) {
                            for index in range {
                                results.store(try work.value.1(repository, &state, index), at: index)
                            }
                        }
                    } catch {
                        results.fail(error)
                    }
                }
            }
        }
        return try results.collect()
    }

    /// The closures handed to the workers; each worker only reads them.
    private struct UncheckedSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Slots for the workers' results and the next index to hand out, guarded by a lock.
    private final class Results<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Value?]
        private var error: HandoffError?
        private var next = 0

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
        }

        /// The next `length` indexes below `count` no worker has taken; nil when all are taken
        /// or a worker failed.
        func nextRun(of length: Int, below count: Int) -> Range<Int>? {
            lock.withLock {
                guard error == nil, next < count else { return nil }
                let start = next
                next = min(count, start + length)
                return start..<next
            }
        }

        func store(_ value: Value, at index: Int) {
            lock.withLock { slots[index] = value }
        }

        func fail(_ error: HandoffError) {
            lock.withLock { self.error = self.error ?? error }
        }

        /// Every slot's value, once the workers are done.
        /// - Throws: the first worker's error; an `environment` error for a slot no worker
        ///   filled, which only a worker that stopped without failing could leave.
        func collect() throws(HandoffError) -> [Value] {
            let (slots, error) = lock.withLock { (self.slots, self.error) }
            if let error { throw error }
            var values = [Value]()
            values.reserveCapacity(slots.count)
            for (index, slot) in slots.enumerated() {
                guard let slot else { throw .environment("a worker stopped before item \(index + 1) of \(slots.count); run the command again") }
                values.append(slot)
            }
            return values
        }
    }
}
