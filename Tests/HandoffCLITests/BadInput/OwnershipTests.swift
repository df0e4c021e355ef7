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
