import Foundation
import GitKit

/// Task summaries kept in `.git/handoff/cache/tasks-v2`, grouped by the tree of their month
/// folder, so a warm `list` reads no task file and lists no month folder that did not change:
/// a folder's tree id names its content, so its section is never stale. Rows of a changed
/// folder are found again by blob id, so only the task files that changed are read.
///
/// Each row is one line of tab-separated cells (blob, id, title, stage, owner, state, offer
/// from, to, stage and at, labels, fields); filters look at the cells they need before a row
/// is decoded.
struct TaskSummaryCache {
    /// One task's row: the bytes of its line.
    struct Row {
        let bytes: ArraySlice<UInt8>
    }

    private static let header = "handoff-task-summaries 2\n"
    private let file: String
    private var sections: [ObjectID: [Row]]
    private var changed = false
    private lazy var rowsByBlob: [ArraySlice<UInt8>: Row] = {
        var rows = [ArraySlice<UInt8>: Row]()
        for section in sections.values {
            for row in section { rows[row.bytes.prefix(40)] = row }
        }
        return rows
    }()

    /// The cache of the repository at `gitDirectory`, empty when absent, outdated or unreadable.
    init(gitDirectory: String) {
        file = gitDirectory + "handoff/cache/tasks-v2"
        sections = [:]
        guard let data = FileManager.default.contents(atPath: file).map(Array.init), data.starts(with: Array(Self.header.utf8)) else { return }
        var current: ObjectID?
        var rows = [Row]()
        for line in data[Self.header.utf8.count...].split(separator: UInt8(ascii: "\n")) {
            if line.first == UInt8(ascii: "@") {
                if let current { sections[current] = rows }
                current = ObjectID(hex: String(decoding: line.dropFirst(), as: UTF8.self))
                rows = []
            } else if line.count > 41 {
                rows.append(Row(bytes: line))
            }
        }
        if let current { sections[current] = rows }
    }

    /// The rows of the month folder with tree `tree`, if that exact folder was summarised before.
    func rows(ofFolder tree: ObjectID) -> [Row]? {
        sections[tree]
    }

    /// The row of a task read earlier from `blob`, from any folder.
    mutating func row(forBlob blob: ObjectID) -> Row? {
        rowsByBlob[ArraySlice(blob.hex.utf8)]
    }

    /// Remembers the rows of the month folder with tree `tree`.
    mutating func store(_ rows: [Row], ofFolder tree: ObjectID) {
        sections[tree] = rows
        changed = true
    }

    /// Writes the cache (atomically) with the folders in `live` only; best effort, since a cache
    /// that cannot be written only means reading the files again next time.
    func save(keeping live: Set<ObjectID>) {
        guard changed || sections.keys.contains(where: { !live.contains($0) }) else { return }
        var output = Array(Self.header.utf8)
        for (tree, rows) in sections where live.contains(tree) {
            output += Array("@\(tree.hex)\n".utf8)
            for row in rows {
                output += row.bytes
                output.append(UInt8(ascii: "\n"))
            }
        }
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? Data(output).write(to: URL(fileURLWithPath: file), options: .atomic)
        try? FileManager.default.removeItem(atPath: (file as NSString).deletingLastPathComponent + "/tasks-v1")
    }
}

extension TaskSummaryCache.Row {
    /// The row for `task`, read from `blob`. Tab, newline and backslash in values are escaped;
    /// lists use U+001F and key/value pairs U+001E.
    init(blob: ObjectID, task: HandoffTask) {
        let offer = task.offer
        let cells = [
            blob.hex, task.id, task.title, task.stage, task.owner, task.state.rawValue,
            offer?.from ?? "", offer?.to ?? "", offer?.stage ?? "", offer?.at ?? "",
            task.labels.joined(separator: "\u{1F}"),
            task.fields.sorted { $0.key < $1.key }.map { $0.key + "\u{1E}" + $0.value }.joined(separator: "\u{1F}"),
        ]
        self.init(bytes: ArraySlice(cells.map(Self.escape).joined(separator: "\t").utf8))
    }

    /// The task's ID (the second cell).
    var id: String { Self.unescape(cell(1)) }

    /// False only when this row's task certainly fails `filter`'s owner, stage, state or
    /// receiver test; compared on the stored cells without decoding the row.
    func mayMatch(_ filter: TaskFilter) -> Bool {
        if let owner = filter.owner, !Self.sameEmail(cell(4), owner) { return false }
        if let stage = filter.stage, !cell(3).elementsEqual(Self.escape(stage).utf8) { return false }
        if let state = filter.state, !cell(5).elementsEqual(state.rawValue.utf8) { return false }
        if let receiver = filter.offeredTo, !Self.sameEmail(cell(7), receiver) { return false }
        return true
    }

    /// The task, decoded; nil for a row this version cannot read.
    func task() -> HandoffTask? {
        let cells = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Self.unescape)
        guard cells.count == 12, let state = TaskState(rawValue: cells[5]) else { return nil }
        let offer = cells[7].isEmpty ? nil : Offer(from: cells[6], to: cells[7], stage: cells[8], at: cells[9])
        let labels = cells[10].isEmpty ? [] : cells[10].split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        var fields = [String: String]()
        for pair in cells[11].split(separator: "\u{1F}") {
            let parts = pair.split(separator: "\u{1E}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return HandoffTask(id: cells[1], title: cells[2], stage: cells[3], owner: cells[4], state: state, offer: offer, fields: fields, labels: labels)
    }

    private func cell(_ number: Int) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        for _ in 0..<number {
            guard let tab = bytes[start...].firstIndex(of: UInt8(ascii: "\t")) else { return [] }
            start = tab + 1
        }
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\t")) ?? bytes.endIndex
        return bytes[start..<end]
    }

    /// Emails compare without regard to ASCII case; anything else is left to the full test.
    private static func sameEmail(_ stored: ArraySlice<UInt8>, _ wanted: String) -> Bool {
        let wanted = Array(wanted.utf8)
        guard stored.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\\") }), wanted.allSatisfy({ $0 < 0x80 }) else { return true }
        return stored.count == wanted.count && zip(stored, wanted).allSatisfy { lowercase($0) == lowercase($1) }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ cell: ArraySlice<UInt8>) -> String {
        let text = String(decoding: cell, as: UTF8.self)
        guard cell.contains(UInt8(ascii: "\\")) else { return text }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
