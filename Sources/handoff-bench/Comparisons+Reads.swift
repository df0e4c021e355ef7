import Foundation
import HandoffCore

extension Comparisons {
    /// How many commits `git log --show-signature` is timed on when the history is much longer.
    static let signatureSample = 2_000

    /// `handoff verify` of every commit, in-process and without its cache, against
    /// `git log --show-signature` of the same commits (git forks ssh-keygen per commit).
    mutating func verify() throws -> Row {
        let admin = reference.people[0]
        var report: VerifyReport?
        let ours = try Timing.measure(runs: runs) { _ in
            report = try handoff(as: admin).verify(range: nil, trustRoot: nil, useCache: false)
        }
        let cli = try handoffMemory(["verify", "--no-cache"], as: admin, allowing: [0, 1])
        // On a long history git's side is timed on the newest commits and scaled, as it is linear.
        let commits = reference.manifest.commits
        let sample = commits > Self.signatureSample * 2 ? Self.signatureSample : commits
        let scale = Double(commits) / Double(sample)
        var good = 0
        let measured = try Timing.measureProcess(runs: runs) { _ in
            let result = try runGit(["log", "--show-signature", "-n", "\(sample)"], in: bench.plain, as: admin)
            good = result.output.components(separatedBy: "Good \"git\" signature").count - 1
            return result
        }
        var theirs = Samples()
        for seconds in measured.seconds { theirs.add(seconds: seconds * scale) }
        if let report {
            note("`handoff verify` checked \(Format.count(report.checked)) commits and found \(report.violations.count) violations; "
                + "`git log --show-signature` printed \(Format.count(good)) good signatures"
                + (sample < commits ? " for the newest \(Format.count(sample)) commits, its time scaled ×\(String(format: "%.1f", scale)) to all." : "."))
            for violation in report.violations.prefix(3) { note("violation: \(violation.line)") }
        }
        if let result = cli.result {
            note("† peak memory of the same operation through the `handoff` binary: `handoff verify --no-cache` took \(Format.seconds(result.seconds)) there (exit \(result.status)).")
        }
        return Row(operation: "`handoff verify` (all commits, no cache, in-process) †", ours: ours,
                   theirsLabel: sample < commits ? "`git log --show-signature` (timed on \(Format.count(sample)), scaled)" : "`git log --show-signature`",
                   theirs: theirs,
                   oursKilobytes: cli.kilobytes)
    }

    /// `handoff list --owner X` through the binary, cold (first run) and warm, against
    /// `git grep -l` of the owner line and a Python + PyYAML script parsing every task.
    mutating func list() throws -> [Row] {
        let admin = reference.people[0]
        let owner = reference.people[min(1, reference.people.count - 1)].email
        let arguments = ["list", "--owner", owner]
        // Each cold run starts without handoff's cache, as the first list after a clone does.
        var found = 0
        let cold = try Timing.measureProcess(runs: runs, prepare: { _ in try? FileManager.default.removeItem(atPath: bench.ours + "/.git/handoff") }) { _ in
            let result = try runHandoff(arguments, as: admin)
            found = result.output.split(separator: "\n").filter { $0.contains("HO-") }.count
            return result
        }
        let warm = try Timing.measureProcess(runs: runs) { _ in try runHandoff(arguments, as: admin) }
        try? FileManager.default.removeItem(atPath: bench.ours + "/.git/handoff")
        let coldMemory = try handoffMemory(arguments, as: admin).kilobytes
        let warmMemory = try handoffMemory(arguments, as: admin).kilobytes

        var grepFound = 0
        let grep = try Timing.measureProcess(runs: runs) { _ in
            let result = try shell.run("git", ["grep", "-l", "owner: \(owner)", "--", "tasks"], in: bench.plain, environment: admin.environment)
            guard result.status <= 1 else { throw BenchError("git grep failed: \(result.errors)") }
            grepFound = result.output.split(separator: "\n").count
            return result
        }

        var python: Samples?
        var pythonFound = 0
        let probe = try? shell.run("python3", ["-c", "import yaml"], in: bench.plain, environment: admin.environment)
        if probe?.status == 0 {
            let script = try PythonScript.write(into: cache)
            python = try Timing.measureProcess(runs: runs) { _ in
                let result = try shell.check("python3", [script, "tasks", owner], in: bench.plain, environment: admin.environment)
                pythonFound = result.output.split(separator: "\n").count
                return result
            }
        } else {
            note("Python 3 with PyYAML is not installed (apt-get install python3-yaml), so its row shows n/a.")
        }
        note("`list --owner \(owner)`: handoff listed \(found) tasks, git grep \(grepFound) files"
            + (python == nil ? "." : ", the PyYAML script \(pythonFound) tasks.")
            + " Cold runs each start by removing `.git/handoff/` (handoff's cache); warm runs follow a cold one.")
        return [
            Row(operation: "`handoff list --owner X`, cold", ours: cold, theirsLabel: "`git grep -l 'owner: X' -- tasks`", theirs: grep,
                oursKilobytes: coldMemory),
            Row(operation: "`handoff list --owner X`, warm", ours: warm, theirsLabel: "`git grep -l 'owner: X' -- tasks`", theirs: grep,
                oursKilobytes: warmMemory),
            Row(operation: "`handoff list --owner X`, warm", ours: warm, theirsLabel: "Python + PyYAML (C loader), every task's frontmatter",
                theirs: python, oursKilobytes: warmMemory),
        ]
    }

    /// `handoff log ID` of the task handed over most often against
    /// `git log --follow -p -- tasks/…/ID.md`.
    mutating func history() throws -> Row {
        let admin = reference.people[0]
        let manifest = reference.manifest
        let ours = try Timing.measureProcess(runs: runs) { _ in
            try runHandoff(["log", manifest.busiestTask], as: admin)
        }
        let theirs = try Timing.measureProcess(runs: runs) { _ in
            try runGit(["log", "--follow", "-p", "--", manifest.busiestTaskPath], in: bench.plain, as: admin)
        }
        let memory = try handoffMemory(["log", manifest.busiestTask], as: admin).kilobytes
        note("`log` follows \(manifest.busiestTask) (\(manifest.busiestTaskPath)), handed over \(manifest.busiestTaskHandoffs) times.")
        return Row(operation: "`handoff log ID`", ours: ours, theirsLabel: "`git log --follow -p -- tasks/…/ID.md`", theirs: theirs,
                   oursKilobytes: memory)
    }
}
