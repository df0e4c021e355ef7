import Foundation
import HandoffCore
import TestSupport
import Testing

/// `list` reads tasks it parsed before from `.git/handoff/cache/`; what it shows must always be
/// what the files say.
@Suite struct TaskSummaryCacheTests {
    private func cacheFolder(_ team: TestTeam) -> String { team.repository + "/.git/handoff/cache/tasks-v3" }

    private func cacheFiles(_ team: TestTeam) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cacheFolder(team)).filter { !$0.hasPrefix(".") }.map { cacheFolder(team) + "/" + $0 }
    }

    @Test("a warm list equals a cold one, even for titles with tabs, newlines and backslashes")
    func warmEqualsCold() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        _ = try alice.newTask(NewTaskRequest(title: "plain", stage: "sales", labels: ["a", "b c"], fields: [("customer", "ACME\\Corp")]))
        let id = try alice.newTask(NewTaskRequest(title: "tricky", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "title: tricky", with: #"title: "tab\there\nnew \\ line""#), to: path)
        #expect(try team.git(["commit", "-q", "-am", "title"]).status == 0)
        let cold = try alice.list()
        #expect(try cacheFiles(team).count == 1)
        let warm = try alice.list()
        #expect(warm.map(\.task) == cold.map(\.task))
        #expect(warm.first { $0.task.id == id }?.task.title == "tab\there\nnew \\ line")
    }

    @Test("a handoff changes the blob, so list shows the new owner at once")
    func changedFilesAreReadAgain() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        #expect(try alice.list(TaskFilter(owner: bob.email)).isEmpty)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "ok"), on: id)
        #expect(try alice.list(TaskFilter(owner: bob.email)).map(\.task.id) == [id])
    }

    @Test("a damaged cache file is ignored and rewritten")
    func damagedCache() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        _ = try alice.newTask(NewTaskRequest(title: "T", stage: "sales"))
        let expected = try alice.list().map(\.task)
        let file = try #require(try cacheFiles(team).first)
        for damage in ["garbage\tline\n\u{0}\u{1}\n", "handoff-task-summaries 3\ncut in the mid"] {
            try Data(damage.utf8).write(to: URL(fileURLWithPath: file))
            #expect(try alice.list().map(\.task) == expected)
            let rewritten = try String(contentsOfFile: file, encoding: .utf8)
            #expect(rewritten.hasPrefix("handoff-task-summaries 3\n"))
            #expect(expected.allSatisfy { rewritten.contains("\t\($0.id)\t") })
        }
    }

    @Test("a cached row this version cannot decode is read again from git, at its own path")
    func undecodableRow() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        let expected = try alice.list()
        let file = try #require(try cacheFiles(team).first)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\t\(id)\t", with: "\t\(id)\t\t").utf8).write(to: URL(fileURLWithPath: file))
        let listed = try alice.list()
        #expect(listed.map(\.task) == expected.map(\.task))
        #expect(listed.map(\.path) == expected.map(\.path))
    }

    @Test("only the changed month folder's file is replaced, and the old one is removed")
    func oneFilePerFolder() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        _ = try alice.list()
        let before = try cacheFiles(team)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        #expect(try alice.list(TaskFilter(offeredTo: bob.email)).map(\.task.id) == [id])
        let after = try cacheFiles(team)
        #expect(after.count == 1 && after != before)
    }

    @Test("a cold list shows what is committed, not an uncommitted edit of the working file")
    func workingTreeEditsAreNotListed() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Committed title", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "title: Committed title", with: "title: Local edit"), to: path)
        try? FileManager.default.removeItem(atPath: cacheFolder(team))
        #expect(try alice.list().map(\.task.title) == ["Committed title"])
        try FileManager.default.removeItem(atPath: team.repository + "/" + path)
        try? FileManager.default.removeItem(atPath: cacheFolder(team))
        #expect(try alice.list().map(\.task.title) == ["Committed title"], "a deleted working file is read from git")
    }

    @Test("filters compare emails without regard to case, warm and cold, and by stage and state")
    func filtersOnCachedRows() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["sales", "onboarding"])
        let alice = team.handoff(as: team.admin)
        let mine = try alice.newTask(NewTaskRequest(title: "Alice's", stage: "sales")).task.id
        let his = try alice.newTask(NewTaskRequest(title: "Bob's", stage: "onboarding", owner: bob.email)).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: mine)
        for _ in 0..<2 {
            #expect(try alice.list(TaskFilter(owner: "BOB@Example.com")).map(\.task.id) == [his])
            #expect(try alice.list(TaskFilter(offeredTo: "Bob@example.COM")).map(\.task.id) == [mine])
            #expect(try alice.list(TaskFilter(stage: "onboarding")).map(\.task.id) == [his])
            #expect(try alice.list(TaskFilter(state: .offered)).map(\.task.id) == [mine])
        }
    }
}
