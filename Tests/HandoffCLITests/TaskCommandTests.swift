import Foundation
import HandoffCore
import TestSupport
import Testing

/// `new`, `offer`, `accept`, `decline`, `withdraw`, `note`, `close`, `reopen` and `reassign`
/// through the CLI: the happy path and one refusal each.
@Suite struct TaskCommandTests {
    /// The task as `show --json` prints it, as the admin sees it.
    private func task(_ id: String, in team: TestTeam) throws -> [String: Any] {
        let result = handoff(["show", id, "--json"], as: team.admin, in: team)
        try #require(result.code == 0, "show failed: \(result.stderr)")
        let object = try #require(try CLI.json(result.stdout) as? [String: Any])
        return try #require(object["task"] as? [String: Any])
    }

    @Test("new prints only the ID on stdout and commits the task file")
    func newPrintsID() throws {
        let team = try TestTeam()
        let result = handoff(
            ["new", "Onboard ACME Corp", "--stage", "sales", "--priority", "high", "--due", "2099-12-01",
             "--label", "enterprise", "--field", "customer=ACME Corp", "--field", "note=a=b"],
            as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        let id = result.stdout.trimmingCharacters(in: .newlines)
        #expect(result.stdout == id + "\n")
        #expect(id.wholeMatch(of: /HO-[0-9A-Z]+/) != nil, "stdout: \(result.stdout)")
        let task = try task(id, in: team)
        #expect(task["title"] as? String == "Onboard ACME Corp")
        #expect(task["owner"] as? String == team.admin.email)
        #expect(task["labels"] as? [String] == ["enterprise"])
        let fields = try #require(task["fields"] as? [String: String])
        #expect(fields["customer"] == "ACME Corp")
        #expect(fields["note"] == "a=b")
        #expect(fields["priority"] == "high")
        #expect(fields["due"] == "2099-12-01")
        #expect(try team.gitText(["ls-files", "tasks"]).contains("\(id).md"))
    }

    @Test("new for an owner outside the stage is refused with exit 1")
    func newRefused() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let before = try team.commits()
        let result = handoff(["new", "Wrong stage", "--stage", "sales", "--owner", bob.email], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "bob@example.com does not work in stage sales", in: team, commitsBefore: before)
    }

