import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff import`: many tasks in one signed commit that verify accepts, and forged imports it refuses.
@Suite struct ImportTests {
    private static let lines = """
        {"title": "Onboard ACME", "stage": "sales", "priority": "high", "labels": ["enterprise"], "fields": {"customer": "ACME"}, "created": "2025-03-04T10:00:00Z"}

        {"title": "Renew Globex", "owner": "bob@example.com", "stage": "onboarding", "due": "2026-12-01", "created": "2025-07-01T08:00:00Z"}
        {"title": "Fresh one"}
        """

    @Test("an admin imports tasks into their month folders in one signed commit that verifies clean")
    func importsAndVerifies() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let before = try team.commits().count
        let imports = try TaskImportFile.parse(Array(Self.lines.utf8), path: "tasks.jsonl")
        let (tasks, commit) = try alice.importTasks(imports)

        #expect(tasks.map(\.title) == ["Onboard ACME", "Renew Globex", "Fresh one"])
        #expect(try team.commits().count == before + 1)
        #expect(try team.gitText(["log", "-1", "--format=%s"]) == "handoff: import 3 tasks\n")
        let files = try team.gitText(["show", "--name-only", "--format=", commit.hex]).split(separator: "\n").map(String.init)
        #expect(files.contains("tasks/2025-03/\(tasks[0].id).md"))
        #expect(files.contains("tasks/2025-07/\(tasks[1].id).md"))
        #expect(try team.git(["verify-commit", commit.hex]).status == 0)
        #expect(try team.gitText(["status", "--porcelain"]) == "")

        let acme = try alice.show(tasks[0].id).entry.task
        #expect(acme.fields["customer"] == "ACME" && acme.labels == ["enterprise"])
        #expect(try alice.list(TaskFilter(owner: bob.email)).map(\.task.id) == [tasks[1].id])
        #expect(try alice.verify(useCache: false).violations == [])
        #expect(try alice.log(tasks[2].id).events.map(\.action) == ["import"])

        try team.handoff(as: team.admin).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: tasks[0].id)
        try team.handoff(as: bob).perform(.accept(readback: "on it"), on: tasks[0].id)
        #expect(try alice.verify(useCache: false).violations == [])
    }

    @Test("a member who is not an admin may not import; nothing is written")
    func nonAdminRefused() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["sales"])
        let head = try team.commits().first
        let imports = try TaskImportFile.parse(Array(#"{"title": "Sneaky"}"#.utf8), path: "x.jsonl")
        #expect { try team.handoff(as: bob).importTasks(imports) } throws: { error in
            (error as? HandoffError)?.message == "only an admin may import tasks; bob@example.com is not one"
        }
        #expect(try team.commits().first == head)
    }

    @Test("one bad entry refuses the whole import, naming it")
    func badEntryRefusesAll() throws {
        let team = try TestTeam()
        let head = try team.commits().first
        let imports = try TaskImportFile.parse(Array("{\"title\": \"Good\"}\n{\"title\": \"Bad\", \"stage\": \"space\"}".utf8), path: "x.jsonl")
        #expect { try team.handoff(as: team.admin).importTasks(imports) } throws: { error in
            (error as? HandoffError)?.message.hasPrefix("task 2: stage 'space' is not in the workflow") == true
        }
        #expect(try team.commits().first == head)
        #expect(try team.gitText(["status", "--porcelain"]) == "")
    }

    @Test("a malformed line is named by file and line number")
    func malformedLine() throws {
        for (text, expected) in [
            ("{\"title\": \"ok\"}\n{\"stage\": \"sales\"}", "tasks.jsonl:2: is not a JSON object with a \"title\" string (no \"title\")"),
            ("{\"title\": 7}", "tasks.jsonl:1: is not a JSON object with a \"title\" string (\"title\" has the wrong type)"),
            ("not json", "tasks.jsonl:1: is not a JSON object with a \"title\" string (not valid JSON)"),
            ("{\"title\": \"t\", \"created\": \"yesterday\"}", "tasks.jsonl:1: \"created\" must be a time like 2025-03-04T10:00:00Z, not 'yesterday'"),
        ] {
            #expect { try TaskImportFile.parse(Array(text.utf8), path: "tasks.jsonl") } throws: { error in
                (error as? HandoffError)?.message.hasPrefix(expected) == true
            }
        }
    }

    @Test("verify refuses a hand-made 'import' that changes an existing task or is made by a non-admin")
    func forgedImports() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["sales"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Existing", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com"), to: path)
        let forged = "handoff: import 1 task\n\nHandoff-Action: import\nHandoff-From: alice@example.com\nHandoff-Count: 1\n"
        try TestKeys.check(try team.git(["commit", "-q", "--no-verify", "-am", forged]), "forged import")

        let template = try team.read(path).replacingOccurrences(of: id, with: "HO-ZZZZZ")
        try team.write(template, to: "tasks/2026-01/HO-ZZZZZ.md")
        try TestKeys.check(try team.git(["add", "tasks/2026-01/HO-ZZZZZ.md"], as: bob), "add")
        try TestKeys.check(try team.git(["commit", "-q", "--no-verify", "-m", forged], as: bob), "bob's import")

        let messages = try alice.verify(useCache: false).violations.map(\.message)
        #expect(messages.contains("an import may only create tasks, but it changes \(path)"))
        #expect(messages.contains("bob@example.com imported tasks but is not an admin; only an admin may import"))
    }

    @Test("verify reports an import whose ID exists in another month folder, or twice in the import")
    func duplicateIDsInImport() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Existing", stage: "sales")).task.id
        let template = try team.read(try alice.show(id).entry.path)
        try team.write(template, to: "tasks/2020-01/\(id).md")
        let twin = template.replacingOccurrences(of: id, with: "HO-ZZZZY")
        try team.write(twin, to: "tasks/2020-02/HO-ZZZZY.md")
        try team.write(twin, to: "tasks/2020-03/HO-ZZZZY.md")
        try TestKeys.check(try team.git(["add", "tasks"]), "add")
        let message = "handoff: import 3 tasks\n\nHandoff-Action: import\nHandoff-From: alice@example.com\nHandoff-Count: 3\n"
        try TestKeys.check(try team.git(["commit", "-q", "--no-verify", "-m", message]), "import")

        let duplicates = try alice.verify(useCache: false).violations.filter { $0.message.hasSuffix("already exists; IDs are unique") }
        #expect(duplicates.map(\.task) == [id, "HO-ZZZZY"])
        // A range leaves out the history that created the first copy: the parent is searched.
        let inRange = try alice.verify(range: "HEAD~1..HEAD", useCache: false).violations.filter { $0.message.hasSuffix("already exists; IDs are unique") }
        #expect(inRange.map(\.task) == [id, "HO-ZZZZY"])
    }

    @Test("an ID is taken by any entry of that name in a month folder, a folder too, whoever added it")
    func folderTakesTheID() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        try team.write("not a task\n", to: "tasks/2020-04/HO-ZZZZX.md/readme")
        try TestKeys.check(try team.git(["add", "tasks"]), "add")
        try TestKeys.check(try team.git(["commit", "-q", "--no-verify", "-m", "a folder named like a task"]), "hand-made commit")
        let template = try team.read(try alice.show(try alice.newTask(NewTaskRequest(title: "Seed", stage: "sales")).task.id).entry.path)
        let seed = try #require(template.split(separator: "\n").first { $0.hasPrefix("id: ") }).dropFirst(4)
        try team.write(template.replacingOccurrences(of: seed, with: "HO-ZZZZX"), to: "tasks/2020-05/HO-ZZZZX.md")
        try TestKeys.check(try team.git(["add", "tasks"]), "add")
        let message = "handoff: import 1 task\n\nHandoff-Action: import\nHandoff-From: alice@example.com\nHandoff-Count: 1\n"
        try TestKeys.check(try team.git(["commit", "-q", "--no-verify", "-m", message]), "import")

        let duplicates = try alice.verify(useCache: false).violations.filter { $0.message.hasSuffix("already exists; IDs are unique") }
        #expect(duplicates.map(\.task) == ["HO-ZZZZX"])
    }
}

