import Yams

/// Who is told of what: the `notify:` section of `.handoff/config.yml`. It names events, channels
/// and people, never where a message goes on the wire: webhook URLs, HMAC secrets and mail
/// credentials live only in the server's git config, and a file that carries one is refused.
public struct NotifySettings: Sendable, Equatable {
    /// The operations whose commits send messages to the people concerned.
    public let events: Set<TaskOperation.Kind>
    /// The channels of a member who names none: `email` (to their address) and webhook names.
    public let channels: [String]
    /// Webhooks (named in the server's git config) told of every event, whoever it concerns.
    public let webhooks: [String]
    /// How long an offer may wait before its receiver is reminded, in seconds; nil: the
    /// transition's `respond_within`, else the workflow's `stale_after`.
    public let remindAfter: Int?
    /// How long an offer may wait before it escalates to `lead` (or the target stage's admins,
    /// else every admin), in seconds; nil: never.
    public let escalateAfter: Int?
    /// Who escalations go to; nil: the target stage's admins, else every admin.
    public let lead: String?

    /// The events told when a workflow says nothing: every answer and move of an offer.
    public static let defaultEvents: Set<TaskOperation.Kind> = [.offer, .accept, .claim, .approve, .decline, .withdraw, .reassign]

    /// The channel that mails a member at their address.
    public static let email = "email"

    /// What a workflow without a `notify:` section means: email for the default events.
    public static let standard = NotifySettings(
        events: defaultEvents, channels: [email], webhooks: [], remindAfter: nil, escalateAfter: nil, lead: nil)

    /// Settings as given.
    package init(events: Set<TaskOperation.Kind>, channels: [String], webhooks: [String], remindAfter: Int?, escalateAfter: Int?, lead: String?) {
        self.events = events
        self.channels = channels
        self.webhooks = webhooks
        self.remindAfter = remindAfter
        self.escalateAfter = escalateAfter
        self.lead = lead
    }

    /// The settings of a `notify:` mapping; `standard` when absent.
    /// - Throws: `HandoffError.invalidFile` naming `.handoff/config.yml`, for an unknown key or
    ///   event, a malformed duration or channel, or anything that looks like a secret.
    static func parse(_ node: Node?) throws(HandoffError) -> NotifySettings {
        let path = Workflow.path
        guard let node, node.null == nil else { return standard }
        guard let mapping = node.mapping else {
            throw .invalidFile(path, "notify must be a mapping like {events: [offer, accept], channels: [email]}")
        }
        try refuseSecrets(in: node, at: "notify")
        var values = [String: Node]()
        for (key, value) in mapping {
            guard let name = key.string, Self.keys.contains(name) else {
                throw .invalidFile(path, "notify has an unknown key '\(key.string ?? "?")'; known: \(Self.keys.sorted().joined(separator: ", "))")
            }
            values[name] = value
        }
        var events = defaultEvents
        if let listed = values["events"] {
            events = []
            for name in try Workflow.strings(listed, "notify.events") {
                guard let kind = TaskOperation.Kind(rawValue: name) else {
                    let known = TaskOperation.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .invalidFile(path, "notify.events names '\(name)', which is not an operation; known: \(known)")
                }
                events.insert(kind)
            }
        }
        func duration(_ key: String) throws(HandoffError) -> Int? {
            guard let value = values[key], value.null == nil else { return nil }
            guard let seconds = value.scalar.flatMap({ DurationText.seconds($0.string) }), seconds > 0 else {
                throw .invalidFile(path, "notify.\(key) must be a duration like 4h, 2d or 90m")
            }
            return seconds
        }
        let lead = values["lead"]?.string
        if let lead, !MemberAddress.isValid(lead) {
            throw .invalidFile(path, "notify.lead must be one plain email address like lead@example.com")
        }
        return NotifySettings(
            events: events,
            channels: try channelNames(values["channels"], "notify.channels") ?? [email],
            webhooks: try channelNames(values["webhooks"], "notify.webhooks") ?? [],
            remindAfter: try duration("remind_after"), escalateAfter: try duration("escalate_after"), lead: lead)
    }

    /// The keys a `notify:` mapping may have.
    private static let keys: Set<String> = ["events", "channels", "webhooks", "remind_after", "escalate_after", "lead"]

    /// A list of channel names (`email` or a webhook's name: letters, digits and dashes); nil
    /// when absent.
    /// - Throws: `HandoffError.invalidFile` for anything else.
    static func channelNames(_ node: Node?, _ what: String) throws(HandoffError) -> [String]? {
        guard let node, node.null == nil else { return nil }
        try refuseSecrets(in: node, at: what)
        if node.scalar?.string == "none" { return [] }
        let names = try Workflow.strings(node, what)
        for name in names where !isChannelName(name) {
            throw .invalidFile(Workflow.path, "\(what) names '\(name)'; a channel is 'email' or the name of a webhook the server defines (letters, digits, dashes)")
        }
        return names
    }

    /// True for `email` and webhook names: 1 to 40 lowercase letters, digits and dashes.
    public static func isChannelName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Words that name a credential or where one is kept, in a key.
    static let secretWords = ["url", "secret", "token", "password", "hmac", "credential", "smtp", "webhook"]

    /// Refuses a top-level key of the workflow file that names a secret (`webhooks:`,
    /// `smtp_password:`, …): handoff reads none, so its only effect would be to publish it.
    /// - Throws: `HandoffError.invalidFile` saying where the secret goes instead.
    static func refuseSecretKeys(in root: Node.Mapping) throws(HandoffError) {
        for (key, _) in root {
            let name = key.string?.lowercased() ?? ""
            if secretWords.contains(where: { name.contains($0) }) {
                throw .invalidFile(Workflow.path, "the key '\(key.string ?? "?")' names a secret; webhook URLs and secrets live only on the server ('git config handoff.webhook.NAME.url URL' and .secret there)")
            }
        }
    }

    /// Refuses any URL, and any key that names a credential, under `node`: the file is committed
    /// and read by every clone, so a secret in it is a secret published.
    /// - Throws: `HandoffError.invalidFile` saying where the secret goes instead.
    static func refuseSecrets(in node: Node, at place: String) throws(HandoffError) {
        let advice = "webhook URLs and secrets live only on the server: 'git config handoff.webhook.NAME.url URL' (and .secret) there, and name NAME here"
        switch node {
        case .scalar(let scalar):
            if scalar.string.contains("://") || scalar.string.lowercased().hasPrefix("mailto:") {
                throw .invalidFile(Workflow.path, "\(place) holds a URL; \(advice)")
            }
        case .sequence(let sequence):
            for item in sequence { try refuseSecrets(in: item, at: place) }
        case .mapping(let mapping):
            for (key, value) in mapping {
                let name = key.string?.lowercased() ?? ""
                if !keys.contains(name), secretWords.contains(where: { name.contains($0) }) {
                    throw .invalidFile(Workflow.path, "\(place).\(key.string ?? "?") names a secret; \(advice)")
                }
                try refuseSecrets(in: value, at: "\(place).\(key.string ?? "?")")
            }
        case .alias:
            throw .invalidFile(Workflow.path, "\(place) uses a YAML alias; write the value out")
        }
    }
}
