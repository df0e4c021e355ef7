import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff sync` and `handoff merge-driver` as users run them.
@Suite struct SyncCommandTests {
    @Test("sync prints what it pulled, replayed and pushed, and where the old branch is kept")
    func reportsWhatHappened() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.note(text: "alice"), on: fixture.first)
        try fixture.alicePushes()
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: "bob"), on: fixture.second)
        let result = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Pulled 1 commit from origin/main."))
        #expect(result.stdout.contains("Your branch as it was before is saved at refs/handoff/backup/main/"))
        #expect(result.stdout.contains("Pushed \(try fixture.serverTip().prefix(7)) to origin/main."), "\(result.stdout)")
        let again = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(again.code == 0 && again.stdout.hasPrefix("Already in sync with origin/main"), "\(again.stdout)")
        let json = handoff(["sync", "--json"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["upstream"] as? String == "origin/main")
        #expect(object?["tip"] as? String == (try fixture.serverTip()))
        #expect(object?["pushed"] as? Bool == false && object?["pulled"] as? Int == 0)
    }

    @Test("a replay that is no longer legal exits 1 with one line on stderr")
    func refusalIsOneLine() throws {
        let fixture = try SyncFixture()
        try fixture.handoff(fixture.team.admin).perform(.offer(to: fixture.bob.email, stage: "onboarding", brief: TestBriefs.complete), on: fixture.first)
        try fixture.alicePushes()
        try fixture.git(fixture.bobClone, ["pull", "-q"], as: fixture.bob)
        try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.decline(reason: "busy"), on: fixture.first)
        try fixture.handoff(fixture.team.admin).perform(.withdraw(reason: "paused"), on: fixture.first)
        try fixture.alicePushes()
        let result = handoff(["sync"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("'decline' is no longer allowed on \(fixture.first), after upstream commit"), "\(result.stderr)")
        #expect(result.stderr.contains("by alice@example.com (handoff: withdraw \(fixture.first)"), "\(result.stderr)")
    }

    @Test("sync with an unknown --drop commit is a usage error")
    func unknownDrop() throws {
        let fixture = try SyncFixture()
        let result = handoff(["sync", "--drop", "nonsense"], as: fixture.bob, in: fixture.team, directory: fixture.bobClone)
        #expect(result.code == 2)
        #expect(result.stderr.contains("--drop nonsense names no commit"))
    }
}

/// `handoff merge-driver` called directly, as git calls it.
@Suite struct MergeDriverCommandTests {
    private let task = "---\nid: HO-1\ntitle: T\nstage: sales\nowner: a@example.com\nstate: open\n---\nBody\n\n## Handoff log\n"

    @Test("a clean merge rewrites %A and exits 0; a conflict exits 1 with the file and fields on stderr")
    func direct() throws {
        let team = try TestTeam(initialize: false)
        let folder = team.root.path
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        try write("base", task)
        try write("ours", task + "\n### 2026-11-24 10:00 UTC — note by a@example.com\n\nours\n")
        try write("theirs", task + "\n### 2026-11-24 09:00 UTC — note by b@example.com\n\ntheirs\n")
        let clean = handoff(["merge-driver", "base", "ours", "theirs", "tasks/2026-11/HO-1.md"], as: team.admin, in: team, directory: folder)
        #expect(clean.code == 0 && clean.stderr.isEmpty, "\(clean.stderr)")
        let merged = try String(contentsOfFile: folder + "/ours", encoding: .utf8)
        let earlier = try #require(merged.range(of: "\ntheirs\n"))
        let later = try #require(merged.range(of: "\nours\n"))
        #expect(earlier.lowerBound < later.lowerBound)

        try write("ours", task.replacingOccurrences(of: "owner: a@example.com", with: "owner: b@example.com"))
        try write("theirs", task.replacingOccurrences(of: "owner: a@example.com", with: "owner: c@example.com"))
        let conflict = handoff(["merge-driver", "base", "ours", "theirs", "tasks/2026-11/HO-1.md"], as: team.admin, in: team, directory: folder)
        #expect(conflict.code == 1)
        #expect(conflict.stderr.hasPrefix("handoff merge-driver: tasks/2026-11/HO-1.md: both sides changed 'owner'"), "\(conflict.stderr)")
    }

    @Test("a file git did not leave behind is an error naming it, exit 1")
    func missingFile() throws {
        let team = try TestTeam(initialize: false)
        let result = handoff(["merge-driver", "nope-base", "nope-ours", "nope-theirs", "tasks/x.md"], as: team.admin, in: team, directory: team.root.path)
        #expect(result.code == 1)
        #expect(result.stderr.contains("cannot read \(team.root.path)/nope-base"), "\(result.stderr)")
    }
}

/// `handoff hooks install` in a clone: the merge driver's config, and a hint when the clone's
/// `.gitattributes` does not send task files to it yet.
@Suite struct HooksInstallMergeDriverTests {
    @Test("hooks install sets merge.handoff.driver and says to commit the attributes line when it is missing")
    func hintWhenMissing() throws {
        let team = try TestTeam()
        let fresh = handoff(["hooks", "install"], as: team.admin, in: team)
        #expect(fresh.code == 0 && !fresh.stdout.contains(".gitattributes"), "\(fresh.stdout)")
        try TestKeys.check(try team.git(["config", "--unset", "merge.handoff.driver"]), "unset")
        try TestKeys.check(try team.git(["rm", "-q", ".gitattributes"]), "git rm")
        let old = handoff(["hooks", "install"], as: team.admin, in: team)
        #expect(old.code == 0)
        #expect(old.stdout.contains("Add the line 'tasks/**/*.md merge=handoff' to .gitattributes and commit it"), "\(old.stdout)")
        #expect(try team.gitText(["config", "merge.handoff.driver"]).hasSuffix(" merge-driver %O %A %B %P\n"))
    }
}
