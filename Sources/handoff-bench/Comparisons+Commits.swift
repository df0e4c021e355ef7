import Foundation
import HandoffCore

extension Comparisons {
    /// The brief of the offers made before each timed accept.
    static let brief = Brief(markdown: """
        ## Summary
        Benchmark handoff: the customer is waiting on the next step.
        ## Open items
        Confirm the contact.
        ## Risks
        None known.
        ## Next steps
        Call the customer.
        """)

    /// One `handoff accept`, in-process, of an offer made beforehand (not timed), against the
    /// same file edit committed with `git commit -S -q -am` in the plain clone.
    mutating func accept() throws -> Row {
        let admin = reference.people[0]
        let open = try handoff(as: admin).list(TaskFilter(state: .open))
        guard open.count > runs else {
            throw BenchError("the reference repository has \(open.count) open tasks, fewer than the \(runs + 1) accepts to time")
        }
        let chosen = (0...runs).map { open[$0 * open.count / (runs + 1)] }
        var receivers = [Person]()
        for entry in chosen {
            let owner = try person(entry.task.owner)
            let index = reference.people.firstIndex { $0.email == owner.email } ?? 0
            let receiver = reference.people[(index + 1) % reference.people.count]
            try handoff(as: owner).perform(.offer(to: receiver.email, stage: entry.task.stage, brief: Self.brief), on: entry.task.id)
            receivers.append(receiver)
        }
        let readback = "Call the customer; confirm the contact first."
        let ours = try Timing.measure(runs: runs) { run in
            try handoff(as: receivers[run]).perform(.accept(readback: readback), on: chosen[run].task.id)
        }
        let theirs = try Timing.measureProcess(runs: runs, prepare: { run in
            let path = chosen[run].path
            try FileManager.default.removeItem(atPath: bench.plain + "/" + path)
            try FileManager.default.copyItem(atPath: bench.ours + "/" + path, toPath: bench.plain + "/" + path)
        }) { run in
            try runGit(["commit", "-S", "-q", "-am", "handoff: accept \(chosen[run].task.id)"], in: bench.plain, as: receivers[run])
        }
        let cli = try handoffMemory(["accept", chosen[runs].task.id, "--readback", readback], as: receivers[runs])
        if let result = cli.result {
            note("† `handoff accept` through the `handoff` binary took \(Format.seconds(result.seconds)) (process start included).")
        }
        return Row(operation: "`handoff accept` (one handoff, in-process) †", ours: ours,
                   theirsLabel: "`git commit -S -q -am` of the same edit", theirs: theirs,
                   oursKilobytes: cli.kilobytes)
    }

    /// Interleaved rounds of the hook row, whatever `runs` is (except for a smoke run): one
    /// commit takes about 280 ms on the large size and the hook adds a tenth of that, so a few
    /// commits cannot tell the hook from the noise.
    static let hookRounds = 15

    /// A hand-made, signed `git commit -am` of a task body edit with handoff's pre-commit hook
    /// against the same kind of commit with no hook, in our copy: interleaved rounds of a commit
    /// with the hook, one without hooks and one with a pre-commit that does nothing (git re-reads
    /// the index after any pre-commit hook), in turn in each order; the note gives the medians
    /// of the paired differences. Each round adds a commit through a wrapper hook that times the
    /// hook process itself inside git.
    mutating func hook() throws -> Row {
        let editor = reference.people[0]
        let file = bench.ours + "/" + reference.manifest.busiestTaskPath
        // Above the handoff log, which only handoff's commands may write.
        func edit(_ label: String) throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let note = "Bench note, \(label).\n\n"
            let edited = text.contains("\n## Handoff log\n")
                ? text.replacingOccurrences(of: "\n## Handoff log\n", with: "\n" + note + "## Handoff log\n")
                : text + "\n" + note
            try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
        }
        func commit(_ label: String, hooks: String) throws -> ProcessResult {
            try edit(label)
            return try runGit(["-c", "core.hooksPath=" + hooks, "commit", "-q", "-am", "Bench note (\(label))"], in: bench.ours, as: editor)
        }
        let rounds = reference.size == .smoke ? runs : max(runs, Self.hookRounds)
        var withHook = Samples()
        var withoutHook = Samples()
        var withNoOpHook = Samples()
        for round in 0..<rounds {
            var kinds: [(String, String)] = [("hook", bench.preCommitOnly), ("no hook", bench.noHooks), ("no-op hook", bench.noOpPreCommit)]
            if round % 2 == 1 { kinds.reverse() }
            for (label, hooks) in kinds {
                let result = try commit("round \(round), \(label)", hooks: hooks)
                switch label {
                case "hook": withHook.add(result)
                case "no hook": withoutHook.add(result)
                default: withNoOpHook.add(result)
                }
            }
            _ = try commit("round \(round), timed hook", hooks: bench.timedPreCommit.folder)
        }
        func addedMedian(_ hooked: Samples) -> Double {
            var differences = Samples()
            for (with, without) in zip(hooked.seconds, withoutHook.seconds) { differences.add(seconds: with - without) }
            return differences.median
        }
        let hookProcess = bench.timedPreCommit.samples()
        try edit("hook, memory")
        let memory = try shell.peakMemory(
            "git", ["-c", "core.hooksPath=" + bench.preCommitOnly, "commit", "-q", "-am", "Bench note (hook, memory)"],
            in: bench.ours, environment: editor.environment)
        let commits = rounds == 1 ? "one commit" : "\(rounds) interleaved commits"
        note("The pre-commit hook adds \(Format.seconds(addedMedian(withHook))) to a signed hand-made commit, and a pre-commit hook that "
            + "does nothing adds \(Format.seconds(addedMedian(withNoOpHook))) (git re-reads the index after any pre-commit hook): medians of "
            + "the differences to a commit without hooks, \(commits) of each kind (all signed, `commit.gpgsign` is on); this row shows "
            + "their medians. The hook process itself (its script and `handoff hook pre-commit`) took \(Format.seconds(hookProcess.median)) "
            + "inside `git commit` (median of \(hookProcess.count), timed by a wrapper hook).")
        return Row(operation: "`git commit -am` of a body edit, with handoff's pre-commit hook", ours: withHook,
                   theirsLabel: "the same commit, no hook", theirs: withoutHook, oursKilobytes: memory?.peakKilobytes)
    }
}
