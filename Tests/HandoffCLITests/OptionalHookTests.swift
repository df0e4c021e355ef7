import Foundation
import HandoffCore
import TestSupport
import Testing

/// post-merge and post-receive only tell people things: a script of that name the team already
/// has (a deploy, a mirror, an `npm install`) is left alone, and the checks are installed anyway.
@Suite struct OptionalHookTests {
    @Test("hooks install leaves someone's own post-merge alone, installs the rest, and doctor accepts it")
    func ownPostMerge() throws {
        let team = try TestTeam()
        let hook = team.repository + "/.git/hooks/post-merge"
        let own = "#!/bin/sh\nnpm install\n"
        try own.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try FileManager.default.removeItem(atPath: team.repository + "/.git/hooks/commit-msg")
        let install = handoff(["hooks", "install"], as: team.admin, in: team)
        #expect(install.code == 0, "\(install.stderr)")
        #expect(install.stdout.contains("Installed \(team.repository)/.git/hooks/commit-msg"), "\(install.stdout)")
        #expect(install.stdout.contains("Left your own post-merge hook alone; add 'handoff hook post-merge \"$@\"' to it"), "\(install.stdout)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == own)
        let doctor = handoff(["doctor"], as: team.admin, in: team)
        #expect(doctor.code == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("✓ hook post-merge: \(hook) is your own; add 'handoff hook post-merge"), "\(doctor.stdout)")
    }

    @Test("hooks install --server leaves someone's own post-receive alone and installs pre-receive")
    func ownPostReceive() throws {
        let team = try TestTeam()
        let server = team.root.appendingPathComponent("server.git").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
        let hook = server + "/hooks/post-receive"
        let own = "#!/bin/sh\nexec /usr/local/bin/deploy\n"
        try own.write(toFile: hook, atomically: true, encoding: .utf8)
        let install = try TestKeys.run(TestTeam.handoffBinary, ["hooks", "install", "--server"], environment: team.admin.environment, currentDirectory: URL(fileURLWithPath: server))
        #expect(install.status == 0, "\(install.stderrText)")
        #expect(install.stdoutText.contains("Installed \(server)/hooks/pre-receive"), "\(install.stdoutText)")
        #expect(install.stdoutText.contains("Left your own post-receive hook alone"), "\(install.stdoutText)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == own)
    }
}
