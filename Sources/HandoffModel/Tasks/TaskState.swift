/// Where a task stands in its life.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    /// Held by its owner, no offer pending.
    case open
    /// The owner offered it to someone; the owner still holds it until they accept.
    case offered
    /// Finished.
    case done
    /// Abandoned.
    case cancelled
}

/// A pending offer, as the `offer:` block of a task file records it.
public struct Offer: Sendable, Equatable, Codable {
    /// The owner who offered.
    public var from: String
    /// The member it is offered to, or a stage's queue (`queue:STAGE`, see `queue(_:)`).
    public var to: String
    /// The stage the task moves to on acceptance.
    public var stage: String
    /// When it was offered (UTC, ISO 8601).
    public var at: String
    /// When the offerer needs an answer by (UTC, ISO 8601), when they set a deadline
    /// (`offer --respond-by`); otherwise the transition's response time applies.
    public var respondBy: String?

    /// An offer from `from` to `to` into `stage`, made at `at`, to be answered by `respondBy`.
    public init(from: String, to: String, stage: String, at: String, respondBy: String? = nil) {
        self.from = from
        self.to = to
        self.stage = stage
        self.at = at
        self.respondBy = respondBy
    }

    /// What `to` holds for an offer to a stage's queue, which any member of the stage may claim.
    /// No member is named so: a member's address has an `@`.
    public static func queue(_ stage: String) -> String { queuePrefix + stage }

    /// The stage whose queue `receiver` names; nil for a person.
    public static func queueStage(of receiver: String) -> String? {
        receiver.hasPrefix(queuePrefix) && !receiver.contains("@") ? String(receiver.dropFirst(queuePrefix.count)) : nil
    }

    /// When the offer was made, in seconds since 1970; nil when `at` is not an ISO 8601 time.
    public var offeredAt: Int64? { Timestamp(iso8601: at)?.seconds }

    /// The offerer's deadline in seconds since 1970; nil when they set none.
    public var respondByAt: Int64? { respondBy.flatMap { Timestamp(iso8601: $0)?.seconds } }

    /// The stage whose queue this offer went to; nil for an offer to a person.
    public var queueStage: String? { Self.queueStage(of: to) }

    private static let queuePrefix = "queue:"
}
