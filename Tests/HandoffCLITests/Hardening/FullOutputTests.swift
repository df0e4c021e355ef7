import Foundation
import HandoffCore
import TestSupport
import Testing

/// Standard output on a full disk (`/dev/full`): a command that committed says so and exits 0,
/// so nobody runs it again; a command that only reads fails with a clear line. No crash.
@Suite struct FullOutputTests {
    /// Runs the built `handoff` with `arguments` and standard output sent to /dev/full.
    private func runIntoFullDisk(_ arguments: [String], in team: TestTeam) throws -> TestKeys.Output {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try TestKeys.run("sh", ["-c", "exec \"$0\" \(quoted) > /dev/full", TestTeam.handoffBinary],
                                environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: team.repository))
    }

    @Test("note and new with standard output on a full disk commit once, warn and exit 0; list fails with exit 1")
    func fullDisk() throws {
        let team = try TestTeam()
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Full disk", stage: "sales")).task.id
        let before = try team.commits().count
        let note = try runIntoFullDisk(["note", id, "-m", "written while stdout is full"], in: team)
        #expect(note.status == 0, "\(note.stderrText)")
        #expect(note.stderrText.contains("warning: could not write to standard output") && note.stderrText.contains("do not run it again"))
        let new = try runIntoFullDisk(["new", "Another", "--stage", "sales"], in: team)
        #expect(new.status == 0, "\(new.stderrText)")
        #expect(try team.commits().count == before + 2)
        let list = try runIntoFullDisk(["list"], in: team)
        #expect(list.status == 1 && list.stderrText.contains("could not write to standard output") && !list.stderrText.contains("warning"))
    }
}
