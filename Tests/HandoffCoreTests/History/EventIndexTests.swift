import Foundation
import GitKit
import HandoffCore
@testable import HandoffStore
import TestSupport
import Testing

/// `log` finds a task's commits through the event index, and answers as it would without one
/// whatever the index holds: nothing, a torn or changed file, or commits of another history.
@Suite struct EventIndexTests {
    /// A team whose task was created, offered to bob and accepted; the task's id and path.
    private func handedOver() throws -> (team: TestTeam, bob: TestPerson, id: String, path: String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Indexed", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "Mine now."), on: id)
        return (team, bob, id, try alice.show(id).entry.path)
    }

    /// The index's folder in `team`'s repository.
    private func folder(_ team: TestTeam) -> String {
        team.repository + "/.git/handoff/cache/events-v1"
    }

    /// The names of the index's files.
    private func files(_ team: TestTeam) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder(team))) ?? []).sorted()
    }

    /// The events of `id` as `log --json` would print them (keys sorted).
    private func log(_ id: String, in team: TestTeam, as person: TestPerson) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(try team.handoff(as: person).log(id).events), as: UTF8.self)
    }

    /// The events of `id` read with no index at all (the index is removed first).
    private func withoutIndex(_ id: String, in team: TestTeam, as person: TestPerson) throws -> String {
        try? FileManager.default.removeItem(atPath: folder(team))
        return try log(id, in: team, as: person)
    }

    @Test("log writes the index, then reads it: the same events, and what the index says is what is read")
    func indexIsUsed() throws {
        let (team, bob, id, _) = try handedOver()
        let cold = try withoutIndex(id, in: team, as: bob)
        let head = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(files(team) == [head])
        #expect(try log(id, in: team, as: bob) == cold)
        #expect(try team.handoff(as: bob).log(id).events.map(\.action) == ["new", "offer", "accept"])
        // An intact index that says no commit changed any task is believed: log finds nothing.
        try FileManager.default.removeItem(atPath: folder(team))
        let index = EventIndex(commonDirectory: team.repository + "/.git/")
        let lines = try team.commits().map { $0 + "\n" }.joined()
        index.store(Array(lines.utf8), tip: try #require(ObjectID(hex: head)), existing: index.read())
        #expect(try team.handoff(as: bob).log(id).events.isEmpty)
        #expect(try withoutIndex(id, in: team, as: bob) == cold)
    }

    @Test("a torn, garbage or changed index file is not believed: the events are read from git and the file written again")
    func brokenFilesAreIgnored() throws {
        let (team, bob, id, _) = try handedOver()
        let cold = try withoutIndex(id, in: team, as: bob)
        let name = try #require(files(team).first)
        let path = folder(team) + "/" + name
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: intact, as: UTF8.self)
        let taskLine = try #require(text.split(separator: "\n").first { $0.contains(".md") })
        // The line of the commit that created the task, listing another file: a changed byte.
        let changed = text.replacingOccurrences(of: taskLine, with: taskLine.replacingOccurrences(of: ".md", with: ".mx"))
        let damaged: [Data] = [intact.prefix(intact.count / 2), Data("garbage\n".utf8), Data(changed.utf8), Data()]
        for bytes in damaged {
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(try log(id, in: team, as: bob) == cold)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == intact)
        }
        // A stray file beside an intact one changes nothing either.
        try Data("sum 00000000\n".utf8).write(to: URL(fileURLWithPath: folder(team) + "/" + String(repeating: "0", count: 40)))
        #expect(try log(id, in: team, as: bob) == cold)
    }

    @Test("commits the index does not list (amended, or of another clone) are read from git and added to it")
    func commitsOutsideTheIndex() throws {
        let (team, bob, id, path) = try handedOver()
        _ = try log(id, in: team, as: bob)
        // An amended commit is a new commit: the index lists the one it replaced.
        try team.write(try team.read(path).replacingOccurrences(of: "## Handoff log\n", with: "By hand.\n\n## Handoff log\n"), to: path)
        #expect(try team.git(["commit", "-q", "-am", "note by hand"], as: bob).status == 0)
        _ = try log(id, in: team, as: bob)
        try team.write(try team.read(path).replacingOccurrences(of: "By hand.\n", with: "By hand, amended.\n"), to: path)
        #expect(try team.git(["commit", "-q", "--amend", "-am", "note by hand, amended"], as: bob).status == 0)
        let amended = try log(id, in: team, as: bob)
        #expect(try team.handoff(as: bob).log(id).events.map(\.action) == ["new", "offer", "accept", "edit"])
        #expect(try team.handoff(as: bob).log(id).events.last?.commit == (try team.commits().first))
        #expect(amended == (try withoutIndex(id, in: team, as: bob)))
        // Another clone's index lists commits this one does not have; its files are believed
        // only for those, and this clone's own commits are read from git.
        let clone = team.root.appendingPathComponent("clone").path
        #expect(try team.git(["clone", "-q", team.repository, clone]).status == 0)
        let cloned = try TestKeys.run("git", ["-C", clone, "commit", "-q", "--allow-empty", "-m", "elsewhere"], environment: bob.environment, stdin: [])
        #expect(cloned.status == 0)
        _ = try Handoff(context: team.context(for: bob, directory: clone)).log(id)
        let theirs = clone + "/.git/handoff/cache/events-v1"
        try? FileManager.default.removeItem(atPath: folder(team))
        try FileManager.default.copyItem(atPath: theirs, toPath: folder(team))
        try team.write(try team.read(path).replacingOccurrences(of: "By hand, amended.\n", with: "By hand, here only.\n"), to: path)
        #expect(try team.git(["commit", "-q", "-am", "here only"], as: bob).status == 0)
        let mixed = try log(id, in: team, as: bob)
        #expect(try team.handoff(as: bob).log(id).events.map(\.action) == ["new", "offer", "accept", "edit", "edit"])
        #expect(mixed == (try withoutIndex(id, in: team, as: bob)))
    }

    @Test("a hand edit on a branch and the merge that brings it show as edit and merge, with or without the index")
    func handEditsAndMerges() throws {
        let (team, bob, id, path) = try handedOver()
        let branch = try team.gitText(["branch", "--show-current"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try log(id, in: team, as: bob)
        #expect(try team.git(["checkout", "-q", "-b", "side"], as: bob).status == 0)
        try team.write(try team.read(path).replacingOccurrences(of: "## Handoff log\n", with: "On the side.\n\n## Handoff log\n"), to: path)
        #expect(try team.git(["commit", "-q", "-am", "edit on the side"], as: bob).status == 0)
        #expect(try team.git(["checkout", "-q", branch], as: bob).status == 0)
        try team.write("Notes\n", to: "NOTES.md")
        #expect(try team.git(["add", "NOTES.md"], as: bob).status == 0)
        #expect(try team.git(["commit", "-q", "-m", "notes"], as: bob).status == 0)
        #expect(try team.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], as: bob).status == 0)
        let warm = try log(id, in: team, as: bob)
        #expect(try team.handoff(as: bob).log(id).events.map(\.action) == ["new", "offer", "accept", "edit", "merge"])
        #expect(warm == (try withoutIndex(id, in: team, as: bob)))
        #expect(try team.handoff(as: bob).log(id).events.map(\.action) == ["new", "offer", "accept", "edit", "merge"])
    }
}
