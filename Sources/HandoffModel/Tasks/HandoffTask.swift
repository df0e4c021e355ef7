import Yams

/// A task as its frontmatter describes it. Read-only: changes go through `TaskDocument`.
public struct HandoffTask: Sendable, Equatable {
    /// The task's ID, e.g. "HO-7K3QX"; equal to its file name without ".md".
    public let id: String
    /// A one-line title.
    public let title: String
    /// The stage (team) that holds it.
    public let stage: String
    /// The one accountable owner's email.
    public let owner: String
    /// Open, offered, done or cancelled.
    public let state: TaskState
    /// The pending offer, present exactly when `state` is offered.
    public let offer: Offer?
    /// Every other single-line field (priority, customer, due, created, …) as written.
    public let fields: [String: String]
    /// The `labels:` list, if any.
    public let labels: [String]

    /// A task from values read earlier (e.g. from the summary cache).
    package init(id: String, title: String, stage: String, owner: String, state: TaskState, offer: Offer?, fields: [String: String], labels: [String]) {
        self.id = id
        self.title = title
        self.stage = stage
        self.owner = owner
        self.state = state
        self.offer = offer
        self.fields = fields
        self.labels = labels
    }

    /// Reads the task from a document's frontmatter.
    /// - Throws: `HandoffError.invalidFile` naming the file when a required field is missing,
    ///   has the wrong type, or the state and the offer disagree.
    public init(document: TaskDocument) throws(HandoffError) {
        if let task = document.scannedTask {
            self = task
            return
        }
        try self.init(mapping: try document.frontmatter(), path: document.path)
    }

    /// Reads the task from a parsed frontmatter; `path` names the file in errors.
    init(mapping: Node.Mapping, path: String) throws(HandoffError) {
        // One pass over the pairs: looking keys up in a Yams mapping resolves the tag of every
        // key it compares, each time.
        var values = [String: Node]()
        for (keyNode, valueNode) in mapping {
            if let key = keyNode.string { values[key] = valueNode }
        }
        func text(_ key: String) throws(HandoffError) -> String {
            guard let node = values[key] else {
                throw .invalidFile(path, "has no '\(key)' field; add '\(key): …' to its frontmatter")
            }
            guard let scalar = node.scalar, !scalar.string.isEmpty, node.null == nil else {
                throw .invalidFile(path, "field '\(key)' must be a single non-empty value")
            }
            return scalar.string
        }
        id = try text("id")
        title = try text("title")
        stage = try text("stage")
        owner = try text("owner")
        let stateText = try text("state")
        guard let state = TaskState(rawValue: stateText) else {
            throw .invalidFile(path, "state '\(stateText)' is not one of open, offered, done, cancelled")
        }
        self.state = state
        if let offerNode = values["offer"] {
            guard let offerMapping = offerNode.mapping else {
                throw .invalidFile(path, "field 'offer' must be a mapping with from, to, stage and at")
            }
            var offerValues = [String: Node]()
            for (keyNode, valueNode) in offerMapping {
                if let key = keyNode.string { offerValues[key] = valueNode }
            }
            func offerText(_ key: String) throws(HandoffError) -> String {
                guard let node = offerValues[key], let value = node.scalar?.string, !value.isEmpty, node.null == nil else {
                    throw .invalidFile(path, "offer has no '\(key)'; use handoff withdraw or fix the offer block")
                }
                return value
            }
            let respondBy: String? = if offerValues["respond_by"] != nil { try offerText("respond_by") } else { nil }
            let approvedBy: [String] = if offerValues["approved_by"] != nil { Offer.people(try offerText("approved_by")) } else { [] }
            offer = Offer(
                from: try offerText("from"), to: try offerText("to"),
                stage: try offerText("stage"), at: try offerText("at"), respondBy: respondBy, approvedBy: approvedBy)
        } else {
            offer = nil
        }
        if (state == .offered) != (offer != nil) {
            throw .invalidFile(path, state == .offered
                ? "state is offered but there is no offer block"
                : "has an offer block but state is \(state.rawValue)")
        }
        var fields = [String: String]()
        var labels = [String]()
        for (key, valueNode) in values {
            if key == "labels", let sequence = valueNode.sequence {
                labels = sequence.compactMap { $0.string }
            } else if let scalar = valueNode.scalar {
                fields[key] = scalar.string
            }
        }
        self.fields = fields
        self.labels = labels
    }

    /// True when `email` is the offer's receiver.
    public func isOffered(to email: String) -> Bool { offer?.to.caseInsensitiveEquals(email) ?? false }

    /// True when the pending offer waits for `email`: made to them, or to the queue of a stage
    /// `member` (their entry in the workflow) works in, by someone else.
    public func awaits(_ email: String, member: Workflow.Member?) -> Bool {
        guard let offer else { return false }
        if offer.awaitsApproval {
            // Accepted by its receiver: it waits for the sign-offs of the stage's other members.
            return member?.stages.contains(offer.stage) == true && !offer.from.caseInsensitiveEquals(email)
                && !offer.approvedBy.contains { $0.caseInsensitiveEquals(email) }
        }
        if let queue = offer.queueStage {
            return member?.stages.contains(queue) == true && !offer.from.caseInsensitiveEquals(email)
        }
        return offer.to.caseInsensitiveEquals(email)
    }
}

extension String {
    /// Emails compare without regard to case, as mail systems treat them in practice.
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
