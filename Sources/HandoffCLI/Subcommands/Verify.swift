import ArgumentParser
import HandoffCore

/// `handoff verify`: every commit against the rules, judged by its parent's policy.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check signatures, permissions and every handoff in history; exit 1 on any violation.")

    @Argument(help: "A revision range (A..B) or revision; default: all of the current branch.")
    var range: String?

    @Option(help: "Trust this commit's policy (default: the commit that created .handoff/).")
    var trustRoot: String?

    @Flag(help: "Check every commit again, ignoring the cache of verified commits.")
    var noCache = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let report = try CLIEnvironment.handoff.verify(range: range, trustRoot: trustRoot, useCache: !noCache)
        let output = CLIEnvironment.output
        if json {
            output.line(try TaskRendering.json(report))
        } else {
            report.violations.forEach { output.line($0.line) }
            let summary = "\(report.checked) commits checked, \(report.cached) already verified, \(report.violations.count) violation\(report.violations.count == 1 ? "" : "s")"
            // The result is data like the violations above it: stdout; stderr is for what went wrong running it.
            if let root = report.trustRootLine { output.line("Judged by the \(root)") }
            output.line(report.violations.isEmpty ? "OK: " + summary : summary)
        }
        if !report.violations.isEmpty { throw ExitCode(1) }
    }
}
