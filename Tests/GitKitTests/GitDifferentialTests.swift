import GitDifferential
import Testing

/// GitKit's commit, trailer and tree readers read what git itself reads, or refuse: a few
/// hundred generated hostile objects through the differential oracle that
/// `scripts/fuzz 100000 git-differential` runs at scale.
@Suite struct GitDifferentialTests {
    /// Trees `RawTree` accepts and `git fsck --strict` refuses, found by this check and not
    /// fixed yet: an entry of id 0000…, `.git` look-alikes git's HFS and NTFS checks catch
    /// (`\u{200C}.git`, `.git:x`, `x\.git`, `.git\xc0\xae`), a `.gitmodules` symlink. Remove each
    /// once RawTree refuses it, and the test fails again on any that comes back.
    static let knownTreeProblems: Set<String> = ["nullSha1", "hasDotgit", "gitmodulesSymlink"]

    static func isKnown(_ disagreement: Disagreement) -> Bool {
        disagreement.check == "tree" && !disagreement.fsckMessageIDs.isEmpty
            && Set(disagreement.fsckMessageIDs).isSubset(of: knownTreeProblems)
    }

    @Test("Generated commits and trees: GitKit reads what git reads or refuses them", arguments: [UInt64(1), 2])
    func noDisagreement(seed: UInt64) throws {
        var differential = GitDifferential(seed: seed)
        let batch = try differential.runBatch(commits: 150, trees: 150)
        let unknown = batch.disagreements.filter { !Self.isKnown($0) }
        #expect(unknown.isEmpty, "\(unknown.map(\.description).joined(separator: "\n"))")
        withKnownIssue("RawTree accepts trees git fsck --strict refuses", isIntermittent: true) {
            for disagreement in batch.disagreements where Self.isKnown(disagreement) {
                Issue.record("\(disagreement)")
            }
        }
        // The generators must reach both sides: objects accepted and objects refused.
        #expect(batch.acceptedCommits > 0 && batch.acceptedCommits < batch.commits)
        #expect(batch.acceptedTrees > 0 && batch.acceptedTrees < batch.trees)
    }
}
