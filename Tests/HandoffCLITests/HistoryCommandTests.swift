import Foundation
import HandoffCore
import TestSupport
import Testing

/// verify, log and audit through the CLI: exit codes, one line per violation, CSV and JSON.
@Suite struct HistoryCommandTests {
    @Test("verify exits 0 on a clean history and 1 with one line per violation")
    func verifyExitCodes() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let clean = handoff(["verify"], as: team.admin, in: team)
        #expect(clean.code == 0)
        #expect(clean.stdout.split(separator: "\n").last?.hasPrefix("OK: ") == true && clean.stderr.isEmpty, "the result is data, on stdout: \(clean.stdout)|\(clean.stderr)")
        let path = try team.handoff(as: team.admin).show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "stage: sales", with: "stage: support"), to: path)
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", "move"]).status == 0)
        let broken = handoff(["verify"], as: team.admin, in: team)
        #expect(broken.code == 1)
        let lines = broken.stdout.split(separator: "\n")
        #expect(lines.count == 3 && broken.stderr.isEmpty, "violations, the trust root and the result are data, on stdout: \(broken.stdout)|\(broken.stderr)")
        #expect(lines.first?.contains("\(id) [hand-edit] \(path) changes 'stage' by hand") == true)
        #expect(lines.last?.hasSuffix("1 violation") == true, "\(broken.stdout)")
        let json = try CLI.json(handoff(["verify", "--json", "--no-cache"], as: team.admin, in: team).stdout) as? [String: Any]
        #expect((json?["violations"] as? [[String: Any]])?.first?["rule"] as? String == "hand-edit")
    }

    @Test("log prints the chain of custody with signature status; audit prints CSV and JSON")
    func logAndAudit() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        #expect(handoff(["accept", id, "--readback", "mine"], as: bob, in: team).code == 0)
        let log = handoff(["log", id], as: bob, in: team)
        #expect(log.code == 0)
        #expect(log.stdout.contains("accept   by bob@example.com  alice@example.com → bob@example.com  (sales → onboarding)  [signature: good]"))
        #expect(log.stdout.contains("    mine"))
        let csv = handoff(["audit"], as: team.admin, in: team).stdout.split(separator: "\n")
        #expect(csv.first == "time,commit,task,action,actor,from,to,from_stage,to_stage,signature,fingerprint,problem")
        #expect(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] } == ["init", "member-add", "new", "offer", "accept"])
        let json = try CLI.json(handoff(["audit", "--format", "json"], as: team.admin, in: team).stdout) as? [[String: Any]]
        #expect(json?.count == 5)
        #expect(handoff(["audit", "--since", "yesterday"], as: team.admin, in: team).code == 2)
    }

    @Test("log prints the same bytes, text and JSON, whether it builds the event index or reads it")
    func logWithAndWithoutIndex() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        #expect(handoff(["accept", id, "--readback", "mine"], as: bob, in: team).code == 0)
        let index = team.repository + "/.git/handoff/cache/events-v1"
        try? FileManager.default.removeItem(atPath: index)
        let cold = handoff(["log", id], as: bob, in: team)
        let coldJSON = handoff(["log", id, "--json"], as: bob, in: team)
        #expect(cold.code == 0 && coldJSON.code == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: index).count == 1)
        let warm = handoff(["log", id], as: bob, in: team)
        let warmJSON = handoff(["log", id, "--json"], as: bob, in: team)
        #expect(warm.stdout == cold.stdout && warm.stderr == cold.stderr)
        #expect(warmJSON.stdout == coldJSON.stdout)
        #expect(warm.stdout.contains("accept   by bob@example.com"))
    }
}
