import Foundation
import GitKit
import HandoffModel

/// A handoff commit message: a subject that reads well in `git log --oneline`, an optional
/// paragraph, and `Handoff-*` trailers that `git interpret-trailers --parse` reads.
public struct CommitMessage: Sendable, Equatable {
    /// The first line, e.g. `handoff: accept HO-7K3QX (onboarding → support)`.
    public let subject: String
    /// An optional paragraph between subject and trailers.
    public let body: String?
    /// Trailer keys and values, in order.
    public let trailers: [(Trailer, String)]

    /// A message; newlines and control characters in the subject, body lines or trailer values
    /// are replaced by spaces so no value can forge a line of its own, and a body (a task's
    /// title) that git could read as the end of the message or as a trailer is quoted.
    public init(subject: String, body: String? = nil, trailers: [(Trailer, String)]) {
        self.subject = Self.oneLine(subject)
        self.body = body.map(Self.oneLine).flatMap { $0.isEmpty ? nil : Self.quotedIfMisleading($0) }
        self.trailers = trailers.map { ($0.0, Self.oneLine($0.1)) }
    }

    /// `line`, or `> line` when git could read it as something else than a paragraph: `---`
    /// starts a patch for `git interpret-trailers`, `#` a comment, and a `Handoff-` line outside
    /// the trailers makes `verify` refuse the commit as one git could read differently.
    private static func quotedIfMisleading(_ line: String) -> String {
        line.hasPrefix("-") || line.hasPrefix("#") || line.lowercased().hasPrefix("handoff-") ? "> " + line : line
    }

    /// The full text git stores.
    public var text: String {
        var text = subject + "\n\n"
        if let body { text += body + "\n\n" }
        text += trailers.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "\n") + "\n"
        return text
    }

    public static func == (lhs: CommitMessage, rhs: CommitMessage) -> Bool { lhs.text == rhs.text }

    /// The message of a task operation: `handoff: ACTION ID (FROM → TO)`, or `(STAGE)` when the
    /// stage does not change, with the task title as the paragraph.
    public static func forOperation(_ operation: TaskOperation.Kind, task: HandoffTask, outcome: OperationOutcome) -> CommitMessage {
        let stages = outcome.fromStage == outcome.toStage ? outcome.fromStage : "\(outcome.fromStage) → \(outcome.toStage)"
        let deadline: [(Trailer, String)] = if operation == .offer, let respondBy = outcome.task.offer?.respondBy { [(.respondBy, respondBy)] } else { [] }
        return CommitMessage(
            subject: "handoff: \(operation.rawValue) \(task.id) (\(stages))",
            body: task.title,
            trailers: [
                (.task, task.id),
                (.action, Action.operation(operation).rawValue),
                (.from, outcome.fromPerson),
                (.to, outcome.toPerson),
                (.fromStage, outcome.fromStage),
                (.toStage, outcome.toStage),
            ] + deadline)
    }

    private static func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
    }
}
