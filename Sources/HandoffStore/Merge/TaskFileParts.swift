import ByteRanges
import HandoffModel

/// A task file cut into the pieces a merge treats separately: the opening line, the frontmatter
/// as one block per top-level key, the closing line, and the body.
struct TaskFileParts {
    /// One top-level frontmatter key with its indented lines (and any comment lines after it).
    struct Block: Equatable {
        /// The key; nil for lines before the first key.
        let key: String?
        /// The block's lines, each with its terminator.
        let text: String
    }

    /// An optional byte-order mark and the opening `---` line with its terminator.
    let opening: String
    /// The frontmatter, in file order.
    let blocks: [Block]
    /// The closing `---` line with its terminator.
    let closing: String
    /// Everything after the closing line.
    let body: String
    /// The file's line ending.
    let lineEnding: String

    /// Splits `text`; nil when it has no frontmatter or a top-level key appears twice.
    init?(text: String) {
        var rest = text
        var opening = ""
        if rest.hasPrefix("\u{FEFF}") {
            rest.unicodeScalars.removeFirst()
            opening = "\u{FEFF}"
        }
        let lines = YAMLLines.split(rest)
        guard let first = lines.first, first.text == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.text == "---" || $0.text == "..." })
        else { return nil }
        self.opening = opening + first.text + first.terminator
        lineEnding = first.terminator == "\r\n" ? "\r\n" : "\n"
        var blocks = [Block]()
        var key: String?
        var current = ""
        var seen = Set<String>()
        for line in lines[1..<end] {
            if let lineKey = YAMLScalar.topLevelKey(of: Substring(line.text)) {
                if key != nil || !current.isEmpty { blocks.append(Block(key: key, text: current)) }
                guard seen.insert(lineKey).inserted else { return nil }
                key = lineKey
                current = ""
            }
            current += line.text + (line.terminator.isEmpty ? lineEnding : line.terminator)
        }
        if key != nil || !current.isEmpty { blocks.append(Block(key: key, text: current)) }
        self.blocks = blocks
        closing = lines[end].text + lines[end].terminator
        body = lines[(end + 1)...].map { $0.text + $0.terminator }.joined()
    }

    /// The text of the block for `key` (nil key: the lines before the first key), or nil when absent.
    func block(_ key: String?) -> String? {
        blocks.first { $0.key == key }?.text
    }
}

/// A task body cut into what precedes its handoff log entries and the entries themselves, so
/// entries appended on two sides can be interleaved by time instead of conflicting.
struct TaskLogParts {
    /// The body up to the first `### ` entry under `## Handoff log` (the whole body when it has none).
    let head: String
    /// Each entry: its `### ` heading and the lines under it, trailing blank lines removed.
    let entries: [String]

    init(body: String) {
        let lines = YAMLLines.split(body)
        guard let heading = lines.firstIndex(where: { $0.text == TaskTransitions.logHeading }),
            let first = lines[(heading + 1)...].firstIndex(where: { $0.text.hasPrefix("### ") })
        else {
            head = body
            entries = []
            return
        }
        head = lines[..<first].map { $0.text + $0.terminator }.joined()
        var entries = [[YAMLLines.Line]]()
        for line in lines[first...] {
            if line.text.hasPrefix("### ") || entries.isEmpty {
                entries.append([line])
            } else {
                entries[entries.count - 1].append(line)
            }
        }
        self.entries = entries.map { entry in
            var entry = entry
            while let last = entry.last, entry.count > 1, last.text.allSatisfy({ $0 == " " || $0 == "\t" }) { entry.removeLast() }
            return entry.map { $0.text + $0.terminator }.joined()
        }
    }

    /// `head` followed by `entries`, one blank line between entries, as `handoff` appends them.
    static func join(head: String, entries: [String], lineEnding: String) -> String {
        var text = head
        for (index, entry) in entries.enumerated() {
            if index > 0 { text += lineEnding }
            text += entry
            if entry.utf8.last != UInt8(ascii: "\n") { text += lineEnding }
        }
        return text
    }

    /// The sortable time of an entry (`2026-11-24 09:12 UTC`), or nil when its heading has none.
    static func time(of entry: String) -> String? {
        let heading = entry.dropFirst(4).prefix(20)
        guard heading.count == 20, heading.first?.isNumber == true, heading.hasSuffix("UTC") else { return nil }
        return String(heading)
    }
}
