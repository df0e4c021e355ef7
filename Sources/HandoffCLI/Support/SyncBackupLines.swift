import ArgumentParser
import HandoffCore

/// `sync --list-backups` and `sync --prune-backups`: the branch tips sync kept before it rewrote
/// the branch, one line each.
enum SyncBackupLines {
    /// Lists the backups, or (with `prune`, a duration such as `30d`) deletes those older.
    static func run(prune: String?, json: Bool) throws {
        let handoff = CLIEnvironment.handoff
        let output = CLIEnvironment.output
        let now = CLIEnvironment.current.context.now()
        func row(_ backup: SyncBackup) -> [String] {
            [backup.name, backup.tip.short, backup.savedAt.map { "saved \(DurationText.words(Int(now - $0))) ago" } ?? "saved at an unknown time"]
        }
        if let prune {
            let age = Int64(DurationText.seconds(prune) ?? 0)
            let pruned = try handoff.pruneSyncBackups(olderThan: age)
            if json { return output.line(try TaskRendering.json(pruned)) }
            TaskRendering.columns(pruned.map(row)).forEach { output.line("Deleted " + $0) }
            let kept = try handoff.syncBackups().count
            output.line("Deleted \(pruned.count) backup\(pruned.count == 1 ? "" : "s") older than \(prune); \(kept) kept.")
            return
        }
        let backups = try handoff.syncBackups()
        if json { return output.line(try TaskRendering.json(backups)) }
        guard !backups.isEmpty else {
            return output.line("No backups: sync keeps one under \(SyncBackup.prefix) each time it rewrites your branch.")
        }
        TaskRendering.columns([["BACKUP", "COMMIT", "AGE"]] + backups.map(row)).forEach { output.line($0) }
    }
}
