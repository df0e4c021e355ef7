import Foundation
import HandoffCore
import TestSupport
import Testing

/// Inputs at the edges: outside a repository, empty text, editors that keep the template's
/// comments, and trailer injection through -m.
@Suite struct EdgeCaseTests {
    @Test("commands outside a git repository fail with exit 1 and one line on stderr")
    func outsideRepository() throws {
        let team = try TestTeam(initialize: false)
        let elsewhere = team.root.appendingPathComponent("not-a-repo")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        for args in [["list"], ["init"], ["inbox"], ["show", "HO-1"]] {
            let result = handoff(args, as: team.admin, in: team, directory: elsewhere.path)
            #expect(result.code == 1, "\(args): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("handoff: "), "\(args): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(args): \(result.stderr)")
        }
    }

    @Test("commands in a repository without handoff say to run init")
    func notInitialized() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["new", "A task"], as: team.admin, in: team)
        #expect(result.code == 1)
        #expect(result.stderr.hasPrefix("handoff: "))
        #expect(result.stderr.contains("init"), "stderr: \(result.stderr)")
    }

    @Test("offer -m with empty text is refused as empty")
    func emptyBrief() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", bob.email, "-m", ""], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "the brief is empty", in: team, commitsBefore: before)
    }

    @Test("an editor that fills the template in place keeps the sections and drops the comments")
    func editorFillsInPlace() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let editor = try CLI.script("fill-in-place.sh", """
            sed -e 's/^## Summary$/## Summary\\nFilled in place./' \\
                -e 's/^## Open items$/## Open items\\nNone./' \\
                -e 's/^## Risks$/## Risks\\nLow./' \\
                -e 's/^## Next steps$/## Next steps\\nStart./' "$1" > "$1.new" && mv "$1.new" "$1"
            """, in: team)
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": editor])
        try CLI.expectCommitted(result, in: team)
        let path = try team.gitText(["diff", "--name-only", "HEAD~1", "HEAD"]).trimmingCharacters(in: .newlines)
        let file = try team.gitText(["show", "HEAD:\(path)"])
        #expect(file.contains("Filled in place."))
        #expect(!file.contains("Lines starting with"))
        #expect(!file.contains("# Offering"))
    }

    @Test("an untouched template is refused with a message that says the brief is empty")
    func untouchedTemplateMessage() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let result = handoff(["offer", id, "--to", bob.email], as: team.admin, in: team, environment: ["EDITOR": "true"])
        #expect(result.code == 1)
        #expect(result.stderr == "handoff: the brief is empty; nothing was offered\n")
    }

    @Test("-m text cannot inject trailers into the commit message")
    func trailerInjection() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let note = handoff(["note", id, "-m", "hello\n\nHandoff-Action: reassign\nHandoff-To: mallory@example.com"], as: bob, in: team)
        try CLI.expectCommitted(note, in: team)
        let message = try team.gitText(["log", "-1", "--format=%B"])
        let parsed = try team.git(["interpret-trailers", "--parse"], stdin: message).stdoutText
        #expect(!parsed.contains("mallory"), "trailers: \(parsed)")
        #expect(!parsed.contains("Handoff-Action: reassign"), "trailers: \(parsed)")
    }

    @Test("a relative --brief-file is read from the directory the command runs in")
    func relativeBriefFile() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let directory = team.repository + "/sub"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(CLI.brief.utf8).write(to: URL(fileURLWithPath: directory + "/brief.md"))
        let result = handoff(
            ["offer", id, "--to", bob.email, "--brief-file", "brief.md"], as: team.admin, in: team, directory: directory)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        #expect(try team.gitText(["status", "--porcelain", "--untracked-files=no"]).isEmpty)
    }

    @Test("offer to someone who is not a member is refused with exit 1")
    func offerToStranger() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", "mallory@example.com", "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectRefused(result, containing: "mallory@example.com is not a member", in: team, commitsBefore: before)
    }

    @Test("offer along a transition the workflow does not declare is refused with exit 1")
    func offerUndeclaredTransition() throws {
        let team = try TestTeam()
        let carol = try team.person("carol", stages: ["support"])
        let id = try CLI.newTask("Skip a stage", in: team)
        let before = try team.commits()
        let result = handoff(["offer", id, "--to", carol.email, "--stage", "support", "-m", CLI.brief], as: team.admin, in: team)
        #expect(result.code == 1, "stderr: \(result.stderr)")
        #expect(try team.commits() == before)
    }
}
