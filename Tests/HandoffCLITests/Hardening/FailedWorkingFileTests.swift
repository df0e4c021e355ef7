import Foundation
import HandoffCore
import TestSupport
import Testing

/// A working file that cannot be written after the commit landed (ENOSPC injected with strace,
/// as a full disk would): the command says the commit landed and exits 0, a plain `git commit`
/// is refused until the update is finished, and the next handoff command finishes it.
@Suite struct FailedWorkingFileTests {
    @Test("note whose working file write fails: commit reported as landed, exit 0; pre-commit waits; the next command repairs")
    func workingFileWriteFails() throws {
        let team = try TestTeam()
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Disk full", stage: "sales")).task.id
        let path = try team.handoff(as: team.admin).show(id).entry.path
        let temporary = team.repository + "/" + (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".handoff-tmp"
        let before = try team.commits().count
        let note = try TestKeys.run(
            "strace", ["-f", "-o", "/dev/null", "-e", "trace=openat", "-e", "inject=openat:error=ENOSPC", "-P", temporary,
                       TestTeam.handoffBinary, "note", id, "-m", "written on a full disk"],
            environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: team.repository))
        #expect(note.status == 0, "\(note.stderrText)")
        #expect(note.stderrText.contains("landed") && note.stderrText.contains("must not be run again"), "\(note.stderrText)")
        #expect(try team.commits().count == before + 1)
        #expect(!(try team.read(path)).contains("written on a full disk"))

        // A plain commit now would record the old file over the note: the hook refuses it.
        try team.write("unrelated\n", to: "README.md")
        _ = try team.git(["add", "README.md"])
        let plain = try team.git(["commit", "-q", "-m", "readme"])
        #expect(plain.status != 0 && plain.stderrText.contains("has not finished"), "\(plain.stderrText)")

        let status = try team.runHandoff(["status"], as: team.admin)
        #expect(status.status == 0, "\(status.stderrText)")
        #expect(try team.read(path) == (try team.gitText(["show", "HEAD:\(path)"])))
        #expect(try team.git(["commit", "-q", "-m", "readme"]).status == 0)
        #expect(try team.handoff(as: team.admin).verify(useCache: false).violations == [])
    }
}
