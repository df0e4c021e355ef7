/// How handoffs went, computed from history and the current tasks: what `handoff report` prints.
/// Its JSON form is a stable schema documented in the README ("Report JSON"); every key is
/// always present, absent values are `null`.
public struct HandoffReport: Sendable, Encodable, Equatable {
    /// When the report was made (UTC, ISO 8601).
    public var generatedAt: String
    /// The start of the period counted, or nil for all history.
    @NullEncoded public var since: String?
    /// Offers older than this many seconds are stale.
    public var staleAfterSeconds: Int
    /// The workflow's limit on tasks plus pending offers per person, or nil for none.
    @NullEncoded public var wipLimit: Int?
    /// Counts of the current tasks by state, and of the events read.
    public var totals: Totals
    /// One entry per transition seen in history or pending now, in workflow order.
    public var transitions: [TransitionStats]
    /// One entry per stage of the workflow, in its order.
    public var stages: [StageStats]
    /// Work in progress per person, busiest first.
    public var people: [PersonLoad]
    /// Pending offers older than the threshold, oldest first.
    public var staleOffers: [PendingOffer]
    /// Customers with tasks waiting in a handoff (offered, not yet accepted), longest wait first.
    public var customersWaiting: [CustomerWait]
    /// Handoff events per UTC day, oldest first, days without events left out.
    public var activity: [DayActivity]

    /// Counts of tasks by state, and of handoff events in the period.
    public struct Totals: Sendable, Encodable, Equatable {
        /// Every task.
        public var tasks: Int
        /// Open tasks (held, no offer pending).
        public var open: Int
        /// Tasks with a pending offer.
        public var offered: Int
        /// Finished tasks.
        public var done: Int
        /// Abandoned tasks.
        public var cancelled: Int
        /// Handoff events in the period.
        public var events: Int
    }

    /// Handoffs along one transition, e.g. sales → onboarding.
    public struct TransitionStats: Sendable, Encodable, Equatable {
        /// The stage the task was in.
        public var from: String
        /// The stage it was offered into.
        public var to: String
        /// Offers made in the period.
        public var offers: Int
        /// Offers accepted in the period.
        public var accepted: Int
        /// Offers declined in the period.
        public var declined: Int
        /// Offers withdrawn in the period.
        public var withdrawn: Int
        /// Offers pending now.
        public var pending: Int
        /// Median seconds from offer to accept (nearest rank), nil when none was accepted.
        @NullEncoded public var medianAcceptSeconds: Int?
        /// 90th percentile seconds from offer to accept (nearest rank), nil when none was accepted.
        @NullEncoded public var p90AcceptSeconds: Int?
        /// declined / (accepted + declined), nil when neither happened.
        @NullEncoded public var declineRate: Double?
        /// The brief items the read-backs of its accepts and claims had to acknowledge (the
        /// sections its `readback_checklist` names).
        public var readbackItems: Int
        /// How many of them the read-backs ticked or answered.
        public var readbackAcknowledged: Int
        /// `readbackAcknowledged / readbackItems`; null when there were no items to acknowledge.
        @NullEncoded public var readbackCoverage: Double?
    }

    /// Time tasks spend in one stage.
    public struct StageStats: Sendable, Encodable, Equatable {
        /// The stage.
        public var stage: String
        /// Open or offered tasks in it now.
        public var tasksNow: Int
        /// Stays that ended in the period (the task moved on or was closed).
        public var finishedStays: Int
        /// Median seconds of those stays, nil when there were none.
        @NullEncoded public var medianStaySeconds: Int?
        /// 90th percentile seconds of those stays, nil when there were none.
        @NullEncoded public var p90StaySeconds: Int?
        /// Median seconds the tasks in it now have been there, nil when it is empty.
        @NullEncoded public var medianAgeSeconds: Int?
    }

    /// What one person holds now.
    public struct PersonLoad: Sendable, Encodable, Equatable {
        /// Their email.
        public var email: String
        /// Open tasks they own.
        public var holding: Int
        /// Tasks they own and have offered to someone.
        public var offering: Int
        /// Offers waiting for them to accept or decline.
        public var offeredToThem: Int
        /// holding + offering + offeredToThem: what the WIP limit counts.
        public var wip: Int
        /// The limit, or nil for none.
        @NullEncoded public var wipLimit: Int?
        /// True when `wip` is above the limit.
        public var overLimit: Bool
    }

    /// An offer waiting for its receiver.
    public struct PendingOffer: Sendable, Encodable, Equatable {
        /// The task.
        public var task: String
        /// Its title.
        public var title: String
        /// The offerer, who waits.
        public var from: String
        /// The receiver, who is waited on.
        public var to: String
        /// The task's stage.
        public var fromStage: String
        /// The stage it is offered into.
        public var toStage: String
        /// When it was offered (UTC, ISO 8601).
        public var offeredAt: String
        /// Seconds since then.
        public var ageSeconds: Int
        /// The task's `customer` field, if any.
        @NullEncoded public var customer: String?
    }

    /// A customer with tasks waiting in a handoff.
    public struct CustomerWait: Sendable, Encodable, Equatable {
        /// The `customer` field.
        public var customer: String
        /// Their tasks with a pending offer, by ID.
        public var tasks: [String]
        /// Seconds the longest of them has waited.
        public var longestWaitSeconds: Int
    }

    /// Handoff events on one UTC day.
    public struct DayActivity: Sendable, Encodable, Equatable {
        /// The day, `2026-11-24`.
        public var day: String
        /// Offers made.
        public var offers: Int
        /// Offers accepted.
        public var accepts: Int
        /// Offers declined.
        public var declines: Int
        /// Offers withdrawn.
        public var withdrawals: Int
        /// Tasks created.
        public var created: Int
        /// Every other event (note, close, reopen, reassign, init, member changes).
        public var other: Int
    }
}
