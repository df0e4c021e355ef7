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
    /// Who has signed off on a transition that needs several (`approvals: N`): the receiver,
    /// who accepted or claimed, first. Empty until the receiver answers; the task moves when
    /// the count is reached.
    public var approvedBy: [String]

    /// An offer from `from` to `to` into `stage`, made at `at`, to be answered by `respondBy`,
    /// signed off so far by `approvedBy`.
    public init(from: String, to: String, stage: String, at: String, respondBy: String? = nil, approvedBy: [String] = []) {
        self.from = from
        self.to = to
        self.stage = stage
        self.at = at
        self.respondBy = respondBy
        self.approvedBy = approvedBy
    }

    private enum CodingKeys: String, CodingKey {
        case from, to, stage, at, respondBy, approvedBy
    }

    /// Encodes every key, `respondBy` as null when there is none, so every offer has one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(stage, forKey: .stage)
        try container.encode(at, forKey: .at)
        if let respondBy { try container.encode(respondBy, forKey: .respondBy) } else { try container.encodeNil(forKey: .respondBy) }
        try container.encode(approvedBy, forKey: .approvedBy)
    }

    /// Decodes what `encode(to:)` writes; `respondBy` and `approvedBy` may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(String.self, forKey: .from)
        to = try container.decode(String.self, forKey: .to)
        stage = try container.decode(String.self, forKey: .stage)
        at = try container.decode(String.self, forKey: .at)
        respondBy = try container.decodeIfPresent(String.self, forKey: .respondBy)
        approvedBy = try container.decodeIfPresent([String].self, forKey: .approvedBy) ?? []
    }

    /// The `offer:` block as the task file records it, in its order: the one writer of it.
    package var fields: [(String, String)] {
        var fields = [("from", from), ("to", to), ("stage", stage), ("at", at)]
        if let respondBy { fields.append(("respond_by", respondBy)) }
        if !approvedBy.isEmpty { fields.append(("approved_by", Self.joined(approvedBy))) }
        return fields
    }

    /// True once the receiver has accepted (or claimed) and the offer waits for further sign-offs.
    public var awaitsApproval: Bool { !approvedBy.isEmpty }

    /// The `approved_by` value: the addresses, comma-separated (an address holds no comma).
    package static func joined(_ people: [String]) -> String { people.joined(separator: ", ") }

    /// The addresses of an `approved_by` value.
    package static func people(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
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
