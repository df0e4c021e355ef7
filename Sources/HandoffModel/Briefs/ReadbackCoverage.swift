/// One accept or claim in a task's log, measured against the checklist of the brief it answered:
/// how many of the brief's action items the read-back acknowledged.
public struct ReadbackTake: Sendable, Equatable {
    /// The stage the task left.
    public let fromStage: String
    /// The stage the task entered.
    public let toStage: String
    /// The brief's items the transition's checklist names (0 when it names no sections).
    public let items: Int
    /// How many of them the read-back ticked or answered.
    public let acknowledged: Int
}

extension TaskDocument {
    /// Every accept and claim of the log, in order, each measured against the last offer's brief
    /// before it; `checklist` gives the sections a transition's read-back must acknowledge.
    /// What `report` shows as acknowledgement coverage.
    public func readbackTakes(checklist: (_ from: String, _ to: String) -> [String]) -> [ReadbackTake] {
        var takes = [ReadbackTake]()
        var brief: [Substring] = []
        var entry: (heading: Substring, lines: [Substring])?
        func finish() {
            guard let (heading, lines) = entry else { return }
            guard let summary = Self.summary(of: heading) else { return }
            if summary.hasPrefix("offer ") {
                brief = lines
            } else if summary.hasPrefix("accept by ") || summary.hasPrefix("claim by "), let stages = Self.stages(of: summary) {
                let sections = checklist(stages.from, stages.to)
                let items = sections.isEmpty ? [] : ReadbackChecklist.items(of: Self.brief(logLines: brief), in: sections)
                let readback = lines.joined(separator: "\n")
                let missing = ReadbackChecklist.unacknowledged(items, in: readback)
                takes.append(ReadbackTake(fromStage: stages.from, toStage: stages.to, items: items.count, acknowledged: items.count - missing.count))
            }
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.hasPrefix("### ") {
                finish()
                entry = (line, [])
            } else {
                entry?.lines.append(line)
            }
        }
        finish()
        return takes
    }

    /// A log heading's text after its time (`### 2026-11-24 09:12 UTC — accept by …`).
    private static func summary(of heading: Substring) -> Substring? {
        guard let dash = heading.range(of: " — ") else { return nil }
        return heading[dash.upperBound...]
    }

    /// The `(from → to)` that ends an offer's, accept's or claim's summary.
    private static func stages(of summary: Substring) -> (from: String, to: String)? {
        guard summary.hasSuffix(")"), let open = summary.lastIndex(of: "(") else { return nil }
        let inner = summary[summary.index(after: open)..<summary.index(before: summary.endIndex)]
        guard let arrow = inner.range(of: " → ") else { return nil }
        return (String(inner[..<arrow.lowerBound]), String(inner[arrow.upperBound...]))
    }
}
