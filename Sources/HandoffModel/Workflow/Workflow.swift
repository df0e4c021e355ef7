import Foundation
import Yams

/// The team's workflow as `.handoff/config.yml` declares it.
public struct Workflow: Sendable, Equatable {
    /// A person who may hold tasks.
    public struct Member: Sendable, Equatable {
        /// The email git records for them; the key in `members:`.
        public let email: String
        /// A display name.
        public let name: String?
        /// Stages they work in; offers into a stage go only to its members.
        public let stages: [String]
        /// Admins change the workflow, members and keys, and may reassign.
        public let admin: Bool
        /// The channels they are told by (`email`, webhook names); nil: the workflow's default
        /// (`NotifySettings.channels`), empty: none.
        public let notify: [String]?

        /// A member with `email`, `name`, working in `stages`, admin or not, told by `notify`.
        package init(email: String, name: String?, stages: [String], admin: Bool, notify: [String]? = nil) {
            self.email = email
            self.name = name
            self.stages = stages
            self.admin = admin
            self.notify = notify
        }
    }

    /// A declared move of a task from one stage to another.
    public struct Transition: Sendable, Equatable {
        /// The stage the task is in.
        public let from: String
        /// The stage it moves to on acceptance.
        public let to: String
        /// Brief sections this transition requires; nil means the workflow's default.
        public let requiredSections: [String]?
        /// How long an offer along it may wait for an answer before its receiver is reminded,
        /// in seconds; nil means the workflow's default (`NotifySettings.remindAfter`).
        public let respondWithin: Int?
        /// Brief sections whose bullets the read-back must each acknowledge; nil means the
        /// workflow's default (`readbackChecklist`).
        public var readbackChecklist: [String]?
        /// How many members of the target stage must sign off before the task moves: the
        /// receiver's accept (or claim) is one, `approve` by others adds the rest. 1: the
        /// accept alone.
        public var approvals = 1

        /// A transition from `from` to `to`, requiring `requiredSections` (nil: the workflow's),
        /// answered within `respondWithin` seconds (nil: the workflow's default).
        init(from: String, to: String, requiredSections: [String]?, respondWithin: Int? = nil) {
            self.from = from
            self.to = to
            self.requiredSections = requiredSections
            self.respondWithin = respondWithin
            readbackChecklist = nil
        }
    }

    /// The ID prefix, e.g. "HO".
    public let prefix: String
    /// Stages in their declared order.
    public let stages: [String]
    /// Allowed transitions.
    public let transitions: [Transition]
    /// Brief sections every offer must fill unless its transition says otherwise.
    public let requiredSections: [String]
    /// Whether the receiver must write a read-back to accept.
    public let readbackRequired: Bool
    /// Brief sections whose bullets every read-back must acknowledge (`ReadbackChecklist`),
    /// unless a transition says otherwise; empty: none.
    public let readbackChecklist: [String]
    /// Tasks plus pending offers one person may hold; nil for no limit.
    public let wipLimit: Int?
    /// How old an offer may get before it shows as stale, in seconds.
    public let staleAfter: Int
    /// How many admins must sign a change of the policy before it takes effect (`policy_approvals`);
    /// above 1, changes go through proposals (`PolicyProposal`), so one stolen admin key cannot
    /// rewrite the rules.
    public let policyApprovals: Int
    /// Who is told of what, and when they are reminded.
    public let notify: NotifySettings
    /// The members, in file order.
    public let members: [Member]
    /// The position in `members` of each lowercased email (the first, should one repeat).
    private let memberIndex: [String: Int]

    /// The path of the workflow file inside a repository.
    public static let path = ".handoff/config.yml"

    /// Parses the workflow file.
    /// - Throws: `HandoffError.invalidFile` naming `.handoff/config.yml` and the problem.
    public init(yaml text: String) throws(HandoffError) {
        try self.init(root: try Self.compose(text))
    }

    /// The root mapping of a workflow file's text.
    /// - Throws: `HandoffError.invalidFile` when it is not YAML or not a mapping.
    static func compose(_ text: String) throws(HandoffError) -> Node.Mapping {
        do {
            guard let mapping = try Yams.compose(yaml: text, .basic, .default, .utf8)?.mapping else {
                throw HandoffError.invalidFile(path, "must be a mapping (prefix, stages, transitions, members)")
            }
            return mapping
        } catch let error as HandoffError {
            throw error
        } catch {
            throw .invalidFile(path, "is not valid YAML (\(YAMLErrorText.describe(error)))")
        }
    }

