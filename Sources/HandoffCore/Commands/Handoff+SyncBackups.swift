import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// A branch tip `sync` saved before it rewrote the branch: `refs/handoff/backup/BRANCH/TIME`.
public struct SyncBackup: Sendable, Encodable {
    /// The reference's full name.
    public let name: String
    /// The commit it keeps.
    public let tip: ObjectID
    /// When sync saved it (seconds since 1970, from the name sync gave it); nil for a name sync
    /// did not write.
    public let savedAt: Int64?

    /// `refs/handoff/backup/`: where sync keeps them.
    public static let prefix = "refs/handoff/backup/"

    /// The name sync gives the backup of `branch` made at `seconds`: its time as
    /// `20261205T021100Z`, then `-2`, `-3`… for a later `attempt` in the same second.
    static func name(branch: String, at seconds: Int64, attempt: Int) -> String {
        let short = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        let stamp = Timestamp(seconds: seconds).iso8601.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        return prefix + short + "/" + stamp + (attempt == 1 ? "" : "-\(attempt)")
    }

    /// The time in a backup's name, as `name(branch:at:attempt:)` writes it; nil for another name.
    static func time(inName name: String) -> Int64? {
        guard let last = name.split(separator: "/").last else { return nil }
        let stamp = Array(last.split(separator: "-").first ?? "")
        guard stamp.count == 16 else { return nil }
        // 20261205T021100Z → 2026-12-05T02:11:00Z, the form Timestamp reads.
        let text = String(stamp[0..<4]) + "-" + String(stamp[4..<6]) + "-" + String(stamp[6..<8]) + String(stamp[8..<11]) + ":"
            + String(stamp[11..<13]) + ":" + String(stamp[13..<16])
        return Timestamp(iso8601: text)?.seconds
    }

    /// `{name, tip, savedAt}`, the tip in hex, as `sync --list-backups --json` prints it.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(tip.hex, forKey: .tip)
        try container.encode(savedAt, forKey: .savedAt)
    }

    private enum CodingKeys: String, CodingKey { case name, tip, savedAt }
}

extension Handoff {
    /// The backups `sync` kept, oldest first.
    /// - Throws: `HandoffError` when the repository or its references cannot be read.
    public func syncBackups() throws(HandoffError) -> [SyncBackup] {
        let repository = try Workspace(context: context).repository
        let references = try git({ () throws(GitError) in try repository.references(matching: SyncBackup.prefix + "*") })
        return references.map { SyncBackup(name: $0.name, tip: $0.target, savedAt: SyncBackup.time(inName: $0.name)) }
            .sorted { ($0.savedAt ?? 0, $0.name) < ($1.savedAt ?? 0, $1.name) }
    }

    /// Deletes the backups saved more than `age` seconds ago (a name without a time is kept:
    /// sync did not write it) and returns them.
    /// - Throws: `HandoffError` when a reference cannot be read or deleted; those deleted
    ///   before stay deleted.
    public func pruneSyncBackups(olderThan age: Int64) throws(HandoffError) -> [SyncBackup] {
        let repository = try Workspace(context: context).repository
        let cutoff = context.now() - age
        var pruned = [SyncBackup]()
        for backup in try syncBackups() {
            guard let savedAt = backup.savedAt, savedAt < cutoff else { continue }
            try git({ () throws(GitError) in try repository.deleteReference(backup.name) })
            pruned.append(backup)
        }
        return pruned
    }
}
