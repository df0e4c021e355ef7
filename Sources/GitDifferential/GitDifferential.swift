import Foundation
import GitKit

/// A differential run of GitKit's commit and tree readers against git itself: generated
/// objects are written into a scratch repository by git as they are, and for every one,
/// GitKit reads what git reads or refuses it.
public struct GitDifferential {
    /// What one batch checked and found.
    public struct Batch: Sendable {
        /// Commits generated and checked.
        public var commits = 0
        /// Of those, the ones `CommitObject` accepted (and git's reading was compared).
        public var acceptedCommits = 0
        /// Messages whose trailers were compared with `git interpret-trailers`.
        public var messages = 0
        /// Trees generated and checked.
        public var trees = 0
        /// Of those, the ones `RawTree` accepted.
        public var acceptedTrees = 0
        /// Every disagreement, in the order found.
        public var disagreements = [Disagreement]()

        /// An empty tally, to add batches to.
        public init() {}
    }

    private var random: DifferentialRandom

    /// A run whose objects follow from `seed`.
    public init(seed: UInt64) {
        random = DifferentialRandom(seed: seed)
    }

    /// Generates `commits` commits and `trees` trees, writes them into a fresh scratch
    /// repository and compares GitKit's reading of each with git's.
    /// - Throws: `DifferentialFailure` when git cannot be run (not a disagreement).
    public mutating func runBatch(commits commitCount: Int, trees treeCount: Int) throws -> Batch {
        let commits = (0..<commitCount).map { _ in CommitGenerator.commit(&random) }
        let trees = (0..<treeCount).map { _ in TreeGenerator.tree(&random) }
        let scratch = try ScratchRepository()
        _ = try scratch.write([Array("hello\n".utf8)], type: "blob")
        let commitIDs = try scratch.write(commits.map(\.bytes), type: "commit")
        let treeIDs = try scratch.write([[]] + trees, type: "tree").dropFirst()
        let fsck = try scratch.fsckProblems()

        var batch = Batch()
        batch.commits = commitCount
        batch.trees = treeCount
        let commitOracle = CommitOracle(scratch: scratch)
        let (accepted, commitDisagreements) = try commitOracle.check(commits, ids: commitIDs, fsck: fsck)
        batch.acceptedCommits = accepted.count
        batch.disagreements += commitDisagreements

        // Trailers: every message through interpret-trailers; accepted commits also through git log.
        let messages = commits.indices.map { index in
            accepted[index].map { Array(commits[index].bytes[$0.messageStart...]) } ?? commits[index].message
        }
        let trailerOracle = TrailerOracle(scratch: scratch)
        let printed = try trailerOracle.gitTrailers(of: messages)
        batch.messages = messages.count
        for index in messages.indices {
            if let found = TrailerOracle.disagreement(message: messages[index], printed: printed[index], check: "trailers", id: commitIDs[index]) {
                batch.disagreements.append(found)
            }
        }
        let acceptedIDs = accepted.keys.sorted().map { commitIDs[$0] }
        let logTrailers = try commitOracle.logTrailers(of: acceptedIDs)
        for index in accepted.keys.sorted() {
            let id = commitIDs[index]
            guard let trailers = logTrailers[id] else { continue }
            if let found = TrailerOracle.disagreement(message: messages[index], printed: trailers, check: "log-trailers", id: id) {
                batch.disagreements.append(Disagreement(check: found.check, id: id, bytes: commits[index].bytes, ours: found.ours, git: found.git))
            }
        }

        let (acceptedTrees, treeDisagreements) = try TreeOracle(scratch: scratch).check(trees, ids: Array(treeIDs), fsck: fsck)
        batch.acceptedTrees = acceptedTrees
        batch.disagreements += treeDisagreements
        return batch
    }
}
