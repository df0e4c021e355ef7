import Foundation
import HandoffCore

extension Comparisons {
    /// What a server pays for handoff: a `git push` of one new handoff to a bare copy of the
    /// reference with handoff's pre-receive hook, against the same push to a bare copy without
    /// it, both with `receive.fsckObjects` on as `hooks install --server` sets it. A first push
    /// (not timed) lets the hooked copy verify the whole history once, as a server in daily use
    /// has; the timed pushes alternate which copy goes first.
    mutating func push() throws -> Row {
        let admin = reference.people[0]
        let hooked = bench.folder + "/server-hooked.git"
        let plain = bench.folder + "/server-plain.git"
        for (remote, server) in [("hooked", hooked), ("plain", plain)] {
            try shell.check("git", ["clone", "-q", "--bare", bench.ours, server], in: bench.folder, environment: admin.environment)
            try shell.check("git", ["config", "receive.fsckObjects", "true"], in: server, environment: admin.environment)
            try shell.check("git", ["remote", "add", remote, server], in: bench.ours, environment: admin.environment)
        }
        let server = Handoff(context: HandoffContext(directory: hooked, environment: admin.environment))
        _ = try server.installHooks(server: true, binary: handoffBinary)
        _ = try server.setUpServer(trustRoot: nil)
        let open = try handoff(as: admin).list(TaskFilter(state: .open))
        guard let task = open.first?.task.id else { throw BenchError("the reference repository has no open task to note on") }
        func push(_ remote: String) throws -> ProcessResult {
            try runGit(["push", "-q", remote, "HEAD:refs/heads/main"], in: bench.ours, as: admin)
        }
        try handoff(as: admin).perform(.note(text: "Bench push, first."), on: task)
        let first = try push("hooked")
        _ = try push("plain")
        note("`git push` row: the first push to the hooked copy, which verified the whole history (\(Format.count(reference.manifest.commits)) "
            + "commits) and is not in the row, took \(Format.seconds(first.seconds)).")
        var withHook = Samples()
        var withoutHook = Samples()
        let rounds = reference.size == .smoke ? runs : max(runs, Self.hookRounds)
        for round in 0..<rounds {
            try handoff(as: admin).perform(.note(text: "Bench push, round \(round)."), on: task)
            let order = round % 2 == 0 ? ["hooked", "plain"] : ["plain", "hooked"]
            for remote in order {
                let result = try push(remote)
                if remote == "hooked" { withHook.add(result) } else { withoutHook.add(result) }
            }
        }
        var added = Samples()
        for (with, without) in zip(withHook.seconds, withoutHook.seconds) { added.add(seconds: with - without) }
        note("The pre-receive hook adds \(Format.seconds(added.median)) to a `git push` of one handoff (median of the paired differences, "
            + "\(rounds) pushes to each copy).")
        try notePostReceive(on: hooked, handoffs: rounds + 2, rounds: rounds, as: admin)
        return Row(operation: "`git push` of one handoff to a bare copy with handoff's pre-receive hook", ours: withHook,
                   theirsLabel: "the same push to a bare copy without it", theirs: withoutHook, oursKilobytes: nil)
    }

    /// Times what the post-receive hook costs the push that lands the last `handoffs` commits on
    /// `server` (the bench's notes and the reference's last offer and accept): it reads them,
    /// decides who hears of each and queues the messages. Delivery is left to `notify` here
    /// (`handoff.notify.deliver manual`), as it runs after the push has returned anyway.
    private mutating func notePostReceive(on server: String, handoffs: Int, rounds: Int, as admin: Person) throws {
        try shell.check("git", ["config", "handoff.notify.deliver", "manual"], in: server, environment: admin.environment)
        let tip = try runGit(["rev-parse", "main"], in: server, as: admin).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let base = try runGit(["rev-parse", "main~\(handoffs)"], in: server, as: admin).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let input = bench.folder + "/post-receive-input"
        try Data("\(base) \(tip) refs/heads/main\n".utf8).write(to: URL(fileURLWithPath: input))
        var environment = admin.environment
        environment["GIT_DIR"] = server
        var samples = Samples()
        var queued = ""
        for _ in 0..<rounds {
            try? FileManager.default.removeItem(atPath: server + "/handoff/outbox")
            let result = try shell.check("/bin/sh", ["-c", "exec \"$0\" hook post-receive < \"$1\"", handoffBinary, input], in: server, environment: environment)
            samples.add(result)
            queued = result.errors.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        note("The post-receive hook takes \(Format.seconds(samples.median)) to read the \(handoffs) commits such a push lands and queue their "
            + "messages (median of \(rounds) runs of `handoff hook post-receive`; it said: \(queued.isEmpty ? "nothing to send" : queued)); "
            + "delivery runs after the push has returned.")
    }
}
