import Foundation
import HandoffCore
import TestSupport
import Testing

/// Task IDs and file names with '/', '..' or control characters: on the command line they
/// match no task (and reach no path outside tasks/); in a commit they are refused by name.
@Suite struct TaskNameTests {
    @Test("IDs with '/', '..' or control characters on the command line match nothing and write nothing", arguments: [
        "../../.handoff/config", "HO-1/../../x", "..", "/etc/passwd", "HO-\u{1}", "HO-\n", "HO-\u{1b}[31m",
    ])
    func hostileQuery(_ query: String) throws {
        let (team, _, _) = try CLI.teamWithTask()
        let head = try BadInput.head(of: team)
        let config = BadInput.bytes(".handoff/config.yml", in: team)
        let result = handoff(["note", query, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: ["no task"], in: team, head: head, unchanged: [".handoff/config.yml": config])
        #expect(!result.stderr.contains("\u{1b}") && !result.stderr.dropLast().contains("\n"), "control characters echoed: \(result.stderr.debugDescription)")
    }

    @Test("a task file whose name has a control character is refused naming it safely")
    func controlCharacterFileName() throws {
        let team = try TestTeam()
        let id = "HO-\u{1b}X"
        let path = "tasks/2026-11/\(id).md"
        try BadInput.commitRaw(Array(BadInput.taskText(id: id).utf8), at: path, in: team)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", "HO-", "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: ["tasks/2026-11/"], in: team, head: head)
        #expect(!result.stderr.contains("\u{1b}"), "escape echoed: \(result.stderr.debugDescription)")
    }

    @Test("an id field with '/' or '..' inside a task file is refused naming the file")
    func pathInIDField() throws {
        let team = try TestTeam()
        let path = "tasks/2026-11/HO-PATH1.md"
        try BadInput.commitRaw(Array(BadInput.taskText(id: "../../HO-PATH1").utf8), at: path, in: team)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", "HO-PATH1", "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path], in: team, head: head)
    }
}
