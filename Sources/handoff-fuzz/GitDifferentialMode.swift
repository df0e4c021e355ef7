import Foundation
import GitDifferential

/// `handoff-fuzz git-differential [--runs N] [--seed S] [--batch B] [--keep-going]`: N generated
/// objects (half commits, half trees, B per scratch repository) read by GitKit and by git
/// itself (see `GitDifferential`). A disagreement prints both readings and the object's bytes,
/// saves the bytes under fuzz/differential/ and stops the run, unless `--keep-going`.
enum GitDifferentialMode {
    /// Runs the mode with the arguments after its name; returns the exit status.
    static func run(_ arguments: [String]) -> Int32 {
        var runs = 100_000
        var seed: UInt64 = 1
        var batchSize = 1_000
        var keepGoing = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--runs": runs = rest.popFirst().flatMap { Int($0) } ?? runs
            case "--seed": seed = rest.popFirst().flatMap { UInt64($0) } ?? seed
            case "--batch": batchSize = max(2, rest.popFirst().flatMap { Int($0) } ?? batchSize)
            case "--keep-going": keepGoing = true
            default:
                print("usage: handoff-fuzz git-differential [--runs N] [--seed S] [--batch B] [--keep-going]")
                return 2
            }
        }
        let folder = URL(fileURLWithPath: FileManager.default.fileExists(atPath: "fuzz") ? "fuzz/differential" : NSTemporaryDirectory() + "handoff-differential")
        var differential = GitDifferential(seed: seed)
        var total = GitDifferential.Batch()
        let start = Date()
        var kinds = [String: Int]()
        while total.commits + total.trees < runs {
            let size = min(batchSize, runs - total.commits - total.trees)
            let batch: GitDifferential.Batch
            do {
                batch = try differential.runBatch(commits: (size + 1) / 2, trees: size / 2)
            } catch {
                print("git-differential: the harness failed: \(error)")
                return 2
            }
            total.commits += batch.commits
            total.acceptedCommits += batch.acceptedCommits
            total.messages += batch.messages
            total.trees += batch.trees
            total.acceptedTrees += batch.acceptedTrees
            for disagreement in batch.disagreements {
                let file = (try? disagreement.save(in: folder).path) ?? "(not saved)"
                // With --keep-going, the first of each kind in full; the rest are counted.
                if kinds[disagreement.kind] == nil { print("\(disagreement)\n  saved:   \(file)") }
                kinds[disagreement.kind, default: 0] += 1
            }
            total.disagreements += batch.disagreements
            print("git-differential: \(total.commits + total.trees) cases: \(total.commits) commits (\(total.acceptedCommits) accepted), "
                + "\(total.messages) messages, \(total.trees) trees (\(total.acceptedTrees) accepted), "
                + "\(total.disagreements.count) disagreements, \(Int(Date().timeIntervalSince(start))) s")
            if !batch.disagreements.isEmpty && !keepGoing { break }
        }
        for (kind, count) in kinds.sorted(by: { $0.key < $1.key }) { print("  \(count) × \(kind)") }
        let cases = total.commits + total.trees
        // A case can disagree in more than one check (a commit's header and its trailers).
        print("\(cases) cases, \(total.disagreements.count) disagreements (at least \(cases - total.disagreements.count) cases with none; seed \(seed))")
        return total.disagreements.isEmpty ? 0 : 1
    }
}
