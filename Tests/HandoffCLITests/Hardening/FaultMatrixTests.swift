import Foundation
import HandoffCore
import TestSupport
import Testing

/// Each step of `new`, `offer`, `accept`, `note` and `sync` killed, or failed with ENOSPC, in
/// turn (strace `inject=`), then: nothing lost, nothing twice, the next command repairs, and
/// what the command (or, when it was killed, the next one) says matches what landed.
@Suite struct FaultMatrixTests {
    @Test("faulted step: what landed is told, the next command repairs, nothing is lost or doubled", arguments: FaultMatrix.cases)
    func faultedStep(_ faulted: FaultCase) throws {
        let scenario = try FaultScenario(faulted.command, fetchFirst: faulted.step.fetchedFirst)
        let serverBefore = try scenario.fixture?.serverTip()
        let result = try scenario.runFaulted(faulted.step, faulted.fault)
        let call = scenario.faultedCall(faulted.step, faulted.fault)
        let expected = scenario.expectedPath(of: faulted.step.target)
        try #require(call?.contains(expected) == true, "strace did not fault \(faulted.step.syscall) on \(expected): \(call ?? "nothing faulted"); stderr: \(result.stderrText)")

        let head = try scenario.head()
        let landed = head != scenario.base
        let pushed = try serverBefore.map { try scenario.fixture?.serverTip() != $0 } ?? false
        #expect(landed == (faulted.outcome != .nothingLanded), "landed: \(landed); stderr: \(result.stderrText)")
        #expect(pushed == (faulted.outcome == .pushed), "pushed: \(pushed); stderr: \(result.stderrText)")
        let journalLeft = FileManager.default.fileExists(atPath: scenario.team.repository + "/.git/handoff-sync")
        // A handoff step that failed after the branch moved leaves the journal: the pre-commit
        // hook waits for it, and the next command finishes the work and tells what landed.
        if landed && !faulted.step.byGit { #expect(journalLeft, "no journal left after the commit landed") }
        try Self.expectTruthfulOutput(result, of: faulted, scenario: scenario, head: head)

        // The next command, whatever it is, finishes or clears what the faulted one left, and
        // says what became of a killed command's commit.
        let next = try scenario.team.runHandoff(["status"], as: scenario.person)
        #expect(next.status == 0, "\(next.stderrText)")
        if journalLeft {
            let told = landed ? "interrupted after commit \(head.prefix(7))" : "nothing of it was recorded"
            #expect(next.stderrText.contains(told), "the next command should say '\(told)': \(next.stderrText)")
        }
        #expect(scenario.leftovers() == [], "left behind after the next command")
        #expect(try scenario.team.gitText(["status", "--porcelain"]) == "", "index and working tree not in step with HEAD")
        let fsck = try scenario.team.git(["fsck", "--strict", "--no-progress"])
        #expect(fsck.status == 0, "\(fsck.stderrText)")
        for log in ["HEAD", "main"] {
            #expect(try scenario.team.gitText(["log", "-g", "-1", "--format=%H", log]) == head + "\n", "\(log)'s reflog tells of a move that did not happen")
        }

        // A plain commit of another file records that file only: the handoff stays.
        try scenario.team.write("unrelated\n", to: "README.md")
        try TestKeys.check(try scenario.team.git(["add", "README.md"]), "git add")
        try TestKeys.check(try scenario.team.git(["commit", "-q", "-m", "readme"]), "plain commit")
        #expect(try scenario.team.gitText(["diff", "--name-only", "HEAD~1", "HEAD"]) == "README.md\n")

        if faulted.command == .sync {
            try Self.expectSyncedOnce(scenario)
        } else {
            try Self.expectRecordedOnce(scenario, landed: landed)
        }
    }

    /// What a command that ended by itself said: the truth about what landed, and no advice to
    /// run it again or to throw work away once it did.
    static func expectTruthfulOutput(_ result: TestKeys.Output, of faulted: FaultCase, scenario: FaultScenario, head: String) throws {
        let stderr = result.stderrText
        let killedItself = faulted.fault == .kill && !faulted.step.byGit
        if killedItself {
            #expect(result.status != 0)
            return
        }
        switch faulted.outcome {
        case .nothingLanded:
            #expect(result.status != 0, "nothing landed, yet it succeeded: \(stderr)")
            #expect(result.stdoutText.isEmpty, "nothing landed, yet it printed: \(result.stdoutText)")
            #expect(!stderr.contains("landed"), "nothing landed: \(stderr)")
            if faulted.command != .sync { #expect(stderr.contains("nothing was committed"), "\(stderr)") }
        case .landed, .pushed:
            #expect(result.status == 0, "the commit landed, so the command succeeded: \(stderr)")
            if faulted.command == .new {
                let id = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                let made = try scenario.team.gitText(["log", "-1", "--format=%s", head])
                #expect(!id.isEmpty && made.contains("new \(id) "), "prints the ID it made (\(made)): \(result.stdoutText)")
            } else if faulted.command == .sync {
                #expect(result.stdoutText.contains("Pushed"), "\(result.stdoutText)")
            } else {
                #expect(result.stdoutText.contains(String(head.prefix(7))), "prints the commit it made: \(result.stdoutText)")
            }
            // handoff's own step failed after the branch moved: it warns that the files lag.
            if !faulted.step.byGit { #expect(stderr.contains("landed"), "says the commit landed: \(stderr)") }
            expectNoRerunAdvice(stderr)
        case .landedNotPushed:
            #expect(result.status != 0, "\(stderr)")
            #expect(stderr.contains("your branch keeps the synced commits"), "\(stderr)")
            #expect(!stderr.contains("--drop"), "advises dropping commits that are fine: \(stderr)")
        }
    }

    /// Advice after a commit landed never invites a second run, nor a command that drops work.
    static func expectNoRerunAdvice(_ stderr: String) {
        for phrase in ["run it again", "run the command again", "try again", "git restore", "git checkout --", "--drop"] {
            #expect(!stderr.contains(phrase), "advises '\(phrase)' after the commit landed: \(stderr)")
        }
    }

    /// The command's commit is on the branch exactly once: run again when it did not land, it
    /// lands now; when it did, nobody needed to run it again. And verify finds nothing wrong.
    static func expectRecordedOnce(_ scenario: FaultScenario, landed: Bool) throws {
        if !landed {
            let again = try scenario.run()
            #expect(again.status == 0, "run again after nothing landed: \(again.stderrText)")
        }
        let subjects = try scenario.team.gitText(["log", "--format=%s", "\(scenario.base)..HEAD"]).split(separator: "\n")
        #expect(subjects.filter { $0.hasPrefix(scenario.subject) }.count == 1, "\(subjects)")
        #expect(try scenario.team.handoff(as: scenario.team.admin).verify(useCache: false).violations == [])
    }

    /// sync run again pushes everything: alice's note and bob's are on the server once each,
    /// alice's branch is the server's, and the server's history verifies.
    static func expectSyncedOnce(_ scenario: FaultScenario) throws {
        let fixture = try #require(scenario.fixture)
        let again = try scenario.run()
        #expect(again.status == 0, "sync again: \(again.stderrText)")
        #expect(try fixture.serverTip() == (try scenario.head()))
        let task = try fixture.gitText(fixture.server, ["show", "main:\(try #require(scenario.taskPath))"], as: fixture.team.admin)
        for note in [FaultScenario.noteText, FaultScenario.upstreamNote] {
            #expect(task.components(separatedBy: note).count == 2, "'\(note)' should be on the server once:\n\(task)")
        }
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}
