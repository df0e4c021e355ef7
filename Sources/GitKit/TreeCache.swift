import Foundation

/// Trees read lately, as bytes, kept until a byte budget is spent (oldest out first). Walking
/// history, a commit's parent trees are trees a nearby commit produced: a folder of 1,000 tasks
/// is read and inflated from its delta chain once for both. One cache can serve the repository
/// handles of several threads (verify's workers), so a tree one worker read serves the other.
public final class TreeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var trees = [ObjectID: RawTree]()
    private var order = [ObjectID]()
    private var oldest = 0
    private var bytes = 0
    private let budget: Int

    /// A cache that keeps trees while they hold at most `budget` bytes in all.
    public init(budget: Int) {
        self.budget = budget
    }

    /// The tree `id`, from the cache or from `read` (outside the lock, so two threads may read
    /// the same tree once each, never wait for each other's reads).
    func tree(_ id: ObjectID, read: () throws(GitError) -> RawTree) throws(GitError) -> RawTree {
        if let kept = lock.withLock({ trees[id] }) { return kept }
        let tree = try read()
        lock.withLock {
            guard trees.updateValue(tree, forKey: id) == nil else { return }
            order.append(id)
            bytes += tree.bytes.count
            while bytes > budget, oldest < order.count - 1 {
                if let dropped = trees.removeValue(forKey: order[oldest]) { bytes -= dropped.bytes.count }
                oldest += 1
            }
            if oldest > 4_096 {
                order.removeFirst(oldest)
                oldest = 0
            }
        }
        return tree
    }
}
