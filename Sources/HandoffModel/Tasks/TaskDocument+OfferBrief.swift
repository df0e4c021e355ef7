extension TaskDocument {
    /// The brief of `offer`, the pending offer of `task`, as its log entry holds it: the text
    /// under the last heading exactly as `offer` wrote it (its minute, people and stages), with
    /// its `####` sections read back as `##`; nil when the log has no such entry.
    public func brief(of offer: Offer, in task: HandoffTask) -> Brief? {
        guard let at = Timestamp(iso8601: offer.at) else { return nil }
        let heading = "### \(at.logHeading) — offer \(offer.from) → \(offer.to) (\(task.stage) → \(offer.stage))"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let start = lines.lastIndex(where: { $0 == heading }) else { return nil }
        return Self.brief(logLines: lines[(start + 1)...].prefix { !$0.hasPrefix("### ") })
    }

    /// An offer entry's lines as a brief: its `####` sections read as `##`.
    static func brief(logLines lines: some Sequence<Substring>) -> Brief {
        Brief(markdown: lines.map { $0.hasPrefix("#### ") ? "## " + $0.dropFirst(5) : String($0) }.joined(separator: "\n"))
    }
}
