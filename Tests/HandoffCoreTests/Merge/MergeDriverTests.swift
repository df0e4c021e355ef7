import Foundation
import HandoffCore
import TestSupport
import Testing

/// The task-file merge driver through real `git merge` and `git pull`: `handoff init` configures
/// it and commits `.gitattributes`; concurrent notes merge cleanly in time order; conflicting
/// handoffs give readable conflict markers and a message naming the file and the fields.
@Suite struct MergeDriverTests {
    /// alice's repository with a task and bob in onboarding.
    final class Setup {
        let team: TestTeam
        let bob: TestPerson
        let carol: TestPerson
        let id: String
        let path: String

        init() throws {
            team = try TestTeam()
            bob = try team.person("bob", stages: ["onboarding"])
            carol = try team.person("carol", stages: ["onboarding"])
            id = try team.handoff(as: team.admin).newTask(NewTaskRequest(title: "Onboard ACME", stage: "sales")).task.id
            path = try team.handoff(as: team.admin).show(id).entry.path
        }

        /// Runs `operation` as `person` at `seconds` since 1970.
        func perform(_ operation: TaskOperation, as person: TestPerson, at seconds: Int) throws {
            var environment = person.environment
            environment["GIT_COMMITTER_DATE"] = "@\(seconds) +0000"
            environment["GIT_AUTHOR_DATE"] = "@\(seconds) +0000"
            try Handoff(context: HandoffContext(directory: team.repository, environment: environment)).perform(operation, on: id)
        }

        /// Makes branch `side` here, runs `onSide` on it, returns to main and runs `onMain`, then merges side.
        func mergeSide(onSide: () throws -> Void, onMain: () throws -> Void) throws -> TestKeys.Output {
            try TestKeys.check(try team.git(["checkout", "-q", "-b", "side"]), "checkout side")
            try onSide()
            try TestKeys.check(try team.git(["checkout", "-q", "main"]), "checkout main")
            try onMain()
            return try team.git(["merge", "--no-edit", "side"])
        }

        var file: String { get throws { try team.read(path) } }
    }

    @Test("init configures the driver and commits .gitattributes so git sends task files to it")
    func initConfigures() throws {
        let setup = try Setup()
        #expect(try setup.team.read(".gitattributes") == "tasks/**/*.md merge=handoff\n")
        #expect(try setup.team.gitText(["ls-files", ".gitattributes"]) == ".gitattributes\n")
        #expect(try setup.team.gitText(["check-attr", "merge", setup.path]) == "\(setup.path): merge: handoff\n")
        let driver = try setup.team.gitText(["config", "merge.handoff.driver"])
        #expect(driver == "\(TestTeam.handoffBinary) merge-driver %O %A %B %P\n")
    }

    @Test("notes added on both sides merge cleanly, both kept, in time order")
    func concurrentNotes() throws {
        let setup = try Setup()
        let merge = try setup.mergeSide(
            onSide: { try setup.perform(.note(text: "side note at ten"), as: setup.bob, at: 1_764_064_800) },
            onMain: { try setup.perform(.note(text: "main note at eleven"), as: setup.carol, at: 1_764_068_400) })
        #expect(merge.status == 0, "\(merge.stderrText)")
        let text = try setup.file
        guard let ten = text.range(of: "side note at ten"), let eleven = text.range(of: "main note at eleven") else {
            Issue.record("both notes should be kept:\n\(text)")
            return
        }
        #expect(ten.lowerBound < eleven.lowerBound)
        #expect(!text.contains("<<<<<<<"))
        #expect(text.components(separatedBy: "## Handoff log").count == 2)
        #expect(try setup.team.gitText(["status", "--porcelain"]).isEmpty)
    }

    @Test("an accept on one side and a note on the other take both")
    func handoffAndNote() throws {
        let setup = try Setup()
        try setup.perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), as: setup.team.admin, at: 1_764_060_000)
        let merge = try setup.mergeSide(
            onSide: { try setup.perform(.accept(readback: "got it"), as: setup.bob, at: 1_764_064_800) },
            onMain: { try setup.perform(.note(text: "carol's remark"), as: setup.carol, at: 1_764_062_000) })
        #expect(merge.status == 0, "\(merge.stderrText)")
        let task = try setup.team.handoff(as: setup.team.admin).show(setup.id).entry.task
        #expect(task.owner == setup.bob.email && task.stage == "onboarding" && task.offer == nil)
        let text = try setup.file
        #expect(text.contains("carol's remark") && text.contains("got it"))
    }

    @Test("an accept on one side and a withdraw on the other conflict readably, naming file and fields")
    func conflictingHandoffs() throws {
        let setup = try Setup()
        try setup.perform(.offer(to: setup.bob.email, stage: "onboarding", brief: TestBriefs.complete), as: setup.team.admin, at: 1_764_060_000)
        let merge = try setup.mergeSide(
            onSide: { try setup.perform(.accept(readback: "got it"), as: setup.bob, at: 1_764_064_800) },
            onMain: { try setup.perform(.withdraw(reason: "paused"), as: setup.team.admin, at: 1_764_062_000) })
        #expect(merge.status != 0)
        let output = merge.stdoutText + merge.stderrText
        #expect(output.contains("handoff merge-driver: \(setup.path): both sides changed 'stage', 'owner'"), "\(output)")
        #expect(output.contains("handoff sync"))
        let text = try setup.file
        #expect(text.contains("<<<<<<< ours\nstage: sales\nowner: alice@example.com\n=======\nstage: onboarding\nowner: bob@example.com\n>>>>>>> theirs\n"), "\(text)")
        #expect(text.contains("withdraw by alice@example.com") && text.contains("accept by bob@example.com"))
        #expect(text.contains("state: open\n"))
    }

    @Test("a body edit on one side and a note on the other merge line by line")
    func bodyEditAndNote() throws {
        let setup = try Setup()
        let merge = try setup.mergeSide(
            onSide: {
                try setup.team.write(try setup.file.replacingOccurrences(of: "What this is about", with: "ACME: what this is about"), to: setup.path)
                try TestKeys.check(try setup.team.git(["commit", "-q", "-a", "-m", "context"]), "commit")
            },
            onMain: { try setup.perform(.note(text: "call on Monday"), as: setup.bob, at: 1_764_064_800) })
        #expect(merge.status == 0, "\(merge.stderrText)")
        let text = try setup.file
        #expect(text.contains("ACME: what this is about") && text.contains("call on Monday"))
    }

    @Test("git pull between two clones merges concurrent notes through the driver that hooks install configured")
    func pullBetweenClones() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice pushed this"), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob wrote this"), on: fixture.first)
        let pull = try fixture.git(fixture.bobClone, ["pull", "--no-rebase", "--no-edit", "-q"], as: fixture.bob)
        #expect(pull.status == 0, "\(pull.stderrText)")
        let text = try String(contentsOfFile: fixture.bobClone + "/" + fixture.path(of: fixture.first), encoding: .utf8)
        #expect(text.contains("alice pushed this") && text.contains("bob wrote this") && !text.contains("<<<<<<<"))
        let push = try fixture.git(fixture.bobClone, ["push", "-q", "origin", "main"], as: fixture.bob)
        #expect(push.status == 0, "the server should accept the merge the driver made: \(push.stderrText)")
        let verify = try fixture.verifyServer()
        #expect(verify.status == 0, "\(verify.stdoutText)\(verify.stderrText)")
    }
}
