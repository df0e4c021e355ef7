import Foundation
import HandoffCore
import TestSupport
import Testing

/// `sync` killed right after it moved the branch (strace kills it as it opens `index.lock`):
/// the index must not stay at the old commit, where a plain `git commit` would undo the
/// teammates' handoffs it brought.
@Suite struct KilledSyncTests {
    @Test("sync killed after the branch moved: a plain commit is refused until any handoff command brings index and files in step")
    func killedAfterTheMove() throws {
        let fixture = try SyncFixture()
        let alice = fixture.team.admin
        let bob = fixture.handoff(fixture.bob, in: fixture.bobClone)
        try bob.perform(.note(text: "bob's note from upstream"), on: fixture.second)
        _ = try bob.sync()
        let path = try fixture.handoff(alice).show(fixture.second).entry.path
        let before = try fixture.gitText(fixture.team.repository, ["rev-parse", "HEAD"], as: alice)
        let killed = try TestKeys.run(
            "strace", ["-f", "-o", "/dev/null", "-e", "trace=openat", "-e", "inject=openat:signal=KILL", "-P", fixture.team.repository + "/.git/index.lock",
                       TestTeam.handoffBinary, "sync"],
            environment: alice.environment, currentDirectory: URL(fileURLWithPath: fixture.team.repository))
        #expect(killed.status != 0)
        let after = try fixture.gitText(fixture.team.repository, ["rev-parse", "HEAD"], as: alice)
        #expect(after != before, "the branch should have moved before the kill")

        try fixture.team.write("unrelated\n", to: "README.md")
        _ = try fixture.team.git(["add", "README.md"])
        let plain = try fixture.team.git(["commit", "-q", "-m", "readme"])
        #expect(plain.status != 0 && plain.stderrText.contains("has not finished"), "\(plain.stderrText)")

        let status = try fixture.team.runHandoff(["status"], as: alice)
        #expect(status.status == 0, "\(status.stderrText)")
        #expect(try fixture.team.read(path).contains("bob's note from upstream"))
        let staged = try fixture.gitText(fixture.team.repository, ["diff", "--cached", "--name-only"], as: alice)
        #expect(staged.trimmingCharacters(in: .whitespacesAndNewlines) == "README.md", "only the user's own file is staged: \(staged)")
        #expect(try fixture.team.git(["commit", "-q", "-m", "readme"]).status == 0)
        let synced = try fixture.team.runHandoff(["sync"], as: alice)
        #expect(synced.status == 0, "\(synced.stderrText)")
        #expect(try fixture.verifyServer().status == 0)
        #expect(try fixture.gitText(fixture.team.repository, ["show", "HEAD:\(path)"], as: alice).contains("bob's note from upstream"))
    }
}
