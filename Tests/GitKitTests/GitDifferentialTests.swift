import GitDifferential
import Testing

/// GitKit's commit, trailer and tree readers read what git itself reads, or refuse: a few
/// hundred generated hostile objects through the differential oracle that
/// `scripts/fuzz 100000 git-differential` runs at scale.
@Suite struct GitDifferentialTests {
    @Test("Generated commits and trees: GitKit reads what git reads or refuses them", arguments: [UInt64(1), 2])
    func noDisagreement(seed: UInt64) throws {
        var differential = GitDifferential(seed: seed)
        let batch = try differential.runBatch(commits: 150, trees: 150)
        #expect(batch.disagreements.isEmpty, "\(batch.disagreements.map(\.description).joined(separator: "\n"))")
        // The generators must reach both sides: objects accepted and objects refused.
        #expect(batch.acceptedCommits > 0 && batch.acceptedCommits < batch.commits)
        #expect(batch.acceptedTrees > 0 && batch.acceptedTrees < batch.trees)
    }
}
