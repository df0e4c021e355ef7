import Foundation
import HandoffModel

/// The file `handoff import` reads: JSON Lines, one task per line, e.g.
/// `{"title": "Onboard ACME", "stage": "sales", "owner": "bob@example.com", "priority": "high",
/// "due": "2026-12-01", "labels": ["enterprise"], "fields": {"customer": "ACME"},
/// "created": "2025-03-04T10:00:00Z"}`. Only `title` is required; blank lines are skipped.
public enum TaskImportFile {
    private struct Line: Decodable {
        let title: String
        let stage: String?
        let owner: String?
        let priority: String?
        let due: String?
        let labels: [String]?
        let fields: [String: String]?
        let created: String?
    }

    /// The tasks in `bytes`, read from `path` (named in errors).
    /// - Throws: `HandoffError.invalidFile` naming the line and what is wrong with it.
    public static func parse(_ bytes: [UInt8], path: String) throws(HandoffError) -> [TaskImport] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidFile(path, "is not UTF-8 text; save it as UTF-8")
        }
        var imports = [TaskImport]()
        let decoder = JSONDecoder()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let where_ = "\(path):\(number + 1)"
            let entry: Line
            do {
                entry = try decoder.decode(Line.self, from: Data(trimmed.utf8))
            } catch {
                throw .invalidFile(where_, "is not a JSON object with a \"title\" string (\(describe(error))); write one task per line")
            }
            var created: Timestamp?
            if let text = entry.created {
                guard let parsed = Timestamp(iso8601: text) else {
                    throw .invalidFile(where_, "\"created\" must be a time like 2025-03-04T10:00:00Z, not '\(text)'")
                }
                created = parsed
            }
            let request = NewTaskRequest(
                title: entry.title, stage: entry.stage, owner: entry.owner, priority: entry.priority, due: entry.due,
                labels: entry.labels ?? [], fields: (entry.fields ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            imports.append(TaskImport(request, created: created))
        }
        return imports
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: return "not valid JSON"
        }
    }
}
