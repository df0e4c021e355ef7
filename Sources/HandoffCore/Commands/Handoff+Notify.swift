import GitKit
import HandoffModel
import HandoffNotify
import HandoffStore

/// What `handoff notify` or `handoff remind` did.
public struct NotifyOutcome: Sendable {
    /// Messages newly queued.
    public let queued: Int
    /// What delivery did (nil when it was not asked for).
    public let delivery: Courier.Report?
}

extension Handoff {
    /// `handoff notify`: queues the messages of the handoffs in `range` (e.g. `A..B`, for a
    /// forge without server hooks; nil: none), moves held messages back when `retry`, and
    /// delivers what is due (everything waiting, with `retry`).
    /// - Throws: `HandoffError` when the repository or the outbox cannot be read or written.
    public func notify(range: String?, retry: Bool, deliver: Bool = true) throws(HandoffError) -> NotifyOutcome {
        let workspace = try Workspace(context: context)
        let repository = workspace.repository
        let outbox = Outbox(gitDirectory: repository.commonDirectory)
        var queued = 0
        if let range {
            let (old, new) = try rangeEnds(range, in: repository)
            queued = try Notifier.queue(from: old, to: new, in: repository, environment: context.environment, now: context.now())
        }
        if retry {
            _ = try delivery { () throws(DeliveryError) in try outbox.retryHeld() }
        }
        guard deliver else { return NotifyOutcome(queued: queued, delivery: nil) }
        return NotifyOutcome(queued: queued, delivery: try deliverDue(outbox, repository: repository, all: retry))
    }

    /// The messages waiting for delivery and those held until `notify --retry`.
    /// - Throws: `HandoffError` when the repository cannot be opened.
    public func outboxContents() throws(HandoffError) -> (pending: [Outbox.Entry], held: [Outbox.Entry]) {
        let outbox = Outbox(gitDirectory: try Workspace(context: context).repository.commonDirectory)
        return (outbox.waiting(), outbox.waiting(held: true))
    }

    /// `handoff remind`: queues a reminder for each offer past its response time, escalations
    /// past `escalate_after`, and with `digest` each member's daily digest; then delivers what is
    /// due. Running it again in the same period queues nothing new.
    /// - Throws: `HandoffError` when the repository or the outbox cannot be read or written.
    public func remind(digest: Bool, deliver: Bool = true) throws(HandoffError) -> NotifyOutcome {
        let workspace = try Workspace(context: context)
        let workflow = try workspace.snapshot().workflow()
        let now = context.now()
        let tasks = try list(digest ? TaskFilter() : TaskFilter(state: .offered)).map(\.task)
        var notices = ReminderPlan.reminders(offers: tasks.filter { $0.state == .offered }, workflow: workflow, now: now)
        if digest { notices += ReminderPlan.digests(tasks: tasks, workflow: workflow, now: now) }
        let outbox = Outbox(gitDirectory: workspace.repository.commonDirectory)
        let queued = try Notifier.enqueue(notices, workflow: workflow, in: outbox, now: now)
        guard deliver else { return NotifyOutcome(queued: queued, delivery: nil) }
        return NotifyOutcome(queued: queued, delivery: try deliverDue(outbox, repository: workspace.repository, all: false))
    }

    private func deliverDue(_ outbox: Outbox, repository: Repository, all: Bool) throws(HandoffError) -> Courier.Report {
        let config = try git({ () throws(GitError) in try GitConfig.load(for: repository, environment: context.environment) })
        let channels = try git({ () throws(GitError) in try ServerChannels(config: config) })
        let courier = Courier(outbox: outbox, channels: channels, environment: context.environment)
        return try delivery { () throws(DeliveryError) in try courier.deliverDue(now: context.now(), all: all) }
    }

    private func delivery<T>(_ body: () throws(DeliveryError) -> T) throws(HandoffError) -> T {
        do throws(DeliveryError) {
            return try body()
        } catch {
            throw .environment(error.message)
        }
    }

    /// The two ends of `A..B` (or of `B` alone: its whole history).
    private func rangeEnds(_ range: String, in repository: Repository) throws(HandoffError) -> (ObjectID?, ObjectID) {
        let parts = range.components(separatedBy: "..")
        guard (1...2).contains(parts.count), !(parts.last ?? "").isEmpty else {
            throw .usage("--range takes A..B (two revisions), e.g. --range origin/main@{1}..origin/main")
        }
        func resolve(_ revision: String) throws(HandoffError) -> ObjectID {
            do throws(GitError) {
                return try repository.resolveCommit(revision)
            } catch {
                throw .usage("--range names '\(revision)', which is not a commit here")
            }
        }
        let new = try resolve(parts[parts.count - 1])
        // A forge names a new branch's "before" with 40 zeros: its whole history is new.
        let start = parts.count == 2 && !parts[0].allSatisfy({ $0 == "0" }) ? parts[0] : nil
        return (try start.map(resolve), new)
    }
}

extension Handoff {
    /// The handoffs between `old` and the current branch's tip that concern this clone's person
    /// (git's `user.email`), one line each with the command to act: what `sync` and the
    /// post-merge hook print after bringing in others' work.
    /// - Throws: `HandoffError` when history cannot be read.
    public func newForMe(since old: ObjectID) throws(HandoffError) -> [String] {
        let workspace = try Workspace(context: context, finishingInterrupted: false)
        guard let tip = try workspace.currentBranch().tip, tip != old else { return [] }
        let me = try workspace.identity().email
        let workflow = try workspace.snapshot().workflow()
        // Only commits whose trailers name me, or that may concern a task I own (or one I may
        // sign off on), are read whole.
        var mayConcern = Set([TaskOperation.Kind.note, .close, .reopen, .claim].map(\.rawValue))
        if workflow.transitions.contains(where: { $0.approvals > 1 }) { mayConcern.formUnion([TaskOperation.Kind.accept, .approve].map(\.rawValue)) }
        let landed = try HistoryReader(repository: workspace.repository, environment: context.environment).landed(from: old, to: tip) { commit in
            (commit.trailerValues(.from) + commit.trailerValues(.to)).contains { $0.caseInsensitiveEquals(me) || Offer.queueStage(of: $0) != nil }
                || commit.trailerValues(.action).contains { mayConcern.contains($0) }
        }
        return NewForYou.lines(landed, me: me, workflow: workflow)
    }

    /// The current branch's tip, if it has one.
    /// - Throws: `HandoffError` when the repository cannot be read.
    public func currentTip() throws(HandoffError) -> ObjectID? {
        try Workspace(context: context, finishingInterrupted: false).currentBranch().tip
    }
}

extension Handoff {
    /// The commit `revision` names here (e.g. `ORIG_HEAD`).
    /// - Throws: `HandoffError.usage` when it names none.
    public func resolveCommit(_ revision: String) throws(HandoffError) -> ObjectID {
        let repository = try Workspace(context: context, finishingInterrupted: false).repository
        do throws(GitError) {
            return try repository.resolveCommit(revision)
        } catch {
            throw .usage("'\(revision)' names no commit here")
        }
    }
}
