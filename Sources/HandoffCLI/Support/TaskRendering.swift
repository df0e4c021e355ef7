import Foundation
import HandoffCore

/// A task as `--json` prints it: a stable schema documented in the README.
struct TaskJSON: Encodable {
    let id: String
    let title: String
    let stage: String
    let owner: String
    let state: String
    let offer: Offer?
    let labels: [String]
    let fields: [String: String]
    let path: String

    init(_ entry: TaskEntry) {
        let task = entry.task
        id = task.id
        title = task.title
        stage = task.stage
        owner = task.owner
        state = task.state.rawValue
        offer = task.offer
        labels = task.labels
        fields = task.fields.filter { !["id", "title", "stage", "owner", "state"].contains($0.key) }
        path = entry.path
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, stage, owner, state, offer, labels, fields, path
    }

    /// Encodes every key, `offer` as null when there is none, so the schema is the same for every task.
    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(stage, forKey: .stage)
        try container.encode(owner, forKey: .owner)
        try container.encode(state, forKey: .state)
        if let offer { try container.encode(offer, forKey: .offer) } else { try container.encodeNil(forKey: .offer) }
        try container.encode(labels, forKey: .labels)
        try container.encode(fields, forKey: .fields)
        try container.encode(path, forKey: .path)
    }
}

/// Plain-text and JSON rendering of tasks.
enum TaskRendering {
    /// Pretty, key-sorted JSON of any encodable value.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A table with a header row: ID, STATE, STAGE, OWNER, OFFERED TO, TITLE.
    static func table(_ entries: [TaskEntry]) -> [String] {
        let rows = entries.map { entry in
            let task = entry.task
            return [task.id, task.state.rawValue, task.stage, task.owner,
                    task.offer.map { "\($0.to) (\($0.stage))" } ?? "-", task.title]
        }
        return columns([["ID", "STATE", "STAGE", "OWNER", "OFFERED TO", "TITLE"]] + rows)
    }

    /// Rows padded into aligned columns (the last column is not padded).
    static func columns(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == width - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }
    }
}
