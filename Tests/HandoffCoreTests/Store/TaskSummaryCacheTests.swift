import Foundation
import GitKit
import HandoffCore
import TestSupport
import Testing

/// `list` reads tasks it parsed before from `.git/handoff/cache/`; what it shows must always be
/// what the files say.
@Suite struct TaskSummaryCacheTests {
    private func cacheFolder(_ team: TestTeam) -> String { team.repository + "/.git/handoff/cache/tasks-v5" }

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
        for damage in ["garbage\tline\n\u{0}\u{1}\n", "handoff-task-summaries 4\ncut in the mid", "handoff-task-summaries 4\n"] {
            try Data(damage.utf8).write(to: URL(fileURLWithPath: file))
            #expect(try alice.list().map(\.task) == expected)
            let rewritten = try String(contentsOfFile: file, encoding: .utf8)
            #expect(rewritten.hasPrefix("handoff-task-summaries 4\n"))
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
        let rows = sealed(text.replacingOccurrences(of: "\t\(id)\t", with: "\t\(id)\t\t"), folder: (file as NSString).lastPathComponent)
        try Data(rows.utf8).write(to: URL(fileURLWithPath: file))
        let listed = try alice.list()
        #expect(listed.map(\.task) == expected.map(\.task))
        #expect(listed.map(\.path) == expected.map(\.path))
    }

    @Test(
        "a plausible lie in a cached row (an owner, a receiver, a state, a stage, a blob id, the file of another folder) is not believed",
        arguments: ["owner", "receiver", "state", "stage", "blob", "folder"])
    func plausibleLies(lie: String) throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        _ = try alice.newTask(NewTaskRequest(title: "Held", stage: "sales"))
        let offered = try alice.newTask(NewTaskRequest(title: "Offered", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: offered)
        let filters = [TaskFilter(), TaskFilter(owner: team.admin.email), TaskFilter(offeredTo: bob.email), TaskFilter(stage: "sales"), TaskFilter(state: .open)]
        func answers() throws -> [[String]] {
            let inbox = try team.handoff(as: bob).inbox()
            return try filters.map { try alice.list($0).map { "\($0.task.id) \($0.task.title) \($0.task.owner) \($0.task.offer?.to ?? "-") \($0.task.state)" } }
                + [inbox.waitingForMe.map(\.task.id), try alice.status().inbox.holding.map(\.task.id),
                   try alice.report().report.stages.map { "\($0.stage) \($0.tasksNow)" }, try alice.report().report.people.map { "\($0)" }]
        }
        _ = try answers()
        let file = try #require(try cacheFiles(team).first)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var lied: String
        switch lie {
        case "owner": lied = text.replacingOccurrences(of: "\t\(team.admin.email)\t", with: "\tblice@example.com\t")
        case "receiver": lied = text.replacingOccurrences(of: "\t\(bob.email)\t", with: "\tbob@example.org\t")
        case "state": lied = text.replacingOccurrences(of: "\toffered\t", with: "\topen\t")
        case "stage": lied = text.replacingOccurrences(of: "\tsales\t", with: "\tsupport\t")
        case "blob":
            // The row of the offered task's old file, given the id of the file the accept
            // makes: the next list would take the old row for the new file.
            let path = try alice.show(offered).entry.path
            let old = try team.gitText(["rev-parse", "HEAD:\(path)"]).trimmingCharacters(in: .whitespacesAndNewlines)
            try team.handoff(as: bob).perform(.accept(readback: "ok"), on: offered)
            let new = try team.gitText(["rev-parse", "HEAD:\(path)"]).trimmingCharacters(in: .whitespacesAndNewlines)
            lied = text.replacingOccurrences(of: old, with: new)
        default:
            // A well-formed file, with the right sum for another folder.
            lied = sealed(text.replacingOccurrences(of: "\tHeld\t", with: "\tHeld elsewhere\t"), folder: String(repeating: "e", count: 40))
        }
        #expect(lied != text, "the lie must change the file")
        try Data(lied.utf8).write(to: URL(fileURLWithPath: file))
        let answered = try answers()
        #expect(try answers() == answered, "the same again, from the rewritten file")
        try FileManager.default.removeItem(atPath: cacheFolder(team))
        #expect(answered == (try answers()), "what the files say, read without the cache")
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

    /// `text`, a cache file's header and rows, with the sum line the cache expects of the folder
    /// with tree `folder`: a well-formed file, whose rows this version reads when it is that
    /// folder's.
    private func sealed(_ text: String, folder: String) -> String {
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("sum ") }.map { $0 + "\n" }.joined()
        let crc = Array(rows.utf8).withUnsafeBytes { rows in Array(folder.utf8).withUnsafeBytes { CRC32.of(rows, continuing: CRC32.of($0)) } }
        let digits = String(crc, radix: 16)
        return rows + "sum " + String(repeating: "0", count: 8 - digits.count) + digits + "\n"
    }
}
