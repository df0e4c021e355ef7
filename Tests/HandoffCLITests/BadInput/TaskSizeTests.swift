import Foundation
import HandoffCore
import TestSupport
import Testing

/// The 1 MiB limit of a task file holds where content is made, and one oversize file landed
/// another way leaves every other task usable.
@Suite struct TaskSizeTests {
    @Test("notes of 120 KB: the one that would pass 1 MiB is refused before anything is committed")
    func notesStopAtTheLimit() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Growing", stage: "sales")).task.id
        let text = String(repeating: "long note ", count: 12_000)
        var refused: HandoffError?
        for _ in 1...10 {
            let before = try team.commits().count
            do {
                try alice.perform(.note(text: text), on: id)
            } catch {
                refused = error
                #expect(try team.commits().count == before)
                break
            }
        }
        #expect(refused?.kind == .refused && refused?.message.contains("limited to 1 MiB") == true, "\(String(describing: refused))")
        #expect(try alice.verify(useCache: false).violations == [])
    }

    @Test("an oversize task file committed by hand: list, inbox, status and report keep working and name that file")
    func oversizeFileLandedByHand() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let big = try alice.newTask(NewTaskRequest(title: "Big", stage: "sales")).task.id
        let small = try alice.newTask(NewTaskRequest(title: "Small", stage: "sales")).task.id
        let path = try alice.show(big).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "## Handoff log", with: String(repeating: "x", count: 1_100_000) + "\n\n## Handoff log"), to: path)
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", "attachment pasted in"]).status == 0)
        for command in [["list"], ["inbox"], ["status"], ["report"]] {
            let output = try team.runHandoff(command, as: team.admin)
            #expect(output.status == 0, "\(command): \(output.stderrText)")
            #expect(output.stderrText.contains(path) && output.stderrText.contains("limited to 1 MiB"), "\(command): \(output.stderrText)")
        }
        #expect(try team.runHandoff(["list"], as: team.admin).stdoutText.contains(small))
    }
}
