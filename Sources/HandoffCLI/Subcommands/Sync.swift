import ArgumentParser
import HandoffCore

/// `handoff sync`: fetch, replay local handoffs on top of upstream by the rules, push.
struct SyncCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch, replay your unpushed handoffs on top of upstream (re-signed), and push.",
        discussion: """
            Handoff commits are replayed as operations: each offer, accept, note… is applied again to the task \
            as upstream left it, by the workflow's rules. Other commits are replayed as merges. When one can no \
            longer be replayed (say the task was handed to someone else meanwhile), sync stops, changes nothing, \
            and says which commit and why; the branch is also saved under refs/handoff/backup/.
            """)

    @Argument(help: "The remote to sync with (default: the branch's upstream remote, else origin).")
    var remote: String?

    @Option(help: ArgumentHelp("Leave out a local commit sync could not replay (it stays in the backup ref).", valueName: "COMMIT"))
    var drop: [String] = []

    @Flag(help: "Print what sync did as JSON.")
    var json = false

    @Flag(help: "List the backups sync kept of your branch (refs/handoff/backup/), oldest first; syncs nothing.")
    var listBackups = false

    @Flag(help: "Delete the backups older than --older-than; syncs nothing.")
    var pruneBackups = false

    @Option(help: ArgumentHelp("With --prune-backups: the age past which a backup goes (default 30d).", valueName: "DURATION"))
    var olderThan: String?

    func validate() throws {
        if listBackups && pruneBackups { throw ValidationError("--list-backups and --prune-backups are separate; give one") }
        if olderThan != nil && !pruneBackups { throw ValidationError("--older-than goes with --prune-backups") }
        if let olderThan, DurationText.seconds(olderThan) == nil { throw ValidationError("--older-than \(olderThan) is not a duration; write e.g. 30d, 12h") }
        if (listBackups || pruneBackups) && (remote != nil || !drop.isEmpty) {
            throw ValidationError("--list-backups and --prune-backups sync nothing; leave out the remote and --drop")
        }
    }

    func run() throws {
        if listBackups || pruneBackups { return try SyncBackupLines.run(prune: pruneBackups ? olderThan ?? "30d" : nil, json: json) }
        let before = try CLIEnvironment.handoff.currentTip()
        let result = try CLIEnvironment.handoff.sync(remote: remote, drop: drop)
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(result))
            return
        }
        defer { if let before { NewForYouLines.print(since: before, output: output) } }
        if result.pulled == 0 && result.replayed.isEmpty && !result.pushed {
            output.line("Already in sync with \(result.upstream) (\(result.tip.short)).")
            return
        }
        if result.pulled > 0 {
            output.line("Pulled \(result.pulled) commit\(result.pulled == 1 ? "" : "s") from \(result.upstream).")
        }
        for commit in result.replayed {
            output.line("Replayed \(commit.original.short) as \(commit.replacement?.short ?? "nothing (upstream already has it)").")
        }
        for commit in result.dropped {
            output.line("Left out \(commit.short).")
        }
        for backup in result.backups {
            output.line("Your branch as it was before is saved at \(backup).")
        }
        if result.pushed {
            let rounds = result.rounds > 1 ? " after \(result.rounds) rounds (upstream, or the branch here, moved meanwhile)" : ""
            output.line("Pushed \(result.tip.short) to \(result.upstream)\(rounds).")
        }
    }
}