    @Test("a note (or any text) with a '### ' line, which the log would read as a new entry, is refused before anything is written")
    func headingLineRefused() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let forged = handoff(["note", id, "-m", "Call went fine.\n### 2026-12-01 09:00 UTC — accept by bob@example.com (sales → onboarding)"], as: team.admin, in: team)
        try CLI.expectRefused(forged, containing: "the text has a line starting '### '", in: team, commitsBefore: before)
        let fine = handoff(["note", id, "-m", "Call went fine.\n#### Details\nAll good."], as: team.admin, in: team)
        try CLI.expectCommitted(fine, in: team)
        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
    }

    @Test("offer -m offers the task; it stays the sender's until accepted")
    func offerHappyPath() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let result = handoff(["offer", String(id.prefix(5)), "--to", bob.email, "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Offered \(id) to bob@example.com (sales → onboarding) in commit "))
        let task = try task(id, in: team)
        #expect(task["state"] as? String == "offered")
        #expect(task["owner"] as? String == team.admin.email)
        let offer = try #require(task["offer"] as? [String: Any])
        #expect(offer["to"] as? String == bob.email)
        #expect(offer["from"] as? String == team.admin.email)
        #expect(offer["stage"] as? String == "onboarding")
        #expect(try team.gitText(["log", "-1", "--format=%s"]) == "handoff: offer \(id) (sales → onboarding)\n")
    }

    @Test("offer by someone who does not own the task is refused with exit 1")
    func offerRefusedNotOwner() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", team.admin.email, "--stage", "sales", "-m", CLI.brief], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only the owner (or an admin) can offer it", in: team, commitsBefore: before)
    }

    @Test("offer with a brief that lacks required sections is refused with exit 1")
    func offerRefusedIncompleteBrief() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email, "-m", "## Summary\nJust this.\n"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "the brief lacks 'Open items', 'Risks', 'Next steps'", in: team, commitsBefore: before)
    }

    @Test("accept with a read-back makes the receiver owner in the new stage")
    func acceptHappyPath() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let result = handoff(["accept", id, "--readback", "SSO first, launch date fixed."], as: bob, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Accepted \(id); you own it now in stage onboarding (commit "))
        let task = try task(id, in: team)
        #expect(task["owner"] as? String == bob.email)
        #expect(task["stage"] as? String == "onboarding")
        #expect(task["state"] as? String == "open")
        #expect(task["offer"] is NSNull)
        #expect(try team.gitText(["log", "-1", "--format=%G? %GS"]) == "G bob@example.com\n")
    }

    @Test("accept by someone other than the receiver is refused with exit 1")
    func acceptRefusedWrongPerson() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let before = try team.commits()
        let result = handoff(["accept", id, "--readback", "Mine now."], as: team.admin, in: team)
        try CLI.expectRefused(
            result, containing: "you offered \(id) to bob@example.com; only bob@example.com can accept it (to take it back: handoff withdraw \(id))",
            in: team, commitsBefore: before)
    }

    @Test("accept without the required read-back is refused with exit 1")
    func acceptRefusedNoReadback() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let before = try team.commits()
        let result = handoff(["accept", id], as: bob, in: team)
        try CLI.expectRefused(result, containing: "requires a read-back", in: team, commitsBefore: before)
    }

    @Test("decline leaves the task with the sender, open")
    func declineHappyPath() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let result = handoff(["decline", id, "--reason", "No capacity this week."], as: bob, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Declined \(id); it stays with alice@example.com (commit "))
        let task = try task(id, in: team)
        #expect(task["owner"] as? String == team.admin.email)
        #expect(task["state"] as? String == "open")
    }

    @Test("decline by the sender is refused with exit 1")
    func declineRefused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let before = try team.commits()
        let result = handoff(["decline", id, "--reason", "Changed my mind."], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "only bob@example.com can decline it", in: team, commitsBefore: before)
    }

    @Test("withdraw takes back a pending offer")
    func withdrawHappyPath() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let result = handoff(["withdraw", id, "--reason", "Customer paused."], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Withdrew the offer of \(id) (commit "))
        #expect(try task(id, in: team)["state"] as? String == "open")
    }

    @Test("withdraw without a pending offer is refused with exit 1")
    func withdrawRefused() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["withdraw", id], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "\(id) has no pending offer", in: team, commitsBefore: before)
    }

    @Test("any member may add a note; it lands in the task file")
    func noteHappyPath() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let result = handoff(["note", id, "-m", "Called ACME; they want SSO."], as: bob, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Noted on \(id) (commit "))
        let path = try #require(try task(id, in: team)["path"] as? String)
        #expect(try team.read(path).contains("Called ACME; they want SSO."))
        #expect(try team.gitText(["log", "-1", "--format=%GS"]) == "bob@example.com\n")
    }

    @Test("an empty note is refused with exit 1")
    func noteRefused() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["note", id, "-m", "   "], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "the note is empty", in: team, commitsBefore: before)
    }

    @Test("close finishes a task; reopen opens it again")
    func closeAndReopen() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let closed = handoff(["close", id, "--resolution", "Done by phone."], as: team.admin, in: team)
        try CLI.expectCommitted(closed, in: team)
        #expect(closed.stdout.hasPrefix("Closed \(id) (commit "))
        #expect(try task(id, in: team)["state"] as? String == "done")
        let reopened = handoff(["reopen", id, "--reason", "They called back."], as: team.admin, in: team)
        try CLI.expectCommitted(reopened, in: team)
        #expect(reopened.stdout.hasPrefix("Reopened \(id) (commit "))
        #expect(try task(id, in: team)["state"] as? String == "open")
    }

    @Test("close by someone who does not own the task is refused with exit 1")
    func closeRefused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["close", id], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only the owner can close it", in: team, commitsBefore: before)
    }

    @Test("reopen by someone who does not own the task is refused with exit 1")
    func reopenRefused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.expectCommitted(handoff(["close", id], as: team.admin, in: team), in: team)
        let before = try team.commits()
        let result = handoff(["reopen", id], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only the owner can reopen it", in: team, commitsBefore: before)
    }

    @Test("an admin reassigns a task, recorded as such")
    func reassignHappyPath() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let id = try CLI.newTask("Support ACME", in: team, extra: ["--stage", "onboarding"])
        let result = handoff(["reassign", id, "--to", bob.email, "--reason", "Alice is on leave."], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Reassigned \(id) to bob@example.com (commit "))
        #expect(try task(id, in: team)["owner"] as? String == bob.email)
        #expect(try team.gitText(["log", "-1", "--format=%s"]).contains("reassign \(id)"))
    }

    @Test("reassign by a non-admin is refused with exit 1")
    func reassignRefused() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let id = try CLI.newTask("Support ACME", in: team, extra: ["--stage", "onboarding"])
        let before = try team.commits()
        let result = handoff(["reassign", id, "--to", bob.email, "--reason", "Mine."], as: bob, in: team)
        try CLI.expectRefused(result, containing: "only an admin can reassign \(id)", in: team, commitsBefore: before)
    }

    @Test("an unknown ID is refused with exit 1 and names the list command")
    func unknownID() throws {
        let (team, _, _) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["note", "HO-NOPE", "-m", "hello"], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "no task HO-NOPE", in: team, commitsBefore: before)
    }
}