    /// The workflow a file's root mapping declares.
    /// - Throws: `HandoffError.invalidFile` naming `.handoff/config.yml` and the problem.
    /// `members` given: read them instead of the root's `members` (`WorkflowReader` parses
    /// each entry once for many versions of the file).
    init(root: Node.Mapping, members parsedMembers: [Member]? = nil) throws(HandoffError) {
        let path = Self.path
        func strings(_ node: Node?, _ what: String) throws(HandoffError) -> [String] {
            try Self.strings(node, what)
        }
        guard let prefix = root["prefix"]?.scalar?.string, Self.isValidPrefix(prefix) else {
            throw .invalidFile(path, "prefix must be 1 to 10 capital letters or digits, starting with a letter (e.g. HO)")
        }
        self.prefix = prefix
        stages = try strings(root["stages"], "stages")
        guard !stages.isEmpty, Set(stages).count == stages.count else {
            throw .invalidFile(path, "stages must list at least one stage, each once")
        }
        /// The value of `key` as a kind of node `read` accepts; nil when absent or null, and an
        /// error saying what it should look like otherwise.
        func optional<Value>(_ key: String, _ read: (Node) -> Value?, _ shape: String) throws(HandoffError) -> Value? {
            guard let node = root[key], node.null == nil else { return nil }
            guard let value = read(node) else { throw .invalidFile(path, shape) }
            return value
        }
        let briefNode = try optional("brief", \.mapping, "brief must be a mapping like {required: [Summary, Next steps]}")
        requiredSections = try strings(briefNode?["required"], "brief.required")
        var transitions = [Transition]()
        let transitionNodes = try optional("transitions", \.sequence, "transitions must be a list of {from: STAGE, to: STAGE}")
        for item in transitionNodes ?? [] {
            guard let mapping = item.mapping, let from = mapping["from"]?.string, let to = mapping["to"]?.string else {
                throw .invalidFile(path, "each transition must be {from: STAGE, to: STAGE}")
            }
            for stage in [from, to] where !stages.contains(stage) {
                throw .invalidFile(path, "transition \(from) → \(to) names unknown stage '\(stage)'; add it to stages")
            }
            let sections = mapping["brief"] == nil ? nil : try strings(mapping["brief"], "brief of \(from) → \(to)")
            var respondWithin: Int?
            if let node = mapping["respond_within"], node.null == nil {
                guard let seconds = node.scalar.flatMap({ DurationText.seconds($0.string) }), seconds > 0 else {
                    throw .invalidFile(path, "respond_within of \(from) → \(to) must be a duration like 4h, 2d or 90m")
                }
                respondWithin = seconds
            }
            var transition = Transition(from: from, to: to, requiredSections: sections, respondWithin: respondWithin)
            if mapping["readback_checklist"] != nil {
                transition.readbackChecklist = try strings(mapping["readback_checklist"], "readback_checklist of \(from) → \(to)")
            }
            if let node = mapping["approvals"], node.null == nil {
                guard let count = Self.integer(node), count >= 1 else {
                    throw .invalidFile(path, "approvals of \(from) → \(to) must be a whole number of sign-offs, 1 or more")
                }
                transition.approvals = count
            }
            transitions.append(transition)
        }
        self.transitions = transitions
        let readback = root["readback"]?.string ?? "required"
        guard ["required", "optional"].contains(readback) else {
            throw .invalidFile(path, "readback must be 'required' or 'optional'")
        }
        readbackRequired = readback == "required"
        readbackChecklist = try strings(root["readback_checklist"], "readback_checklist")
        let limit = try optional("wip_limit", { Self.integer($0).flatMap { $0 >= 0 ? $0 : nil } }, "wip_limit must be a whole number (0 for no limit)") ?? 0
        wipLimit = limit > 0 ? limit : nil
        let stale = try optional("stale_after", { $0.scalar.flatMap { DurationText.seconds($0.string) } }, "stale_after must be a duration like 2d, 36h or 90m")
        staleAfter = stale ?? 2 * 86_400
        policyApprovals = try optional("policy_approvals", { Self.integer($0).flatMap { $0 >= 1 ? $0 : nil } }, "policy_approvals must be a whole number of admins, 1 or more") ?? 1
        try NotifySettings.refuseSecretKeys(in: root)
        notify = try NotifySettings.parse(root["notify"])
        var members = [Member]()
        var memberIndex = [String: Int]()
        let listed: [Member]
        if let parsedMembers {
            listed = parsedMembers
        } else {
            let memberNodes = try optional("members", \.mapping, "members must be keyed by email address: 'a@example.com: {stages: [a], admin: false}'")
            listed = try (memberNodes ?? Node.Mapping([])).map { pair throws(HandoffError) in try Self.member(key: pair.key, value: pair.value) }
        }
        for member in listed {
            // One lookup per member: a list compared member by member was quadratic, and every
            // version of a policy that gains a member a commit is read by verify.
            let key = member.email.lowercased()
            if let earlier = memberIndex[key] {
                throw .invalidFile(path, "member \(member.email) is listed twice (also as \(members[earlier].email)); keep one entry")
            }
            memberIndex[key] = members.count
            for stage in member.stages where !stages.contains(stage) {
                throw .invalidFile(path, "member \(member.email) works in unknown stage '\(stage)'; add it to stages")
            }
            members.append(member)
        }
        self.members = members
        self.memberIndex = memberIndex
    }

