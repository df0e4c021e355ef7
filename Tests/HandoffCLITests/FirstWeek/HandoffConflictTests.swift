import Foundation
import HandoffCore
import TestSupport
import Testing

/// Two clones offer the same task to different people and `git pull` conflicts on `offer`:
/// the ways out the hint names land through the hook and the server with nothing dropped, and
/// the way that would silently drop upstream's offer is refused at commit time.
@Suite struct HandoffConflictTests {
    /// alice's repository offers `first` to bob and pushes; alice's second clone, not yet
    /// pulled, offers it to carol; the pull conflicts. Returns the fixture and the second clone.
    static func conflicted() throws -> (SyncFixture, String, TestKeys.Output) {
        let fixture = try SyncFixture()
        let laptop = fixture.team.root.appendingPathComponent("alice-laptop").path
        try fixture.clone(as: fixture.team.admin, into: laptop)
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(fixture.team.admin, in: laptop).perform(.offer(to: fixture.carol.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        let pull = try fixture.git(laptop, ["pull", "-q", "--no-rebase"], as: fixture.team.admin)
        return (fixture, laptop, pull)
    }

    @Test("the conflict's hint names sync and taking upstream's file; taking upstream's file commits through the hook and lands on the server")
    func takeTheirs() throws {
        let (fixture, laptop, pull) = try Self.conflicted()
        #expect(pull.status != 0)
        let hint = pull.stdoutText + pull.stderrText
        #expect(hint.contains("'handoff sync'") && hint.contains("git checkout --theirs"), "\(hint)")
        let path = try fixture.path(of: fixture.first)
        try TestKeys.check(fixture.git(laptop, ["checkout", "--theirs", path], as: fixture.team.admin), "checkout --theirs")
        try TestKeys.check(fixture.git(laptop, ["add", path], as: fixture.team.admin), "git add")
        let commit = try fixture.git(laptop, ["commit", "-q", "--no-edit"], as: fixture.team.admin)
        #expect(commit.status == 0, "the pre-commit hook should accept upstream's whole file: \(commit.stderrText)")
        let push = try fixture.git(laptop, ["push", "-q", "origin", "main"], as: fixture.team.admin)
        #expect(push.status == 0, "\(push.stderrText)")
        let task = try fixture.handoff(fixture.team.admin, in: laptop).show(fixture.first).entry.task
        #expect(task.offer?.to == fixture.bob.email)
        #expect(try fixture.verifyServer().status == 0)
    }

    @Test("keeping one's own side would drop upstream's pending offer without a record: refused at commit, naming it and the way out")
    func keepOursRefused() throws {
        let (fixture, laptop, _) = try Self.conflicted()
        let path = try fixture.path(of: fixture.first)
        try TestKeys.check(fixture.git(laptop, ["checkout", "--ours", path], as: fixture.team.admin), "checkout --ours")
        try TestKeys.check(fixture.git(laptop, ["add", path], as: fixture.team.admin), "git add")
        let commit = try fixture.git(laptop, ["commit", "-q", "--no-edit"], as: fixture.team.admin)
        #expect(commit.status != 0)
        #expect(commit.stderrText.contains("keeps your side and drops upstream's handoff (alice@example.com offered it to bob@example.com into onboarding)"), "\(commit.stderrText)")
        #expect(commit.stderrText.contains("git merge --abort") && commit.stderrText.contains("handoff sync"), "\(commit.stderrText)")
    }

    @Test("the way the hint recommends: abort the merge and sync; sync stops on the offer that no longer applies, says why, and drops it only when told")
    func abortAndSync() throws {
        let (fixture, laptop, _) = try Self.conflicted()
        try TestKeys.check(fixture.git(laptop, ["merge", "--abort"], as: fixture.team.admin), "merge --abort")
        func sync(_ arguments: [String]) throws -> TestKeys.Output {
            try TestKeys.run(TestTeam.handoffBinary, ["sync"] + arguments, environment: fixture.team.admin.environment, currentDirectory: URL(fileURLWithPath: laptop))
        }
        let stopped = try sync([])
        #expect(stopped.status == 1 && stopped.stderrText.contains("\(fixture.first) is already offered to bob@example.com"), "\(stopped.stderrText)")
        let mine = try fixture.gitText(laptop, ["rev-parse", "--short", "HEAD"], as: fixture.team.admin).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(stopped.stderrText.contains("handoff sync --drop \(mine)"), "\(stopped.stderrText)")
        #expect(try fixture.handoff(fixture.team.admin, in: laptop).show(fixture.first).entry.task.offer?.to == fixture.carol.email, "nothing changed yet")
        let dropped = try sync(["--drop", mine])
        #expect(dropped.status == 0, "\(dropped.stderrText)")
        #expect(try fixture.handoff(fixture.team.admin, in: laptop).show(fixture.first).entry.task.offer?.to == fixture.bob.email, "upstream's offer stands")
        #expect(try fixture.verifyServer().status == 0)
    }
}
