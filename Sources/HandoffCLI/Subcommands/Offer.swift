import ArgumentParser
import HandoffCore

/// `handoff offer`: the owner offers a task with a structured brief.
struct OfferCommand: ParsableCommand, RecordingCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer",
        abstract: "Offer a task to a member of the next stage, with a brief.",
        discussion: "Without --brief-file or -m, opens your editor on the brief template, like git commit.")

    @OptionGroup var task: TaskIDArgument

    @Option(help: "The receiver's email.")
    var to: String?

    @Option(help: "Offer to a stage's queue instead of a person: any member of STAGE may claim it.")
    var queue: String?

    @Option(help: "The stage the task moves to (default: the receiver's first stage after this one).")
    var stage: String?

    @Option(name: .customLong("respond-by"), help: ArgumentHelp(
        "When you need an answer: a duration from now (2h, 30m, 1d) or a UTC time (2026-12-05T14:00:00Z).", valueName: "when"))
    var respondBy: String?

    @OptionGroup var briefOptions: BriefOptions

    func validate() throws {
        if (to == nil) == (queue == nil) { throw ValidationError("offer to one person (--to EMAIL) or to one stage's queue (--queue STAGE)") }
        if let queue, let stage, queue != stage { throw ValidationError("--queue \(queue) moves the task into \(queue); leave out --stage \(stage)") }
    }

    func run() throws {
        let handoff = CLIEnvironment.handoff
        let (entry, _) = try handoff.show(task.id)
        let to = queue.map(Offer.queue) ?? self.to ?? ""
        let targetStage = try queue ?? stage ?? handoff.defaultOfferStage(for: entry.task, to: to)
        let now = CLIEnvironment.current.context.now()
        let deadline = try respondBy.map { text throws(HandoffError) in
            guard let deadline = Timestamp.deadline(text, from: now) else {
                throw .usage("--respond-by \(text) is neither a duration (2h, 30m, 1d) nor a UTC time (2026-12-05T14:00:00Z)")
            }
            return deadline
        }
        if let deadline, deadline.seconds <= now {
            throw HandoffError.usage("--respond-by \(deadline.iso8601) has passed; give a later time or a duration (2h)")
        }
        // Whatever can be checked is checked before anyone writes a brief.
        try handoff.checkOffer(of: entry.task, to: to, stage: targetStage)
        let result = try briefOptions.withBrief(editing: try handoff.briefTemplate(for: entry.task, to: to, stage: targetStage), keptFor: entry.task.id) { brief in
            try handoff.perform(.offer(to: to, stage: targetStage, brief: brief, respondBy: deadline?.iso8601), on: entry.task.id)
        }
        if let queue {
            CLIEnvironment.output.line("Offered \(result.task.id) to the \(queue) queue (\(entry.task.stage) → \(targetStage)) in commit \(result.commit.short); it stays yours until a member of \(queue) claims it.")
        } else {
            CLIEnvironment.output.line("Offered \(result.task.id) to \(to) (\(entry.task.stage) → \(targetStage)) in commit \(result.commit.short); it stays yours until they accept.")
        }
        if let deadline { CLIEnvironment.output.line("Answer wanted by \(deadline.logHeading).") }
    }
}
