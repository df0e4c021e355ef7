import ArgumentParser
import Foundation
import HandoffCore

/// `handoff audit`: every handoff event, for auditors.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Export every handoff event with actor, signer key fingerprint and verification result.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "Only events on or after this date (YYYY-MM-DD or ISO 8601).")
    var since: String?

    @Option(help: "csv or json.")
    var format: Format = .csv

    func validate() throws {
        if let since, Self.seconds(since) == nil { throw ValidationError("--since takes a date like 2026-11-01") }
    }

    func run() throws {
        let events = try CLIEnvironment.handoff.audit(since: since.flatMap(Self.seconds))
        let output = CLIEnvironment.output
        switch format {
        case .json:
            output.line(try TaskRendering.json(events))
        case .csv:
            output.line("time,commit,task,action,actor,from,to,from_stage,to_stage,signature,fingerprint,problem")
            for event in events {
                let cells = [event.time, event.commit, event.task ?? "", event.action, event.actor, event.from ?? "", event.to ?? "",
                             event.fromStage ?? "", event.toStage ?? "", event.signature, event.fingerprint ?? "", event.problem ?? ""]
                output.line(cells.map(Self.csvCell).joined(separator: ","))
            }
        }
    }

    static func seconds(_ date: String) -> Int64? {
        Timestamp(iso8601: date.count == 10 ? date + "T00:00:00Z" : date)?.seconds
    }

    /// A CSV cell, quoted when it holds a comma, quote or newline, and with a leading `'` where a
    /// spreadsheet would read a formula.
    static func csvCell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { ",\"\n\r".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
