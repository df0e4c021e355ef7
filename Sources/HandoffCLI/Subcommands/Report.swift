import ArgumentParser
import Foundation
import HandoffCore

/// `handoff report`: how handoffs went, as text, JSON or a self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Handoff latency, declines, time in stage, WIP per person, stale offers and waiting customers.",
        discussion: "Computed from the branch's handoff commits and its tasks. --json prints the schema documented in the README; --html writes one self-contained page with a board and charts.")

    @Option(help: "Only count handoffs and stays that ended on or after this date (YYYY-MM-DD or ISO 8601).")
    var since: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Write a self-contained HTML page to this file.", valueName: "file"), completion: .file(extensions: ["html"]))
    var html: String?

    func validate() throws {
        if let since, AuditCommand.seconds(since) == nil { throw ValidationError("--since takes a date like 2026-11-01") }
        if json && html != nil { throw ValidationError("choose one of --json and --html") }
    }

    func run() throws {
        let contents = try CLIEnvironment.handoff.report(since: since.flatMap(AuditCommand.seconds))
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(contents.report))
        } else if let html {
            let path = html.hasPrefix("/") ? html : CLIEnvironment.current.context.directory + "/" + html
            try ReportPage(contents).write(to: path)
            output.line("wrote \(html)")
        } else {
            ReportRendering.text(contents.report).forEach(output.line)
        }
    }
}
