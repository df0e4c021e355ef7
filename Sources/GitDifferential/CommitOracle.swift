import Foundation
import GitKit

/// The commit check: whenever `CommitObject` accepts a commit, git reads the same tree,
/// parents, author and committer (name, email, seconds, zone) from it
/// (`git log --no-walk --format`) and `git fsck --strict` finds nothing wrong with it.
struct CommitOracle {
    /// The repository holding the commits.
    let scratch: ScratchRepository

    /// How git reads one commit, as `git log --format` prints it.
    private struct GitReading {
        let fields: [String]
        let trailers: [UInt8]
    }

    /// `%T %P %an %ae %at %ad %cn %ce %ct %cd %(trailers)`, NUL-separated, with `--date=raw`.
    private static let format = "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%ad%x00%cn%x00%ce%x00%ct%x00%cd%x00%(trailers:only,unfold)%x00%x1e"

    /// Compares GitKit's reading of `commits` (written as `ids`) with git's; returns how many
    /// GitKit accepted, and every disagreement.
    /// - Throws: `DifferentialFailure` when git cannot be run.
    func check(_ commits: [GeneratedCommit], ids: [ObjectID], fsck: [ObjectID: [String]]) throws
        -> (accepted: [Int: CommitObject], disagreements: [Disagreement])
    {
        var accepted = [Int: CommitObject]()
        for (index, commit) in commits.enumerated() {
            if let object = try? CommitObject(id: ids[index], bytes: commit.bytes) { accepted[index] = object }
        }
        let readings = try gitReadings(of: accepted.keys.sorted().map { ids[$0] })
        var disagreements = [Disagreement]()
        for (index, object) in accepted.sorted(by: { $0.key < $1.key }) {
            let id = ids[index]
            func disagree(_ ours: String, _ git: String) {
                disagreements.append(Disagreement(check: "commit", id: id, bytes: commits[index].bytes, ours: ours, git: git))
            }
            if let problems = fsck[id] {
                disagree("accepted", Disagreement.fsckPrefix + problems.joined(separator: " | "))
            }
            guard let reading = readings[id] else {
                disagree("accepted", "git log could not read it")
                continue
            }
            let ours = Self.fields(of: object)
            let theirs = Self.fields(fromGit: reading.fields)
            if ours != theirs {
                disagree(ours.joined(separator: " | "), theirs.joined(separator: " | "))
            }
        }
        return (accepted, disagreements)
    }

    /// git's `%(trailers:only,unfold)` for each accepted commit, for the trailer check.
    func logTrailers(of ids: [ObjectID]) throws -> [ObjectID: [UInt8]] {
        try gitReadings(of: ids).mapValues(\.trailers)
    }

    /// tree, parents, author name, email, seconds, zone minutes, the same for the committer.
    private static func fields(of object: CommitObject) -> [String] {
        [object.tree.hex, object.parents.map(\.hex).joined(separator: " ")]
            + [object.author, object.committer].flatMap { [$0.name, $0.email, String($0.seconds), String($0.offsetMinutes)] }
    }

    /// The same fields from git's `%T %P %an %ae %at %ad %cn %ce %ct %cd`; the zone of the
    /// raw date `seconds ±hhmm` turned into minutes as git's date code turns it.
    private static func fields(fromGit fields: [String]) -> [String] {
        guard fields.count >= 11 else { return fields }
        func minutes(_ rawDate: String) -> String {
            guard let zone = rawDate.split(separator: " ").last, let value = Int(zone) else { return "zone? \(rawDate)" }
            let magnitude = abs(value)
            let minutes = magnitude / 100 * 60 + magnitude % 100
            return String(value < 0 ? -minutes : minutes)
        }
        return [fields[1], fields[2], fields[3], fields[4], fields[5], minutes(fields[6]), fields[7], fields[8], fields[9], minutes(fields[10])]
    }

    /// git's reading of every commit in `ids`: one `git log` for all of them, or one per
    /// commit when git refuses the batch; commits git cannot read are missing.
    private func gitReadings(of ids: [ObjectID]) throws -> [ObjectID: GitReading] {
        guard !ids.isEmpty else { return [:] }
        let stdin: [UInt8] = ids.flatMap { id -> [UInt8] in Array(id.hex.utf8) + [0x0A] }
        let output = try scratch.git(["log", "--no-walk=unsorted", "--stdin", "--date=raw", Self.format], stdin: stdin)
        var readings = [ObjectID: GitReading]()
        if output.status == 0 { readings = Self.parse(output.stdout) }
        guard readings.count != ids.count else { return readings }
        for id in ids where readings[id] == nil {
            let single = try scratch.git(["log", "--no-walk", "-1", "--date=raw", Self.format, id.hex])
            if single.status == 0 { readings.merge(Self.parse(single.stdout)) { first, _ in first } }
        }
        return readings
    }

    private static func parse(_ output: [UInt8]) -> [ObjectID: GitReading] {
        var readings = [ObjectID: GitReading]()
        var start = 0
        var index = 0
        while index + 2 < output.count {
            if output[index] == 0x00, output[index + 1] == 0x1E, output[index + 2] == 0x0A {
                let record = Array(output[start..<index])
                let parts = record.split(separator: 0x00, maxSplits: 11, omittingEmptySubsequences: false)
                if parts.count == 12, let id = ObjectID(hex: String(decoding: parts[0], as: UTF8.self)) {
                    readings[id] = GitReading(fields: parts.prefix(11).map { String(decoding: $0, as: UTF8.self) }, trailers: Array(parts[11]))
                }
                index += 3
                start = index
                continue
            }
            index += 1
        }
        return readings
    }
}
