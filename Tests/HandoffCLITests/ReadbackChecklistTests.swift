import Foundation
import HandoffCore
import TestSupport
import Testing

/// A read-back that is checked: under `readback_checklist`, accept (and claim) refuse while a
/// bullet of the named brief sections is neither ticked nor answered, and verify checks it again.
@Suite struct ReadbackChecklistTests {
    static let brief = """
        ## Summary
        ACME onboarding.
        ## Open items
        - SAML metadata from Dana
        - Invoice reminder on the 15th
        ## Risks
        - Launch date is fixed
        ## Next steps
        Kick-off Tuesday.
        """

    /// A team whose workflow checks the read-back against the brief's Open items, and a task
    /// offered to bob with `brief`.
    static func offered() throws -> (TestTeam, TestPerson, String) {
        let (team, bob, id) = try CLI.teamWithTask()
        let config = try team.read(".handoff/config.yml")
        try team.write(config.replacingOccurrences(of: "readback: required\n", with: "readback: required\nreadback_checklist: [Open items]\n"), to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Check read-backs"]), "commit the workflow")
        let offer = handoff(["offer", id, "--to", bob.email, "-m", brief], as: team.admin, in: team)
        try #require(offer.code == 0, "\(offer.stderr)")
        return (team, bob, id)
    }

    @Test("accept is refused while an item is neither ticked nor answered, naming it; accepted when all are")
    func refusedUntilAcknowledged() throws {
        let (team, bob, id) = try Self.offered()
        let before = try team.commits()
        let vague = handoff(["accept", id, "--readback", "ok, got it"], as: bob, in: team)
        try CLI.expectRefused(vague, containing: "leaves 2 items of the brief unacknowledged ('SAML metadata from Dana', 'Invoice reminder on the 15th')", in: team, commitsBefore: before)
        let half = handoff(["accept", id, "--readback=- [x] SAML metadata from Dana\n- [ ] Invoice reminder on the 15th"], as: bob, in: team)
        try CLI.expectRefused(half, containing: "leaves 1 item of the brief unacknowledged ('Invoice reminder on the 15th')", in: team, commitsBefore: before)
        let full = handoff(["accept", id, "--readback", "I take ACME.\n- [x] SAML metadata from Dana\n- invoice reminder on the 15th: I send it myself"], as: bob, in: team)
        try CLI.expectCommitted(full, in: team)
        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
    }

    @Test("accept without a read-back opens the editor on the checklist and the brief, and takes what was saved")
    func readbackInEditor() throws {
        let (team, bob, id) = try Self.offered()
        let copy = team.root.appendingPathComponent("readback-seen.md").path
        let editor = try CLI.script("tick-all.sh", "cp \"$1\" '\(copy)'; sed -i 's/^- \\[ \\]/- [x]/' \"$1\"; echo 'I take ACME.' >> \"$1\"", in: team)
        let result = handoff(["accept", id], as: bob, in: team, environment: ["EDITOR": editor])
        try CLI.expectCommitted(result, in: team)
        let seen = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(seen.hasPrefix("- [ ] SAML metadata from Dana\n- [ ] Invoice reminder on the 15th\n"), "\(seen)")
        #expect(seen.contains("#   Open items\n#   - SAML metadata from Dana"), "\(seen)")
        let log = try team.handoff(as: bob).show(id).document.body
        #expect(log.contains("#### Read-back\n- [x] SAML metadata from Dana\n- [x] Invoice reminder on the 15th"), "\(log)")
        #expect(!log.contains("# The brief:"))
    }

    @Test("verify applies the checklist again: an accept recorded without the acknowledgements is a violation")
    func verifyRechecks() throws {
        let (team, bob, id) = try Self.offered()
        let snapshot = try team.handoff(as: bob).show(id)
        let workflow = try Workflow(yaml: try team.read(".handoff/config.yml"))
        let bare = TaskOperation.accept(readback: "ok, got it")
        #expect(throws: HandoffError.self) {
            try TaskTransitions.apply(bare, to: snapshot.document, workflow: workflow, actor: bob.email, at: Timestamp(seconds: 1_800_000_000))
        }
        // The same accept read back from its log entry, as verify and sync replay it.
        let replayed = try #require(TaskOperation.recorded(.accept, from: RecordedEntry(details: "#### Read-back\nok, got it", receiver: bob.email, stage: "onboarding")))
        #expect(replayed == bare)
        let acknowledged = TaskOperation.accept(readback: "- [x] SAML metadata from Dana\n- [x] Invoice reminder on the 15th")
        _ = try TaskTransitions.apply(acknowledged, to: snapshot.document, workflow: workflow, actor: bob.email, at: Timestamp(seconds: 1_800_000_000))
    }

    @Test("report shows acknowledgement coverage per transition: measured before a checklist is enforced, full once it is")
    func reportCoverage() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let offer = handoff(["offer", id, "--to", bob.email, "-m", Self.brief], as: team.admin, in: team)
        try #require(offer.code == 0, "\(offer.stderr)")
        let accept = handoff(["accept", id, "--readback", "I take ACME.\n- [x] SAML metadata from Dana"], as: bob, in: team)
        try CLI.expectCommitted(accept, in: team)
        let unmeasured = handoff(["report", "--json"], as: team.admin, in: team)
        let before = try Self.transition(unmeasured.stdout, from: "sales", to: "onboarding")
        #expect(before["readbackItems"] as? Int == 0 && before["readbackCoverage"] is NSNull, "\(before)")

        // The team turns the checklist on: the accept that came before is measured against it.
        let config = try team.read(".handoff/config.yml")
        try team.write(config + "readback_checklist: [Open items]\n", to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Check read-backs"]), "commit the workflow")
        let measured = try Self.transition(handoff(["report", "--json"], as: team.admin, in: team).stdout, from: "sales", to: "onboarding")
        #expect(measured["readbackItems"] as? Int == 2 && measured["readbackAcknowledged"] as? Int == 1, "\(measured)")
        #expect(measured["readbackCoverage"] as? Double == 0.5, "\(measured)")
        let text = handoff(["report"], as: team.admin, in: team)
        #expect(text.stdout.contains("READ-BACK") && text.stdout.contains("50% of 2"), "\(text.stdout)")
    }

    /// The `transitions` row of `json` from `from` to `to`.
    static func transition(_ json: String, from: String, to: String) throws -> [String: Any] {
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(report["transitions"] as? [[String: Any]])
        return try #require(rows.first { $0["from"] as? String == from && $0["to"] as? String == to }, "\(rows)")
    }
}
