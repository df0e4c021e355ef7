import Foundation
import HandoffCore
import TestSupport
import Testing

/// The client hooks `init` installs, exercised through real `git commit`.
@Suite struct ClientHookTests {
    private func teamWithTask() throws -> (TestTeam, String, String) {
        let team = try TestTeam()
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Hook target", stage: "sales")).task.id
        return (team, id, try team.handoff(as: team.admin).show(id).entry.path)
    }

    @Test("init installs pre-commit and commit-msg calling this build's handoff by absolute path")
    func installed() throws {
        let (team, _, _) = try teamWithTask()
        for name in ["pre-commit", "commit-msg"] {
            let script = try team.read(".git/hooks/\(name)")
            #expect(script.contains("HANDOFF='\(TestTeam.handoffBinary)'"))
            #expect(script.contains("exec \"$HANDOFF\" hook \(name)"))
        }
    }

    @Test("pre-commit refuses an owner changed by hand and names the command to use; nothing is committed")
    func refusesProtectedField() throws {
        let (team, _, path) = try teamWithTask()
        let before = try team.commits()
        try team.write(try team.read(path).replacingOccurrences(of: "state: open", with: "state: done"), to: path)
        let commit = try team.git(["commit", "-q", "-am", "done"])
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("handoff pre-commit: \(path) changes 'state' by hand; use 'handoff close', 'handoff reopen' or 'handoff offer' instead"))
        #expect(try team.commits() == before)
    }

    @Test("pre-commit refuses a file under tasks/ that is not tasks/YYYY-MM/ID.md, as the server would; nothing is committed")
    func refusesStrayFileUnderTasks() throws {
        let (team, _, path) = try teamWithTask()
        let stray = (path as NSString).deletingLastPathComponent + "/notes.txt"
        let before = try team.commits()
        try team.write("not a task\n", to: stray)
        #expect(try team.git(["add", stray]).status == 0)
        let commit = try team.git(["commit", "-q", "-m", "notes"])
        #expect(commit.status != 0 && commit.stderrText.contains("\(stray) is not a task file"), "\(commit.stderrText)")
        #expect(try team.commits() == before)
    }

    @Test("pre-commit reads git commit -a's temporary index through libgit2 too, when the index is format 4")
    func refusesWithIndexFormatFour() throws {
        let (team, _, path) = try teamWithTask()
        #expect(try team.git(["update-index", "--index-version", "4"]).status == 0)
        let before = try team.commits()
        try team.write(try team.read(path).replacingOccurrences(of: "state: open", with: "state: done"), to: path)
        let commit = try team.git(["commit", "-q", "-am", "done"])
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("\(path) changes 'state' by hand"))
        #expect(try team.commits() == before)
    }

    @Test("pre-commit reads a packed repository (without libgit2) and refuses the same changes")
    func refusesInPackedRepository() throws {
        let (team, _, path) = try teamWithTask()
        #expect(try team.git(["gc", "-q"]).status == 0)
        let before = try team.commits()
        try team.write(try team.read(path).replacingOccurrences(of: "state: open", with: "state: done"), to: path)
        let edit = try team.git(["commit", "-q", "-am", "done"])
        #expect(edit.stderrText.contains("\(path) changes 'state' by hand"))
        #expect(try team.git(["checkout", "-q", "--", path]).status == 0)
        #expect(try team.git(["rm", "-q", path]).status == 0)
        let removal = try team.git(["commit", "-q", "-m", "gone"])
        #expect(removal.stderrText.contains("deletes \(path); task files never move or disappear"))
        #expect(try team.commits() == before)
    }

    @Test("pre-commit refuses a task file that no longer parses")
    func refusesBrokenYAML() throws {
        let (team, _, path) = try teamWithTask()
        try team.write(try team.read(path).replacingOccurrences(of: "title: Hook target", with: "title: [unclosed"), to: path)
        let commit = try team.git(["commit", "-q", "-am", "oops"])
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("\(path): frontmatter is not valid YAML"))
    }

    @Test("pre-commit accepts body edits and unprotected fields; the commit is signed")
    func acceptsBodyEdit() throws {
        let (team, _, path) = try teamWithTask()
        let text = try team.read(path)
            .replacingOccurrences(of: "priority: normal", with: "priority: high")
            .replacingOccurrences(of: "What this is about", with: "ACME wants SSO; what this is about")
        try team.write(text, to: path)
        let commit = try team.git(["commit", "-q", "-am", "context"])
        #expect(commit.status == 0, "\(commit.stderrText)")
        #expect(try team.gitText(["log", "-1", "--format=%G? %s"]) == "G context\n")
        #expect(try team.handoff(as: team.admin).verify(useCache: false).violations.isEmpty)
    }

    @Test("pre-commit refuses a task file added by hand")
    func refusesHandMadeTask() throws {
        let (team, _, path) = try teamWithTask()
        let copy = path.replacingOccurrences(of: ".md", with: "X.md")
        try team.write(try team.read(path), to: copy)
        try team.git(["add", copy])
        let commit = try team.git(["commit", "-q", "-m", "copy"])
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("adds \(copy) by hand; create tasks with 'handoff new'"))
    }

    @Test("commit-msg refuses Handoff-* trailers in a hand-made commit")
    func refusesTrailers() throws {
        let (team, _, _) = try teamWithTask()
        try team.write("x\n", to: "notes.txt")
        try team.git(["add", "notes.txt"])
        let commit = try team.git(["commit", "-q", "-m", "notes\n\nHandoff-Action: accept"])
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("the message carries 'Handoff-Action: accept'"))
        #expect(try team.git(["commit", "-q", "-m", "notes\n\nSigned-off-by: A <a@example.com>"]).status == 0)
    }

    @Test("hooks install never overwrites a hook it did not write")
    func keepsForeignHook() throws {
        let (team, _, _) = try teamWithTask()
        let foreign = "#!/bin/sh\necho mine\n"
        try team.write(foreign, to: ".git/hooks/commit-msg")
        #expect {
            try team.handoff(as: team.admin).installHooks(server: false, binary: TestTeam.handoffBinary)
        } throws: { error in
            (error as? HandoffError)?.message.contains("exists and was not installed by handoff") == true
        }
        #expect(try team.read(".git/hooks/commit-msg") == foreign)
    }
}
