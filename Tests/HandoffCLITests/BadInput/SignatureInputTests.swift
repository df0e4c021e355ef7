import Foundation
import HandoffCore
import TestSupport
import Testing

/// Hostile signature material: an allowed_signers file with garbage lines, and handoff commits
/// whose signature is truncated or no longer matches. `verify` reports each; nothing crashes.
@Suite struct SignatureInputTests {
    /// Replaces HEAD by a copy of its commit object with `edit` applied to the raw text.
    static func rewriteHead(_ team: TestTeam, _ edit: (String) -> String) throws {
        let raw = try team.gitText(["cat-file", "commit", "HEAD"])
        let new = try TestKeys.run("git", ["-C", team.repository, "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
                                   environment: team.admin.environment, stdin: Array(edit(raw).utf8))
        try TestKeys.check(new, "hash-object")
        try TestKeys.check(team.git(["update-ref", "refs/heads/main", new.stdoutText.trimmingCharacters(in: .newlines)]), "update-ref")
    }

    static func verify(_ team: TestTeam) -> (code: Int32, stdout: String, stderr: String) {
        handoff(["verify", "--no-cache"], as: team.admin, in: team)
    }

    @Test("a truncated signature is reported by verify")
    func truncatedSignature() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try CLI.expectCommitted(handoff(["note", id, "-m", "signed"], as: team.admin, in: team), in: team)
        try Self.rewriteHead(team) { raw in
            var lines = raw.components(separatedBy: "\n")
            let start = lines.firstIndex { $0.hasPrefix("gpgsig ") }!
            lines.removeSubrange((start + 2)..<(start + 4))
            return lines.joined(separator: "\n")
        }
        let result = Self.verify(team)
        #expect(result.code == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.contains(try team.gitText(["rev-parse", "--short=7", "HEAD"]).trimmingCharacters(in: .newlines)), "stdout: \(result.stdout)")
        #expect(result.stdout.lowercased().contains("signature"), "stdout: \(result.stdout)")
    }

    @Test("a signature that no longer matches the commit (a forged message) is reported by verify")
    func forgedCommit() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try CLI.expectCommitted(handoff(["note", id, "-m", "signed"], as: team.admin, in: team), in: team)
        try Self.rewriteHead(team) { $0.replacingOccurrences(of: "Handoff-Action: note", with: "Handoff-Action: n0te") }
        let result = Self.verify(team)
        #expect(result.code == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        #expect(result.stdout.lowercased().contains("signature"), "stdout: \(result.stdout)")
    }

    @Test("an allowed_signers file with garbage lines is reported naming the file and the line")
    func garbageAllowedSigners() throws {
        let team = try TestTeam()
        let path = ".handoff/allowed_signers"
        var text = try team.read(path)
        text += "this is not a key line\n\u{1}\u{2} ssh-ed25519 !!!notbase64\nbob@example.com ssh-ed25519\n"
        try BadInput.commitRaw(Array(text.utf8), at: path, in: team)
        let result = Self.verify(team)
        #expect(result.code == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(output.contains(path), "output: \(output)")
        #expect(!output.contains("\u{1}"), "control character echoed: \(output.debugDescription)")
    }
}
