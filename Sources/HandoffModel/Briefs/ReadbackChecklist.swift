/// A read-back that is checked: under a workflow's `readback_checklist`, every bullet of the
/// named sections of the brief must be acknowledged in the read-back — ticked (`- [x] item`)
/// or answered (`- item: what I will do`, `- [ ] item — answer`). Clinical handoff research
/// finds about half of the essential items lost in handoffs; this is where they are caught.
public enum ReadbackChecklist {
    /// The items of `brief` to acknowledge: each bullet (`-`, `*`, `+` or `1.`) of the sections
    /// named in `sections` (compared without case), without its checkbox.
    public static func items(of brief: Brief, in sections: [String]) -> [String] {
        let wanted = Set(sections.map { $0.lowercased() })
        return brief.sections.filter { wanted.contains($0.title.lowercased()) }.flatMap { section in
            section.text.split(separator: "\n").compactMap { line in bullet(String(line)).map { stripCheckbox($0).text } }
        }.filter { !$0.isEmpty }
    }

    /// The items of `items` that `readback` leaves unacknowledged, in order.
    public static func unacknowledged(_ items: [String], in readback: String) -> [String] {
        let lines = readback.split(separator: "\n").compactMap { bullet(String($0)).map(stripCheckbox) }
        return items.filter { item in
            let key = normalized(item)
            return !lines.contains { line in
                let text = normalized(line.text)
                guard text.hasPrefix(key) else { return false }
                let answer = text.dropFirst(key.count).drop { " :—–-→>".contains($0) }
                return line.ticked || !answer.isEmpty
            }
        }
    }

    /// The read-back form the editor (or `--readback-file`) starts from: the items unticked.
    public static func form(_ items: [String]) -> String {
        items.map { "- [ ] \($0)" }.joined(separator: "\n")
    }

    /// The text of a bullet line; nil for another line.
    private static func bullet(_ line: String) -> String? {
        let trimmed = line.trimmed
        for marker in ["- ", "* ", "+ "] where trimmed.hasPrefix(marker) { return String(trimmed.dropFirst(2)) }
        if let dot = trimmed.firstIndex(of: "."), dot > trimmed.startIndex, trimmed[..<dot].allSatisfy(\.isNumber),
            trimmed[trimmed.index(after: dot)...].hasPrefix(" ")
        {
            return String(trimmed[trimmed.index(dot, offsetBy: 2)...])
        }
        return nil
    }

    /// `text` without a leading `[ ]`/`[x]`, and whether it was ticked.
    private static func stripCheckbox(_ text: String) -> (text: String, ticked: Bool) {
        for (box, ticked) in [("[ ] ", false), ("[x] ", true), ("[X] ", true)] where text.hasPrefix(box) {
            return (String(text.dropFirst(box.count)).trimmed, ticked)
        }
        return (text.trimmed, false)
    }

    /// Lowercased, with runs of white space as one space: how items are compared.
    private static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
