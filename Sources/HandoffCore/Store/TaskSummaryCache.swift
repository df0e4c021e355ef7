import Foundation
import GitKit

/// Parsed tasks by the id of the blob they were read from, kept in `.git/handoff/cache/` so a
/// warm `list` parses only the task files that changed. Blob ids name content, so an entry is
/// never stale; entries for blobs no longer listed are dropped when the cache is saved.
struct TaskSummaryCache {
    private let file: String
    private var entries: [ObjectID: HandoffTask]
    private var changed = false

    /// The cache of the repository at `gitDirectory`, empty when absent or unreadable.
    init(gitDirectory: String) {
        file = gitDirectory + "handoff/cache/tasks-v1"
        entries = [:]
        guard let data = FileManager.default.contents(atPath: file) else { return }
        for line in Array(data).split(separator: UInt8(ascii: "\n")) {
            if let (blob, task) = Self.decode(line) { entries[blob] = task }
        }
    }

    /// The task read from `blob` earlier, if its ID still matches the file it is in.
    func task(for location: TaskLocation) -> HandoffTask? {
        guard let task = entries[location.blob], task.id == location.id else { return nil }
        return task
    }

    /// Remembers the task read from `blob`.
    mutating func store(_ task: HandoffTask, for blob: ObjectID) {
        entries[blob] = task
        changed = true
    }

    /// Writes the cache (atomically) keeping only the blobs in `live`; best effort, since a cache
    /// that cannot be written only means parsing again next time.
    func save(keeping live: Set<ObjectID>) {
        guard changed || entries.count != live.count else { return }
        var text = ""
        for (blob, task) in entries where live.contains(blob) {
            text += Self.encode(blob, task)
        }
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    // One line per task: blob, id, title, stage, owner, state, offer (from, to, stage, at),
    // labels, fields, separated by tabs; lists use U+001F, pairs U+001E; tab, newline and
    // backslash are escaped.
    private static func encode(_ blob: ObjectID, _ task: HandoffTask) -> String {
        let offer = task.offer
        let cells = [
            blob.hex, task.id, task.title, task.stage, task.owner, task.state.rawValue,
            offer?.from ?? "", offer?.to ?? "", offer?.stage ?? "", offer?.at ?? "",
            task.labels.joined(separator: "\u{1F}"),
            task.fields.sorted { $0.key < $1.key }.map { $0.key + "\u{1E}" + $0.value }.joined(separator: "\u{1F}"),
        ]
        return cells.map(escape).joined(separator: "\t") + "\n"
    }

    private static func decode(_ line: ArraySlice<UInt8>) -> (ObjectID, HandoffTask)? {
        let cells = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            .map { unescape(String(decoding: $0, as: UTF8.self)) }
        guard cells.count == 12, let blob = ObjectID(hex: cells[0]), let state = TaskState(rawValue: cells[5]) else { return nil }
        let offer = cells[7].isEmpty ? nil : Offer(from: cells[6], to: cells[7], stage: cells[8], at: cells[9])
        let labels = cells[10].isEmpty ? [] : cells[10].split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        var fields = [String: String]()
        for pair in cells[11].split(separator: "\u{1F}") {
            let parts = pair.split(separator: "\u{1E}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return (blob, HandoffTask(id: cells[1], title: cells[2], stage: cells[3], owner: cells[4], state: state, offer: offer, fields: fields, labels: labels))
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
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
