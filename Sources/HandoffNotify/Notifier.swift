import GitKit
import HandoffModel
import HandoffStore

/// Turns handoffs that landed into queued messages: the one consumer of `LandedEvent` that
/// tells people, used by the server's post-receive hook and by `handoff notify --range` (for
/// forges without server hooks).
public enum Notifier {
    /// Queues the messages for the handoff commits `new` brings over `old` (nil: all of its
    /// history), as the workflow of `new` says who hears of what and by which channels.
    /// - Returns: how many messages were new to the outbox.
    /// - Throws: `HandoffError` when history cannot be read; `.environment` when the outbox
    ///   cannot be written.
    public static func queue(from old: ObjectID?, to new: ObjectID, in repository: Repository, environment: [String: String], now: Int64) throws(HandoffError) -> Int {
        let history = try HistoryReader(repository: repository, environment: environment)
        guard let workflow = try history.workflow(at: new) else { return 0 }
        // Only the commits of operations the workflow tells anyone about are read whole: a push
        // of notes reads no tree, policy or signature.
        let told = Set(workflow.notify.events.map(\.rawValue))
        let landed = try history.landed(from: old, to: new) { commit in commit.trailerValues(.action).contains { told.contains($0) } }
        let notices = landed.flatMap { NoticePlan.notices(for: $0, workflow: workflow) }
        return try enqueue(notices, workflow: workflow, in: Outbox(gitDirectory: repository.commonDirectory), now: now)
    }

    /// Queues `notices` on the channels `workflow` gives each person (and a team message on
    /// every team webhook).
    /// - Returns: how many messages were new to the outbox.
    /// - Throws: `HandoffError.environment` when the outbox cannot be written.
    package static func enqueue(_ notices: [Notice], workflow: Workflow, in outbox: Outbox, now: Int64) throws(HandoffError) -> Int {
        let entries = notices.enumerated().flatMap { order, notice in
            channels(of: notice, in: workflow).map { channel in
                Outbox.Entry(notice: notice, channel: channel, queuedAt: now, order: order, attempts: 0, nextAttempt: now, lastError: nil)
            }
        }
        do throws(DeliveryError) {
            return try outbox.enqueue(entries)
        } catch {
            throw .environment(error.message)
        }
    }

    /// The channels `notice` goes by: its person's (`notify:` of their member entry, else the
    /// workflow's default), or the team webhooks for a team message.
    static func channels(of notice: Notice, in workflow: Workflow) -> [String] {
        guard let person = notice.recipient else { return workflow.notify.webhooks }
        return workflow.member(person)?.notify ?? workflow.notify.channels
    }
}
