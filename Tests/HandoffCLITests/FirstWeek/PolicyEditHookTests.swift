import Foundation
import HandoffCore
import TestSupport
import Testing

/// A non-admin's change to `.handoff/` is refused by the installed pre-commit hook, at commit
/// time, in the words the server would use at push time.
@Suite struct PolicyEditHookTests {
    @Test("git commit of a non-admin's .handoff/ edit is refused by the hook with the server's words; an admin's passes")
    func nonAdminRefusedAtCommit() throws {
        let fixture = try SyncFixture()
        let (bob, clone) = (fixture.bob, fixture.bobClone)
        let config = clone + "/.handoff/config.yml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "wip_limit: 0", with: "wip_limit: 9").utf8).write(to: URL(fileURLWithPath: config))
        let before = try fixture.gitText(clone, ["rev-parse", "HEAD"], as: bob)

        let refused = try fixture.git(clone, ["commit", "-q", "-am", "More work for everyone"], as: bob)
        #expect(refused.status != 0)
        let words = "bob@example.com changed .handoff/config.yml but is not an admin of the parent's workflow; an admin must make this change"
        #expect(refused.stderrText.contains("handoff pre-commit: " + words), "\(refused.stderrText)")
        #expect(try fixture.gitText(clone, ["rev-parse", "HEAD"], as: bob) == before)

        // The server says the same when the hook is skipped.
        try TestKeys.check(try fixture.git(clone, ["commit", "-q", "--no-verify", "-am", "More work for everyone"], as: bob), "commit --no-verify")
        let push = try fixture.git(clone, ["push", "-q", "origin", "main"], as: bob)
        #expect(push.status != 0)
        #expect(push.stderrText.contains(words), "\(push.stderrText)")

        // An admin's edit of the same line passes the hook.
        let team = fixture.team
        try team.write(try team.read(".handoff/config.yml").replacingOccurrences(of: "wip_limit: 0", with: "wip_limit: 9"), to: ".handoff/config.yml")
        let admin = try team.git(["commit", "-q", "-am", "More work for everyone"])
        #expect(admin.status == 0, "\(admin.stderrText)")
        try fixture.alicePushes()
    }

    @Test("a non-admin's .mailmap (a policy file: it picks the names git log prints) is refused at commit time too")
    func nonAdminMailmapRefused() throws {
        let fixture = try SyncFixture()
        let (bob, clone) = (fixture.bob, fixture.bobClone)
        try Data("Alice <bob@example.com>\n".utf8).write(to: URL(fileURLWithPath: clone + "/.mailmap"))
        try TestKeys.check(try fixture.git(clone, ["add", ".mailmap"], as: bob), "git add")
        let refused = try fixture.git(clone, ["commit", "-q", "-m", "Call me Alice"], as: bob)
        #expect(refused.status != 0)
        #expect(refused.stderrText.contains("bob@example.com changed .mailmap but is not an admin of the parent's workflow"), "\(refused.stderrText)")
    }
}
