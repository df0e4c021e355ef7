import Foundation
import HandoffCore
import TestSupport
import Testing

/// Repositories handoff cannot work in as they are: SHA-256 objects, a detached HEAD, an unborn
/// branch, a bare repository. Each gets one line saying what to do, and nothing is written.
@Suite struct RepositoryShapeTests {
    @Test("a SHA-256 repository is refused with a clear message")
    func sha256Repository() throws {
        let team = try TestTeam(initialize: false)
        let path = team.root.appendingPathComponent("sha256").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--object-format=sha256", path], environment: team.admin.environment), "git init")
        for args in [["init"], ["list"], ["note", "HO-1", "-m", "x"]] {
            let result = handoff(args, as: team.admin, in: team, directory: path)
            #expect(result.code == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.hasPrefix("handoff: ") && result.stderr.split(separator: "\n").count == 1, "\(args): \(result.stderr)")
            #expect(result.stderr.contains("SHA-1") && result.stderr.contains("SHA-256"), "\(args): \(result.stderr)")
        }
        #expect(try TestKeys.run("git", ["-C", path, "rev-parse", "-q", "--verify", "HEAD"], environment: team.admin.environment).status != 0)
    }

    @Test("a detached HEAD is refused with how to switch back")
    func detachedHead() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try TestKeys.check(team.git(["checkout", "-q", "--detach"]), "detach")
        let head = try BadInput.head(of: team)
        let main = try team.gitText(["rev-parse", "main"])
        let result = handoff(["note", id, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: ["HEAD is detached", "git switch"], in: team, head: head)
        #expect(try team.gitText(["rev-parse", "main"]) == main)
    }

    @Test("an unborn branch (no commits yet) is refused saying to run init")
    func unbornBranch() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try TestKeys.check(team.git(["switch", "-q", "--orphan", "fresh"]), "orphan")
        let main = try team.gitText(["rev-parse", "main"])
        let result = handoff(["note", id, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: ["handoff init"], in: team, head: "")
        #expect(try team.gitText(["rev-parse", "main"]) == main)
    }

    @Test("init in a bare repository says it needs a working tree")
    func bareRepositoryInit() throws {
        let team = try TestTeam(initialize: false)
        let path = team.root.appendingPathComponent("bare.git").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", path], environment: team.admin.environment), "git init --bare")
        let result = handoff(["init"], as: team.admin, in: team, directory: path)
        #expect(result.code == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("handoff: ") && result.stderr.contains("working tree"), "stderr: \(result.stderr)")
        #expect(try TestKeys.run("git", ["-C", path, "rev-parse", "-q", "--verify", "HEAD"], environment: team.admin.environment).status != 0)
    }

    @Test("a handoff in a bare clone commits to its branch without needing a working tree")
    func bareRepositoryHandoff() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let path = team.root.appendingPathComponent("clone.git").path
        try TestKeys.check(TestKeys.run("git", ["clone", "-q", "--bare", team.repository, path], environment: team.admin.environment), "clone")
        let result = handoff(["note", id, "-m", "from the bare clone"], as: team.admin, in: team, directory: path)
        #expect(result.code == 0, "stderr: \(result.stderr)")
        let log = try TestKeys.run("git", ["-C", path, "log", "-1", "--format=%s"], environment: team.admin.environment).stdoutText
        #expect(log.hasPrefix("handoff: note \(id)"))
    }
}
