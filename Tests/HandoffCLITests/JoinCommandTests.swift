import Foundation
import HandoffCore
import TestSupport
import Testing

/// The second person's clone: plain `git clone` of the team's server, then `handoff hooks install`
/// sets it up as `init` set up the first person's, so plain git signs and verifies there; and
/// `doctor` notices each piece that goes missing. Real git, real keys, the built binary.
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

        /// `handoff doctor` as bob in his clone.
        func doctor() -> (code: Int32, stdout: String, stderr: String) {
            handoff(["doctor"], as: fixture.bob, in: fixture.team, directory: clone)
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

        let doctor = joining.doctor()
        #expect(doctor.code == 0, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("✓ gpg.ssh.allowedSignersFile: \(signers)\n"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("✓ commit.gpgsign: true"), "\(doctor.stdout)")
    }

    @Test("doctor catches each piece of the clone setup going missing, with its fix, and hooks install puts it back")
    func doctorCatchesEachPiece() throws {
        let joining = try Joining()
        try TestKeys.check(try joining.run(["hooks", "install"]), "handoff hooks install")
        let elsewhere = joining.fixture.team.repository + "/.handoff/allowed_signers"
        let breakages: [(what: String, break: () throws -> Void, line: String)] = [
            ("unset allowedSignersFile", { try TestKeys.check(try joining.git(["config", "--unset", "gpg.ssh.allowedSignersFile"]), "unset") },
             "✗ gpg.ssh.allowedSignersFile: not set, so plain git cannot verify signatures (git log --show-signature fails); fix: run: handoff hooks install"),
            ("another repository's policy", { try TestKeys.check(try joining.git(["config", "gpg.ssh.allowedSignersFile", elsewhere]), "set") },
             "✗ gpg.ssh.allowedSignersFile: is \(elsewhere), not this repository's .handoff/allowed_signers"),
            ("unset commit.gpgsign", { try TestKeys.check(try joining.git(["config", "--unset", "commit.gpgsign"]), "unset") },
             "✗ commit.gpgsign: not on, so plain git commits are unsigned and refused on push; fix: run: handoff hooks install"),
            ("commit.gpgsign false", { try TestKeys.check(try joining.git(["config", "commit.gpgsign", "false"]), "set") },
             "✗ commit.gpgsign: not on"),
            ("a deleted hook", { try FileManager.default.removeItem(atPath: joining.clone + "/.git/hooks/commit-msg") },
             "✗ hook commit-msg: \(joining.clone)/.git/hooks/commit-msg is missing; fix: run: handoff hooks install"),
        ]
        for breakage in breakages {
            try breakage.break()
            let broken = joining.doctor()
            #expect(broken.code == 1, "\(breakage.what)")
            let problems = broken.stdout.split(separator: "\n").filter { $0.hasPrefix("✗ ") }
            #expect(problems.count == 1 && problems.first?.hasPrefix(breakage.line) == true, "\(breakage.what): \(broken.stdout)")
            #expect(problems.first?.hasSuffix("; fix: run: handoff hooks install") == true, "\(breakage.what): \(broken.stdout)")
            #expect(broken.stderr == "handoff doctor: 1 problem found\n", "\(breakage.what)")
            try TestKeys.check(try joining.run(["hooks", "install"]), "handoff hooks install after \(breakage.what)")
            let fixed = joining.doctor()
            #expect(fixed.code == 0, "\(breakage.what) stays broken after hooks install: \(fixed.stdout)")
        }
    }
}
