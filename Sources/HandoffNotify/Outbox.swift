import Foundation
import HandoffModel
import HandoffStore

/// The server's record of every message to deliver and of what was delivered, in
/// `<git dir>/handoff/outbox/`: one JSON file per message and channel in `pending/` until it is
/// delivered, then a line in `sent/` (kept 90 days, so a message queued again is not sent
/// twice); a message that cannot go as it is (`DeliveryError.permanent`) waits in `held/` until
/// `notify --retry`. Files are written whole (temporary file and rename), so a killed hook or
/// delivery leaves each message queued or not, never half; nothing is ever dropped.
///
/// Delivery takes `deliver.lock` (an advisory lock the kernel releases when the process dies),
/// so one process at a time sends; a message counts its attempt before it is sent, and is
/// marked sent after, so a crash between the two resends it once at most, under the same key.
public final class Outbox {
    /// One message on one channel, as queued.
    public struct Entry: Sendable, Codable, Equatable {
        /// What to say.
        public let notice: Notice
        /// `email` or the name of a webhook in the server's git config.
        public let channel: String
        /// When it was queued (seconds since 1970).
        public let queuedAt: Int64
        /// Its place among the messages queued at the same time: events in the order they landed.
        public let order: Int
        /// Delivery attempts so far.
        public var attempts: Int
        /// The earliest time of the next attempt.
        public var nextAttempt: Int64
        /// Why the last attempt failed.
        public var lastError: String?

        /// The file name: the notice's key and the channel.
        public var name: String { notice.key + "." + channel }
    }

    /// The outbox folder.
    public let folder: String

    /// The outbox of the repository whose git folder is `gitDirectory` (ending in a slash).
    public init(gitDirectory: String) {
        folder = gitDirectory + "handoff/outbox"
    }

    private var pending: String { folder + "/pending" }
    private var sent: String { folder + "/sent" }
    private var held: String { folder + "/held" }

    /// Queues `entries` not queued, held or sent before.
    /// - Returns: how many were new.
    /// - Throws: `DeliveryError.temporary` when the outbox cannot be written (a full disk).
    @discardableResult
    public func enqueue(_ entries: [Entry]) throws(DeliveryError) -> Int {
        var added = 0
        for entry in entries {
            let name = entry.name
            // Keys are made of ids, digests and dates; anything else never names a file here.
            guard EmailMessage.isTokenSafe(entry.notice.key), entry.notice.key.first?.isLetter == true, NotifySettings.isChannelName(entry.channel) else {
                throw .permanent("the message key '\(name.prefix(80))' is not letters, digits, dots and dashes; nothing was queued for it")
            }
            guard !exists(sent + "/" + name), !exists(pending + "/" + name + ".json"), !exists(held + "/" + name + ".json") else { continue }
            try write(entry, to: pending + "/" + name + ".json")
            added += 1
        }
        return added
    }

    /// The messages waiting in `pending/` (or in `held/`), oldest first.
    public func waiting(held fromHeld: Bool = false) -> [Entry] {
        let directory = fromHeld ? held : pending
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .compactMap { name in
                FileManager.default.contents(atPath: directory + "/" + name).flatMap { try? JSONDecoder().decode(Entry.self, from: $0) }
            }
            .sorted { ($0.queuedAt, $0.order, $0.name) < ($1.queuedAt, $1.order, $1.name) }
    }

    /// True when `entry` was delivered.
    public func wasSent(_ entry: Entry) -> Bool { exists(sent + "/" + entry.name) }

    /// Records an attempt about to be made (before sending: a crash after sending resends once).
    /// - Throws: `DeliveryError.temporary` when the outbox cannot be written.
    func recordAttempt(_ entry: inout Entry, now: Int64) throws(DeliveryError) {
        entry.attempts += 1
        entry.nextAttempt = now + Self.backOff(afterAttempts: entry.attempts)
        try write(entry, to: pending + "/" + entry.name + ".json")
    }

    /// Records `entry` as delivered at `now`, and takes it out of `pending/`.
    /// - Throws: `DeliveryError.temporary` when the outbox cannot be written.
    func recordSent(_ entry: Entry, now: Int64) throws(DeliveryError) {
        do {
            try AtomicFile.write(Array("\(now) \(entry.notice.recipient ?? "team") \(entry.channel)\n".utf8), to: sent + "/" + entry.name, flush: true)
        } catch {
            throw .temporary("cannot record a delivered message in \(sent): \(error.localizedDescription)")
        }
        unlink(pending + "/" + entry.name + ".json")
    }

    /// Records why `entry` failed: it stays in `pending/` for its next attempt, or moves to
    /// `held/` when it cannot succeed as it is.
    /// - Throws: `DeliveryError.temporary` when the outbox cannot be written.
    func recordFailure(_ entry: Entry, _ error: DeliveryError) throws(DeliveryError) {
        var failed = entry
        failed.lastError = error.message
        switch error {
        case .temporary:
            try write(failed, to: pending + "/" + entry.name + ".json")
        case .permanent:
            try write(failed, to: held + "/" + entry.name + ".json")
            unlink(pending + "/" + entry.name + ".json")
        }
    }

    /// Moves every held message back to `pending/`, due at once.
    /// - Returns: how many.
    /// - Throws: `DeliveryError.temporary` when the outbox cannot be written.
    public func retryHeld() throws(DeliveryError) -> Int {
        let entries = waiting(held: true)
        for var entry in entries {
            entry.nextAttempt = 0
            try write(entry, to: pending + "/" + entry.name + ".json")
            unlink(held + "/" + entry.name + ".json")
        }
        return entries.count
    }

    /// Deletes the records of messages delivered more than 90 days before `now`.
    func pruneSent(now: Int64) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sent)) ?? []
        for name in names {
            var info = stat()
            if stat(sent + "/" + name, &info) == 0, Int64(info.st_mtim.tv_sec) < now - 90 * 86_400 { unlink(sent + "/" + name) }
        }
    }

    /// Runs `body` holding the delivery lock, waiting for another delivery to finish first.
    /// - Throws: `DeliveryError.temporary` when the lock cannot be taken; what `body` throws.
    func withDeliveryLock<T>(_ body: () throws(DeliveryError) -> T) throws(DeliveryError) -> T {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(folder + "/deliver.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .temporary("cannot open \(folder)/deliver.lock: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .temporary("cannot lock \(folder)/deliver.lock: \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    /// Seconds to wait after `attempts` failed attempts: 1 minute, doubling, at most 6 hours.
    static func backOff(afterAttempts attempts: Int) -> Int64 {
        min(6 * 3_600, 60 << min(max(attempts - 1, 0), 20))
    }

    private func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    private func write(_ entry: Entry, to path: String) throws(DeliveryError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try AtomicFile.write(Array(try encoder.encode(entry)), to: path, flush: true)
        } catch {
            throw .temporary("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
