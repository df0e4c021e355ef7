import Foundation
import HandoffCore
import TestSupport
import Testing

/// Briefs and read-backs from files and from the editor, as `git commit` takes messages.
@Suite struct BriefInputTests {
    /// The body of the brief section of the task's last handoff log entry, as committed.
    private func committedFile(_ id: String, in team: TestTeam) throws -> String {
        let show = handoff(["show", id, "--json"], as: team.admin, in: team)
        let object = try #require(try CLI.json(show.stdout) as? [String: Any])
        let path = try #require((object["task"] as? [String: Any])?["path"] as? String)
        return try team.gitText(["show", "HEAD:\(path)"])
    }

    @Test("offer without -m or --brief-file runs $EDITOR and offers what it saved")
    func offerThroughEditor() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let editor = try CLI.script("fill-brief.sh", """
            test -f "$1" || exit 3
            grep -q '^## Summary' "$1" || exit 4
            cat > "$1" <<'BRIEF'
            ## Summary
            Written in the editor.
            ## Open items
            Contract countersignature.
            ## Risks
            None known.
            ## Next steps
            Call on Monday.
            BRIEF
            """, in: team)
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.hasPrefix("Offered \(id) to bob@example.com"))
        let file = try committedFile(id, in: team)
        #expect(file.contains("Written in the editor."))
        #expect(file.contains("Call on Monday."))
        #expect(file.contains("state: offered"))
    }

    @Test("the editor is handed the brief template naming the task and the receiver")
    func editorSeesTemplate() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let copy = team.root.appendingPathComponent("template-seen.md").path
        let editor = try CLI.script("copy-template.sh", "cp \"$1\" '\(copy)'", in: team)
        _ = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        let template = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(template.contains("## Summary\n"))
        #expect(template.contains("## Next steps\n"))
        #expect(template.contains(id))
        #expect(template.contains(bob.email))
        #expect(template.contains("sales → onboarding"))
    }

    @Test("the editor opens on the team's brief template, or on exactly the sections the transition requires")
    func editorSeesTeamTemplateAndRequiredSections() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let copy = team.root.appendingPathComponent("template-seen.md").path
        let editor = try CLI.script("copy-template.sh", "cp \"$1\" '\(copy)'", in: team)
        try team.write("## Summary\n\n## Open items\n\n## Risks\n\n## Next steps\n\n## Customer contacts\n\n# Our team's brief for {{id}}.\n", to: ".handoff/templates/brief.md")
        try TestKeys.check(team.git(["commit", "-q", "-am", "Our brief template"]), "commit the template")
        _ = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        let ours = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(ours.contains("## Customer contacts\n") && ours.contains("# Our team's brief for \(id)."), "\(ours)")

        let config = try team.read(".handoff/config.yml")
        try team.write(config.replacingOccurrences(of: "{from: sales, to: onboarding}", with: "{from: sales, to: onboarding, brief: [Situation, Background, Assessment, Recommendation]}"), to: ".handoff/config.yml")
        try TestKeys.check(team.git(["commit", "-q", "-am", "SBAR into onboarding"]), "commit the workflow")
        _ = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        let sbar = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(sbar.hasPrefix("## Situation\n\n## Background\n\n## Assessment\n\n## Recommendation\n"), "\(sbar)")
        #expect(!sbar.contains("## Summary"))
        #expect(sbar.contains("# sales → onboarding requires these sections: Situation, Background, Assessment, Recommendation."))
    }

    @Test("an editor that leaves the template untouched is refused and nothing is committed")
    func untouchedTemplateRefused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let editor = try CLI.script("leave-it.sh", "exit 0", in: team)
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        #expect(result.code == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("handoff: "))
        #expect(result.stderr.contains("empty") || result.stderr.contains("lacks"), "stderr: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try team.commits() == before)
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty)
    }

    @Test("an editor that fills only some sections is refused as missing sections")
    func partialBriefRefused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let editor = try CLI.script("partial.sh", "printf '## Summary\\nOnly this.\\n' > \"$1\"", in: team)
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        try CLI.expectRefused(result, containing: "the brief lacks", in: team, commitsBefore: before)
    }

    @Test("an editor that fails aborts the offer and commits nothing")
    func failingEditor() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let editor = try CLI.script("fail.sh", "exit 1", in: team)
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        #expect(result.code == 1, "a failing editor is not bad usage; git exits 1 too")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("handoff: the editor ("))
        #expect(try team.commits() == before)
    }

    @Test("VISUAL wins over EDITOR and GIT_EDITOR over both, as in git")
    func editorPrecedence() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let good = try CLI.script("good.sh", "printf '%s\\n' \"$BRIEF_TEXT\" > \"$1\"", in: team)
        let bad = try CLI.script("bad.sh", "exit 9", in: team)
        let result = handoff(
            ["offer", id, "--to", bob.email], as: team.admin, in: team,
            environment: ["GIT_EDITOR": good, "VISUAL": bad, "EDITOR": bad, "BRIEF_TEXT": CLI.brief])
        try CLI.expectCommitted(result, in: team)
        let withdrawn = handoff(["withdraw", id], as: team.admin, in: team)
        try CLI.expectCommitted(withdrawn, in: team)
        let again = handoff(
            ["offer", id, "--to", bob.email], as: team.admin, in: team,
            environment: ["VISUAL": good, "EDITOR": bad, "BRIEF_TEXT": CLI.brief])
        try CLI.expectCommitted(again, in: team)
    }

    @Test("core.editor from git config wins over VISUAL and EDITOR, and GIT_EDITOR over core.editor")
    func coreEditor() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let good = try CLI.script("good.sh", "printf '%s\\n' \"$BRIEF_TEXT\" > \"$1\"", in: team)
        let bad = try CLI.script("bad.sh", "exit 9", in: team)
        _ = try team.gitText(["config", "--local", "core.editor", good])
        let result = handoff(
            ["offer", id, "--to", bob.email], as: team.admin, in: team,
            environment: ["VISUAL": bad, "EDITOR": bad, "BRIEF_TEXT": CLI.brief])
        try CLI.expectCommitted(result, in: team)
        try CLI.expectCommitted(handoff(["withdraw", id], as: team.admin, in: team), in: team)
        let before = try team.commits()
        let overridden = handoff(
            ["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["GIT_EDITOR": bad, "BRIEF_TEXT": CLI.brief])
        #expect(overridden.code == 1)
        #expect(overridden.stderr.contains("bad.sh"))
        #expect(try team.commits() == before)
    }

    @Test("offer --brief-file reads the brief from a file")
    func briefFile() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let path = try CLI.file("brief.md", CLI.brief.replacingOccurrences(of: "Kick-off call.", with: "From the file."), in: team)
        let result = handoff(["offer", id, "--to", bob.email, "--brief-file", path], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(try committedFile(id, in: team).contains("From the file."))
    }

    @Test("offer --brief-file with a missing file is a usage error (exit 2)")
    func missingBriefFile() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email, "--brief-file", "/nonexistent/brief.md"], as: team.admin, in: team)
        try CLI.expectRefused(result, code: 2, containing: "cannot read /nonexistent/brief.md", in: team, commitsBefore: before)
    }

    @Test("accept --readback-file reads the read-back from a file")
    func readbackFile() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let path = try CLI.file("readback.txt", "SSO before launch; chase the SAML metadata first.\n", in: team)
        let result = handoff(["accept", id, "--readback-file", path], as: bob, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(try committedFile(id, in: team).contains("chase the SAML metadata first."))
    }
}
