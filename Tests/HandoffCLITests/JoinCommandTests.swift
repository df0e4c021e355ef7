import Foundation
import HandoffCore
import TestSupport
import Testing

/// The second person's clone: plain `git clone` of the team's server, then `handoff hooks install`
/// sets it up as `init` set up the first person's, so plain git signs and verifies there.
/// Real git, real keys, the built binary.
@Suite struct JoinCommandTests {
    /// Bob's plain clone of the server, with alice's offer of `fixture.first` to him in it.
    private struct Joining {
        let fixture: SyncFixture
        let clone: String

        init() throws {
            fixture = try SyncFixture()
            let alice = fixture.team.admin
            try fixture.handoff(alice).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
            try fixture.alicePushes()
            clone = fixture.team.root.appendingPathComponent("bob-joined").path
            try TestKeys.check(TestKeys.run("git", ["clone", "-q", fixture.server, clone], environment: fixture.bob.environment), "git clone")
        }

        /// The built `handoff` as bob in his clone (so the hooks it installs call that binary).
        func run(_ arguments: [String]) throws -> TestKeys.Output {
            try TestKeys.run(TestTeam.handoffBinary, arguments, environment: fixture.bob.environment, currentDirectory: URL(fileURLWithPath: clone))
        }

        /// git as bob in his clone.
        func git(_ arguments: [String]) throws -> TestKeys.Output {
            try fixture.git(clone, arguments, as: fixture.bob)
        }
    }

    @Test("after git clone and hooks install, bob's handoffs and plain commits are signed and plain git verifies everyone's")
    func joinedClone() throws {
        let joining = try Joining()
        let before = try joining.git(["log", "--show-signature", "-1"])
        #expect(before.stderrText.contains("gpg.ssh.allowedSignersFile needs to be configured"), "the issue's symptom: \(before.stderrText)")

        let install = try joining.run(["hooks", "install"])
        try TestKeys.check(install, "handoff hooks install")
        let signers = try joining.fixture.gitText(joining.clone, ["config", "--local", "gpg.ssh.allowedSignersFile"], as: joining.fixture.bob)
        #expect(signers.hasSuffix("/bob-joined/.handoff/allowed_signers"))
        let printed = install.stdoutText
        #expect(printed.contains("Installed \(joining.clone)/.git/hooks/pre-commit\n"), "\(printed)")
        #expect(printed.contains("Set gpg.ssh.allowedSignersFile = \(signers)\n"), "\(printed)")
        #expect(printed.contains("Set commit.gpgsign = true\n"), "\(printed)")
        #expect(printed.contains("Set merge.handoff.driver = "), "\(printed)")
        #expect(try joining.fixture.gitText(joining.clone, ["config", "--local", "commit.gpgsign"], as: joining.fixture.bob) == "true")

        let accept = try joining.run(["accept", joining.fixture.first, "--readback", "ACME onboarding, SSO metadata still open"])
        try TestKeys.check(accept, "handoff accept")
        try Data("bob's notes\n".utf8).write(to: URL(fileURLWithPath: joining.clone + "/NOTES.md"))
        try TestKeys.check(try joining.git(["add", "NOTES.md"]), "git add")
        try TestKeys.check(try joining.git(["commit", "-q", "-m", "notes"]), "plain git commit")

        let log = try joining.git(["log", "--show-signature"])
        #expect(log.status == 0, "\(log.stderrText)")
        let commits = try joining.fixture.gitText(joining.clone, ["rev-list", "HEAD"], as: joining.fixture.bob).split(separator: "\n")
        let good = log.stdoutText.split(separator: "\n").filter { $0.hasPrefix("Good \"git\" signature for ") }
        #expect(good.count == commits.count, "\(log.stdoutText)")
        #expect(good.first?.contains("for bob@example.com with ED25519 key") == true)
        #expect(good.contains { $0.contains("for alice@example.com with ED25519 key") })
        for commit in ["HEAD", "HEAD~1", "HEAD~2", String(commits.last ?? "")] {
            let verify = try joining.git(["verify-commit", commit])
            #expect(verify.status == 0, "git verify-commit \(commit): \(verify.stderrText)")
        }
        #expect(try joining.fixture.gitText(joining.clone, ["log", "-3", "--format=%G? %ae"], as: joining.fixture.bob)
            == "G bob@example.com\nG bob@example.com\nG alice@example.com")
    }
}
