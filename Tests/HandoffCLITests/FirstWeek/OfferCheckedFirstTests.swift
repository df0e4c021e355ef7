import Foundation
import HandoffCore
import TestSupport
import Testing

/// `offer` checks everything it can before the editor opens, and keeps a brief it refused after
/// editing (as git keeps COMMIT_EDITMSG) for the next time.
@Suite struct OfferCheckedFirstTests {
    /// An editor that leaves a mark when it runs and writes a complete brief.
    private func markingEditor(in team: TestTeam) throws -> (editor: String, mark: String) {
        let mark = team.root.appendingPathComponent("editor-ran").path
        let brief = try CLI.file("complete-brief.md", CLI.brief, in: team)
        let editor = try CLI.script("mark.sh", "touch '\(mark)'\ncp '\(brief)' \"$1\"", in: team)
        return (editor, mark)
    }

    @Test("an offer that cannot succeed is refused before the editor opens, whatever the reason")
    func refusedBeforeEditor() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let carol = try team.person("carol", stages: ["support"])
        let (editor, mark) = try markingEditor(in: team)
        let environment = ["EDITOR": editor]
        let cases: [(arguments: [String], says: String)] = [
            (["--to", carol.email, "--stage", "onboarding"], "does not work in stage onboarding"),
            (["--to", carol.email, "--stage", "support"], "no transition sales → support"),
            (["--to", team.admin.email], "already"),
            (["--queue", "legal"], "legal"),
            (["--to", "dave@example.com"], "not a member"),
        ]
        for (arguments, says) in cases {
            let before = try team.commits()
            let result = handoff(["offer", id] + arguments, as: team.admin, in: team, environment: environment)
            try CLI.expectRefused(result, containing: says, in: team, commitsBefore: before)
            #expect(!FileManager.default.fileExists(atPath: mark), "the editor ran for \(arguments)")
        }

        try CLI.offer(id, to: bob, in: team)
        let pending = try team.commits()
        try CLI.expectRefused(handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: environment),
                              containing: "already offered", in: team, commitsBefore: pending)
        #expect(!FileManager.default.fileExists(atPath: mark))

        let done = try CLI.newTask("Closed already", in: team)
        #expect(handoff(["close", done], as: team.admin, in: team).code == 0)
        let closed = try team.commits()
        try CLI.expectRefused(handoff(["offer", done, "--to", bob.email], as: team.admin, in: team, environment: environment),
                              containing: "done", in: team, commitsBefore: closed)
        #expect(!FileManager.default.fileExists(atPath: mark))

        // The same editor for an offer that can succeed: it runs, and the offer lands.
        let fine = try CLI.newTask("Can move", in: team)
        try CLI.expectCommitted(handoff(["offer", fine, "--to", bob.email], as: team.admin, in: team, environment: environment), in: team)
        #expect(FileManager.default.fileExists(atPath: mark))
    }

    @Test("a brief refused after editing is kept under .git/handoff, named in the refusal, and opens again next time")
    func refusedBriefKept() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let lacking = try CLI.script("lacking.sh", "printf '## Summary\\nWritten with care.\\n' > \"$1\"", in: team)
        let before = try team.commits()
        let refused = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": lacking])
        let kept = ".git/handoff/BRIEF_EDITMSG-\(id)"
        try CLI.expectRefused(refused, containing: "lacks 'Open items'", in: team, commitsBefore: before)
        #expect(refused.stderr.contains(kept), "\(refused.stderr)")
        #expect(try String(contentsOfFile: team.repository + "/" + kept, encoding: .utf8) == "## Summary\nWritten with care.\n")

        // Next time the editor sees the kept brief; completed there, the offer lands.
        let seen = team.root.appendingPathComponent("seen.md").path
        let completing = try CLI.script("complete.sh", "cp \"$1\" '\(seen)'\nprintf '\\n## Open items\\nNone.\\n## Risks\\nLow.\\n## Next steps\\nCall.\\n' >> \"$1\"", in: team)
        let landed = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": completing])
        try CLI.expectCommitted(landed, in: team)
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "## Summary\nWritten with care.\n")
        #expect(try team.gitText(["show", "HEAD"]).contains("Written with care."))
        #expect(!FileManager.default.fileExists(atPath: team.repository + "/" + kept))
    }

    @Test("the advice of a refused default stage names people an offer to would land")
    func adviceLeadsToSuccess() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let carol = try team.person("carol", stages: ["support"])
        let before = try team.commits()
        let refused = handoff(["offer", id, "--to", carol.email, "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectRefused(refused, containing: "offer to \(bob.email)", in: team, commitsBefore: before)
        #expect(!refused.stderr.contains("--stage"), "\(refused.stderr)")
        try CLI.expectCommitted(handoff(["offer", id, "--to", bob.email, "-m", CLI.brief], as: team.admin, in: team), in: team)
    }

    @Test("handover asks for no shift brief when no task could move")
    func handoverCheckedFirst() throws {
        let (team, _, _) = try CLI.teamWithTask()
        let carol = try team.person("carol", stages: ["support"])
        let (editor, mark) = try markingEditor(in: team)
        let before = try team.commits()
        let result = handoff(["handover", "--to", carol.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        try CLI.expectRefused(result, containing: "no task of yours could be offered to \(carol.email)", in: team, commitsBefore: before)
        #expect(!FileManager.default.fileExists(atPath: mark))
    }
}
