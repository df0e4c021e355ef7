import ArgumentParser
import Foundation
import HandoffCore

/// `handoff remind`: chases offers nobody answered, for cron, a systemd timer or a CI schedule.
struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Remind receivers of offers past their response time, escalate old ones, send digests.",
        discussion: """
            An offer that waited longer than its transition's respond_within (else notify.remind_after, \
            else stale_after) reminds its receiver, once per such period; past notify.escalate_after it \
            goes to notify.lead (else the target stage's admins). --digest sends each member one summary \
            a day. Running it again within a period sends nothing new.
            """)

    @Flag(help: "Also send each member the day's digest of what waits for them and what they hold.")
    var digest = false

    @Option(help: "Judge ages as of this moment (ISO 8601, e.g. 2026-12-05T09:00:00Z) instead of now.")
    var now: String?

    @Flag(help: "Only queue; leave delivery to 'handoff notify'.")
    var queueOnly = false

    @Flag(help: "Print nothing unless something failed.")
    var quiet = false

    func run() throws {
        var context = CLIEnvironment.current.context
        if let now {
            guard let moment = Timestamp(iso8601: now) else {
                throw ValidationError("--now takes an ISO 8601 time like 2026-12-05T09:00:00Z")
            }
            context.now = { moment.seconds }
        }
        let outcome = try Handoff(context: context).remind(digest: digest, deliver: !queueOnly)
        try NotifyLines.report(outcome, quiet: quiet, output: CLIEnvironment.output)
    }
}