    /// One `members:` entry: its email key and its `{name, stages, admin}` value.
    /// - Throws: `HandoffError.invalidFile` when it is not shaped so.
    static func member(key keyNode: Node, value valueNode: Node) throws(HandoffError) -> Member {
        guard let email = keyNode.string, email.contains("@") else {
            throw .invalidFile(path, "members must be keyed by email address")
        }
        guard let details = valueNode.mapping else {
            throw .invalidFile(path, "member \(email) must be {name: …, stages: […], admin: true|false}")
        }
        return Member(
            email: email, name: details["name"]?.string, stages: try strings(details["stages"], "stages of \(email)"),
            admin: details["admin"].flatMap(boolean) ?? false,
            notify: try NotifySettings.channelNames(details["notify"], "notify of \(email)"))
    }

    /// A list of plain names, e.g. `[a, b]`; empty when absent.
    /// - Throws: `HandoffError.invalidFile` saying what `what` must look like.
    static func strings(_ node: Node?, _ what: String) throws(HandoffError) -> [String] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw .invalidFile(path, "\(what) must be a list like [a, b]") }
        var values = [String]()
        for item in sequence {
            guard let value = item.scalar?.string, !value.isEmpty else {
                throw .invalidFile(path, "\(what) must list plain names")
            }
            values.append(value)
        }
        return values
    }

    /// The member with `email` (compared without case), or nil.
    public func member(_ email: String) -> Member? {
        memberIndex[email.lowercased()].map { members[$0] }
    }

    /// True when `email` is an admin.
    public func isAdmin(_ email: String) -> Bool { member(email)?.admin ?? false }

    /// The transition from `from` to `to`, or nil when the workflow does not declare it.
    public func transition(from: String, to: String) -> Transition? {
        transitions.first { $0.from == from && $0.to == to }
    }

    /// How long an offer along `from` → `to` may wait before its receiver is reminded, in seconds.
    public func responseTime(from: String, to: String) -> Int {
        transition(from: from, to: to)?.respondWithin ?? notify.remindAfter ?? staleAfter
    }

    /// How long `offer`, of a task in `stage`, may wait before its receiver is reminded, in
    /// seconds: until its own deadline when the offerer set one (`offer --respond-by`), else the
    /// transition's response time.
    public func responseTime(of offer: Offer, from stage: String) -> Int {
        if let deadline = offer.respondByAt, let offered = offer.offeredAt { return Int(max(1, deadline - offered)) }
        return responseTime(from: stage, to: offer.stage)
    }

    /// How many sign-offs a handoff along `from` → `to` needs before the task moves (1: the
    /// receiver's accept alone).
    public func approvals(from: String, to: String) -> Int {
        transition(from: from, to: to)?.approvals ?? 1
    }

    /// How many sign-offs `task` still waits for before it moves to its offer's receiver; 0
    /// when it has no offer its receiver answered.
    public func remainingSignOffs(of task: HandoffTask) -> Int {
        guard let offer = task.offer, offer.awaitsApproval else { return 0 }
        return max(0, approvals(from: task.stage, to: offer.stage) - offer.approvedBy.count)
    }

    /// The brief sections whose bullets a read-back along `from` → `to` must acknowledge.
    public func readbackChecklist(from: String, to: String) -> [String] {
        transition(from: from, to: to)?.readbackChecklist ?? readbackChecklist
    }

    /// The brief sections an offer along `from` → `to` must fill.
    public func requiredSections(from: String, to: String) -> [String] {
        transition(from: from, to: to)?.requiredSections ?? requiredSections
    }

    // The workflow is parsed without tag resolution (its regexes cost more than the rest of a
    // handoff), so booleans and numbers are read from plain scalars here, as YAML 1.1 reads them.

    /// true/yes/on or false/no/off, written without quotes.
    static func boolean(_ node: Node) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    /// A whole number written without quotes.
    static func integer(_ node: Node) -> Int? {
        guard let scalar = node.scalar, scalar.style == .plain else { return nil }
        return Int(scalar.string)
    }

    package static func isValidPrefix(_ prefix: String) -> Bool {
        guard let first = prefix.unicodeScalars.first, (1...10).contains(prefix.count) else { return false }
        return ("A"..."Z").contains(first)
            && prefix.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
