import Foundation

extension Comparisons {
    /// `handoff list --owner X` warm on the whole reference repository against
    /// `backlog-py task list --plain -a X` on a Backlog.md project of (up to) its first 10,000
    /// tasks. Nil, with a note, when backlog-py is not available: never a made-up number.
    mutating func backlog() throws -> Row? {
        let admin = reference.people[0]
        let owner = reference.people[min(1, reference.people.count - 1)].email
        let located = BacklogInstall.locate(cache: cache, mayInstall: reference.size != .smoke, shell: shell, environment: admin.environment)
        guard case .found(let backlogPy) = located else {
            if case .missing(let why) = located { note("No Backlog.md row: \(why).") }
            return nil
        }
        let project = try BacklogProject.prepare(from: reference, backlogPy: backlogPy, shell: shell)

        let arguments = ["list", "--owner", owner]
        _ = try runHandoff(arguments, as: admin)
        var found = 0
        let ours = try Timing.measureProcess(runs: runs) { _ in
            let result = try runHandoff(arguments, as: admin)
            found = result.output.split(separator: "\n").filter { $0.contains("HO-") }.count
            return result
        }
        let oursMemory = try handoffMemory(arguments, as: admin).kilobytes

        let theirArguments = ["task", "list", "--plain", "-a", owner]
        var listed = 0
        let theirs = try Timing.measureProcess(runs: runs) { _ in
            let result = try shell.check(backlogPy, theirArguments, in: project.folder, environment: admin.environment)
            listed = BacklogTaskFile.listedTasks(result.output)
            return result
        }
        let theirMemory = try shell.peakMemory(backlogPy, theirArguments, in: project.folder, environment: admin.environment)?.peakKilobytes

        let all = reference.manifest.tasks
        let theirTasks = project.tasks == all ? "all \(Format.count(all))" : "the first \(Format.count(project.tasks)) of \(Format.count(all))"
        note("Backlog.md row: backlog-py (PyPI `\(BacklogInstall.package)`, \(backlogPy)) read a `--no-git` Backlog.md project in \(project.folder) "
            + "holding \(theirTasks) reference tasks, written as `backlog/tasks/task-N - Title.md` (owner → assignee, state → status, labels + stage → labels); "
            + "`-a \(owner)` listed \(listed) tasks there, `handoff list --owner` \(found) in the whole repository; "
            + "peak memory of backlog-py: \(Format.memory(theirMemory)).")
        return Row(
            operation: "`handoff list --owner X`, warm, on the reference repository (\(Format.count(all)) tasks)",
            ours: ours,
            theirsLabel: "`backlog-py task list --plain -a X` on a Backlog.md project of \(theirTasks) tasks (peak \(Format.memory(theirMemory)))",
            theirs: theirs, oursKilobytes: oursMemory)
    }
}
