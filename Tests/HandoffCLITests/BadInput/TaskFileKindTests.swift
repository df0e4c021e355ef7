import Foundation
import HandoffCore
import TestSupport
import Testing

/// Task files that are not regular files, in a commit or in the working tree: refused naming
/// the file, and nothing is written or followed.
@Suite struct TaskFileKindTests {
    @Test("a task file committed as a symbolic link is refused, not followed")
    func committedSymlink() throws {
        let team = try TestTeam()
        let path = "tasks/2026-11/HO-LINK1.md"
        try FileManager.default.createDirectory(atPath: team.repository + "/tasks/2026-11", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: team.repository + "/" + path, withDestinationPath: "../../.handoff/config.yml")
        try BadInput.commitWorkingTree(path, in: team)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", "HO-LINK1", "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path, "symbolic link"], in: team, head: head)
        // list goes on with every other task and names the one it leaves out.
        let list = handoff(["list"], as: team.admin, in: team)
        #expect(list.code == 0 && list.stderr.contains(path) && list.stderr.contains("left out"), "list: \(list.stderr)")
    }

    @Test("a folder named like a task file is refused naming it")
    func committedFolder() throws {
        let team = try TestTeam()
        let path = "tasks/2026-11/HO-DIR01.md"
        try BadInput.commitRaw(Array("x\n".utf8), at: path + "/inside.txt", in: team)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", "HO-DIR01", "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path, "is a folder"], in: team, head: head)
    }

    @Test("a task file replaced by a symbolic link in the working tree is refused and the link kept")
    func workingTreeSymlink() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let path = try ConcurrentHandoffTests.path(of: id, in: team)
        let full = team.repository + "/" + path
        try FileManager.default.removeItem(atPath: full)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: "/etc/hostname")
        let head = try BadInput.head(of: team)
        let result = handoff(["note", id, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path, "not a regular file"], in: team, head: head)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: full) == "/etc/hostname")
    }

    @Test("a task file replaced by a folder in the working tree is refused and the folder kept")
    func workingTreeFolder() throws {
        let (team, _, id) = try CLI.teamWithTask()
        let path = try ConcurrentHandoffTests.path(of: id, in: team)
        let full = team.repository + "/" + path
        try FileManager.default.removeItem(atPath: full)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: false)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", id, "-m", "x"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path, "not a regular file"], in: team, head: head)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && isFolder.boolValue)
    }
}
