import Foundation
import HandoffCore
import TestSupport
import Testing

/// `offer --respond-by`: the offerer's own deadline, kept in the offer and its commit, honoured
/// by status, inbox and reminders in place of the transition's response time.
@Suite struct RespondByTests {
    @Test("offer --respond-by records the deadline in the task file and a trailer; show names it; verify replays it")
    func recorded() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = Int64(Date().timeIntervalSince1970)
        let result = handoff(["offer", id, "--to", bob.email, "--respond-by", "2h", "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        #expect(result.stdout.contains("Answer wanted by "), "\(result.stdout)")
        let offer = try #require(try team.handoff(as: bob).show(id).entry.task.offer)
        let deadline = try #require(offer.respondByAt)
        #expect((before + 7_200 - 5...before + 7_200 + 60).contains(deadline), "\(offer)")
        let trailer = try team.gitText(["log", "-1", "--format=%(trailers:key=Handoff-Respond-By,valueonly)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(trailer == offer.respondBy, "\(trailer)")
        #expect(handoff(["show", id], as: bob, in: team).stdout.contains("answer by \(trailer)"))
        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
    }

    @Test("a deadline that has passed, or is not a time, is refused before anything is written")
    func refused() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let before = try team.commits()
        let past = handoff(["offer", id, "--to", bob.email, "--respond-by", "2020-01-01T00:00:00Z", "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectRefused(past, code: 2, containing: "--respond-by 2020-01-01T00:00:00Z has passed", in: team, commitsBefore: before)
        let garbled = handoff(["offer", id, "--to", bob.email, "--respond-by", "soonish", "-m", CLI.brief], as: team.admin, in: team)
        try CLI.expectRefused(garbled, code: 2, containing: "--respond-by soonish is neither a duration", in: team, commitsBefore: before)
    }

    @Test("status and inbox measure the wait against the offer's own deadline, not the transition's")
    func overdueByDeadline() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let now = Int64(Date().timeIntervalSince1970)
        var context = team.context(for: team.admin)
        context.environment["GIT_COMMITTER_DATE"] = "@\(now - 3 * 86_400) +0000"
        let deadline = Timestamp(seconds: now - 2 * 86_400).iso8601
        try Handoff(context: context).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete, respondBy: deadline), on: id)
        let status = handoff(["status"], as: bob, in: team).stdout
        #expect(status.contains("  \(id)  from alice@example.com into onboarding  overdue by 2d  "), "\(status)")
        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
    }

    @Test("a respond-by the commit's trailers do not carry is a violation: the file and the trailer must agree")
    func forgedDeadline() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let path = try team.handoff(as: bob).show(id).entry.path
        // Rewrite the offer commit with a deadline in the file that its trailers do not name.
        let text = try team.read(path)
        let at = try #require(text.range(of: "\n  at: ")).lowerBound
        let lineEnd = try #require(text[text.index(after: at)...].firstIndex(of: "\n"))
        try team.write(String(text[..<lineEnd]) + "\n  respond_by: 2099-01-01T00:00:00Z" + String(text[lineEnd...]), to: path)
        try TestKeys.check(team.git(["commit", "-q", "-S", "--amend", "--no-edit", "-a", "--no-verify"]), "amend")
        let verify = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verify.code == 1 && (verify.stdout + verify.stderr).contains("is not what 'offer'"), "\(verify.stdout)\(verify.stderr)")
    }
}
