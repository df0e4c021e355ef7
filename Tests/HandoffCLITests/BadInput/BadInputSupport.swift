import Foundation
import HandoffCore
import TestSupport
import Testing

/// Set-ups and checks for the bad-input corpus: files a careless or hostile person commits with
/// plain git, and the refusal every handoff command must give for them.
enum BadInput {
    /// Writes `bytes` at `path` in the working tree and commits it with plain git, skipping the
    /// hooks and signing, as someone could.
    static func commitRaw(_ bytes: [UInt8], at path: String, in team: TestTeam) throws {
        let url = URL(fileURLWithPath: team.repository).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        try commitWorkingTree(path, in: team)
    }

    /// Stages `path` and commits it with plain git (no hooks, no signature).
    static func commitWorkingTree(_ path: String, in team: TestTeam) throws {
        try TestKeys.check(team.git(["add", "--", path]), "git add")
        try TestKeys.check(team.git(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "raw \(path)"]), "git commit")
    }

    /// A task file's text with its frontmatter lines replaced by `frontmatter`.
    static func taskText(id: String, frontmatter: String? = nil, body: String = "## Context\n") -> String {
        let fields = frontmatter ?? "id: \(id)\ntitle: T\nstage: sales\nowner: alice@example.com\nstate: open\ncreated: 2026-11-02T09:15:00Z\n"
        return "---\n\(fields)---\n\(body)"
    }

    /// What must hold after a refusal: exit `code`, one line on stderr starting "handoff: " and
    /// containing every one of `words`, nothing on stdout, the branch where it was, and the
    /// working files `unchanged` still holding their bytes.
    static func expectRefused(
        _ result: (code: Int32, stdout: String, stderr: String), code: Int32 = 1, mentioning words: [String],
        in team: TestTeam, head: String, unchanged: [String: [UInt8]] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.code == code, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "stdout: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("handoff: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n", omittingEmptySubsequences: false).count == 2, "not one line: \(result.stderr)", sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.contains(word), "'\(word)' missing from: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try head == Self.head(of: team), "the branch moved", sourceLocation: sourceLocation)
        for (path, bytes) in unchanged {
            let now = FileManager.default.contents(atPath: team.repository + "/" + path).map(Array.init)
            #expect(now == bytes, "\(path) changed", sourceLocation: sourceLocation)
        }
    }

    /// The commit HEAD points at (or "" when the branch has none).
    static func head(of team: TestTeam) throws -> String {
        let output = try team.git(["rev-parse", "-q", "--verify", "HEAD"])
        return output.stdoutText.trimmingCharacters(in: .newlines)
    }

    /// The bytes of `path` in the working tree.
    static func bytes(_ path: String, in team: TestTeam) -> [UInt8] {
        FileManager.default.contents(atPath: team.repository + "/" + path).map(Array.init) ?? []
    }
}
