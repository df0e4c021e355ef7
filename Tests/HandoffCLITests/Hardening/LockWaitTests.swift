import Foundation
import HandoffCore
import TestSupport
import Testing

/// A command waiting for another's branch lock says whom it waits for and gives up after a
/// bound, instead of waiting forever in silence.
@Suite struct LockWaitTests {
    @Test("with handoff.lock held by a live process, note says who holds it and gives up after HANDOFF_LOCK_TIMEOUT")
    func boundedWait() throws {
        let team = try TestTeam()
        let id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Locked", stage: "sales")).task.id
        let lock = team.repository + "/.git/handoff.lock"
        let descriptor = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(descriptor >= 0)
        #expect(flock(descriptor, LOCK_EX) == 0)
        let holder = "pid 4242: handoff sync\n"
        #expect(pwrite(descriptor, holder, holder.utf8.count, 0) == holder.utf8.count)
        var environment = team.admin.environment
        environment["HANDOFF_LOCK_TIMEOUT"] = "1"
        func note(_ text: String) throws -> TestKeys.Output {
            try TestKeys.run(TestTeam.handoffBinary, ["note", id, "-m", text], environment: environment,
                             currentDirectory: URL(fileURLWithPath: team.repository))
        }
        let before = try team.commits().count
        let waited = try note("while locked")
        #expect(waited.status == 1, "\(waited.stderrText)")
        #expect(waited.stderrText.contains("gave up after 1 s") && waited.stderrText.contains("pid 4242: handoff sync"), "\(waited.stderrText)")
        #expect(try team.commits().count == before)
        close(descriptor)
        let free = try note("after the lock")
        #expect(free.status == 0, "\(free.stderrText)")
    }
}
