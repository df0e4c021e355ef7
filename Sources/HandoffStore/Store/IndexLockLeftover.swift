import Foundation
import GitKit

/// Tells the `index.lock` a handoff command left when it was killed while it wrote the index
/// (after its commit landed) from one another git command holds. git refuses to write the index
/// while the lock is there, so without this the next handoff command could not finish the
/// killed one's work, and a plain `git commit` would fail too, until the user removed it by hand.
///
/// The caller holds the branch lock and found the killed command's journal, so no handoff
/// process is writing now. The lock is the killed command's when it was written after the
/// journal, the branch is at the journal's commit, and it is either a whole index that stages
/// the journal's commit for the files it changed (a git command started since would stage the
/// old files, which the index still holds), or cut short (the writer died in the middle): then
/// it must have been written within `window` of the journal, as a killed command's is, not by a
/// command the user started later, and the caller waits to see that nobody is writing it.
struct IndexLockLeftover {
    /// How long after its journal a killed command's lock that is cut short can have been written.
    static let window = 60.0

    let repository: Repository
    /// The journal of the killed command.
    let journal: SyncJournal

    /// The lock file's path.
    var path: String { repository.gitDirectory + "index.lock" }

    /// Why the lock is taken for the killed command's.
    enum Evidence {
        /// It is a whole index staging the journal's commit: no other command writes that.
        case stagesJournalCommit
        /// It was cut short soon after the journal: the caller must also see that it does not
        /// change for a while, as a live git command's would.
        case cutShort
    }

    /// Why the lock at `path` is the one the command that wrote `journal` left; nil when it is not.
    func evidence() -> Evidence? {
        guard let lockTime = Self.modified(path), let journalTime = Self.modified(SyncJournal.path(in: repository.gitDirectory)),
            lockTime >= journalTime, (try? repository.resolveReference(journal.branch)) == journal.new,
            let bytes = FileManager.default.contents(atPath: path).map(Array.init)
        else { return nil }
        guard IndexFile.isSealed(bytes) else { return lockTime - journalTime <= Self.window ? .cutShort : nil }
        guard let index = IndexFile(bytes: bytes), stagesJournalCommit(index) else { return nil }
        return .stagesJournalCommit
    }

    /// True when `index` stages the journal's commit for every journal path that commit has
    /// (and it has at least one: deletions alone say nothing).
    private func stagesJournalCommit(_ index: IndexFile) -> Bool {
        guard let tree = try? repository.commit(journal.new).tree else { return false }
        var compared = 0
        for path in journal.paths {
            guard let committed = try? repository.treeEntry(at: path, in: tree) else { continue }
            guard index.entry(at: path)?.id == committed.id else { return false }
            compared += 1
        }
        return compared > 0
    }

    /// The modification time of the file at `path`, in seconds, or nil when it is missing.
    private static func modified(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }
}
