import Foundation
import HandoffCore
import TestSupport
import Testing

/// A repository owned by another user gets git's own diagnosis and the setting that allows it,
/// not "not in a git repository".
@Suite struct OwnershipTests {
    @Test("a repository owned by another user: the message names dubious ownership and safe.directory", .enabled(if: getuid() == 0))
    func dubiousOwnership() throws {
        let team = try TestTeam()
        let chown = try TestKeys.run("chown", ["-R", "nobody", team.repository], environment: team.admin.environment)
        try TestKeys.check(chown, "chown")
        let list = try team.runHandoff(["list"], as: team.admin)
        #expect(list.status == 1)
        #expect(list.stderrText.contains("owned by another user") && list.stderrText.contains("safe.directory"), "\(list.stderrText)")
    }
}

/// Member addresses beyond ASCII: refused with the reason, and no message suggests a command
/// that would refuse them.
@Suite struct NonASCIIEmailTests {
    @Test("member add of zoë@exämple.com says why and what to use; a non-member with that address is not told to run it")
    func nonASCIIEmail() throws {
        let team = try TestTeam()
        let zoe = try team.person("zoe")
        let add = try team.runHandoff(["member", "add", "zoë@exämple.com", "--key", zoe.key.publicKeyPath], as: team.admin)
        #expect(add.status == 2 && add.stderrText.contains("beyond ASCII"), "\(add.stderrText)")
        var context = team.context(for: zoe)
        context.environment["GIT_COMMITTER_EMAIL"] = "zoë@exämple.com"
        context.environment["GIT_AUTHOR_EMAIL"] = "zoë@exämple.com"
        let error = #expect(throws: HandoffError.self) { try Handoff(context: context).newTask(NewTaskRequest(title: "x", stage: "sales")) }
        #expect(error?.message.contains("member add") == false && error?.message.contains("ASCII") == true, "\(String(describing: error))")
    }
}
