import Foundation
import HandoffModel

/// The reminders, escalations and digests due at one moment, from the tasks as they are: the
/// one place that decides who is chased about what. Every message's key names the offer (its
/// task and time) and the period it is for, so running `remind` again in the same period queues
/// nothing new.
public enum ReminderPlan {
    /// A reminder to the receiver of each offer that has waited past its transition's response
    /// time (one per whole response time waited), and an escalation, once, of each offer that
    /// has waited past `escalate_after`, to the lead (else the target stage's admins, else every
    /// admin).
    public static func reminders(offers tasks: [HandoffTask], workflow: Workflow, now: Int64) -> [Notice] {
        var notices = [Notice]()
        for task in tasks {
            guard let offer = task.offer, let offered = offer.offeredAt else { continue }
            let waited = now - offered
            let respond = Int64(workflow.responseTime(of: offer, from: task.stage))
            let offerKey = "\(task.id).\(offered)"
            let waitedWords = DurationText.words(Int(waited))
            if respond > 0, waited >= respond {
                let period = waited / respond
                let body = [
                    "\(offer.from) offered you \(task.id) \"\(task.title)\" (\(task.stage) → \(offer.stage)) \(waitedWords) ago; it still waits for your answer.",
                    "",
                    "Read the brief: handoff show \(task.id)",
                    "Accept it, saying in your own words what you take over:",
                    "  handoff accept \(task.id) --readback \"…\"",
                    "or decline it, saying why:",
                    "  handoff decline \(task.id) --reason \"…\"",
                ].joined(separator: "\n") + "\n"
                notices.append(Notice(
                    kind: .reminder, key: NoticePlan.key("r", "\(offerKey).\(period)", offer.to), recipient: offer.to, task: task.id,
                    subject: "[\(task.id)] Reminder: \"\(task.title)\" waits for your answer (\(waitedWords))", body: body, time: now, event: nil))
            }
            if let escalate = workflow.notify.escalateAfter, waited >= Int64(escalate) {
                let body = [
                    "\(offer.from) offered \(task.id) \"\(task.title)\" to \(offer.to) (\(task.stage) → \(offer.stage)) \(waitedWords) ago, and nobody has answered.",
                    "You are told as \(workflow.notify.lead == nil ? "an admin of \(offer.stage)" : "the lead named in the workflow").",
                    "",
                    "See it: handoff show \(task.id)",
                    "Give it to someone else: handoff reassign \(task.id) --to EMAIL",
                ].joined(separator: "\n") + "\n"
                for person in escalationContacts(stage: offer.stage, workflow: workflow) {
                    notices.append(Notice(
                        kind: .escalation, key: NoticePlan.key("x", offerKey, person), recipient: person, task: task.id,
                        subject: "[\(task.id)] Escalation: \"\(task.title)\" offered to \(offer.to) unanswered for \(waitedWords)",
                        body: body, time: now, event: nil))
                }
            }
        }
        return notices
    }

    /// Who escalations of offers into `stage` go to.
    static func escalationContacts(stage: String, workflow: Workflow) -> [String] {
        if let lead = workflow.notify.lead { return [lead] }
        let stageAdmins = workflow.members.filter { $0.admin && $0.stages.contains(stage) }.map(\.email)
        return stageAdmins.isEmpty ? workflow.members.filter(\.admin).map(\.email) : stageAdmins
    }

    /// One digest per member who has something waiting or held: offers waiting for them, tasks
    /// they hold, their offers waiting for others. Keyed by the day (UTC), so once a day.
    public static func digests(tasks: [HandoffTask], workflow: Workflow, now: Int64) -> [Notice] {
        let day = String(Timestamp(seconds: now).iso8601.prefix(10))
        var notices = [Notice]()
        // Grouped once by person: 100,000 tasks are read once, not once per member.
        var waitingFor = [String: [HandoffTask]]()
        var held = [String: [HandoffTask]]()
        var offeredBy = [String: [HandoffTask]]()
        for task in tasks {
            if let offer = task.offer, task.state == .offered {
                waitingFor[offer.to.lowercased(), default: []].append(task)
                offeredBy[task.owner.lowercased(), default: []].append(task)
            } else if task.state == .open {
                held[task.owner.lowercased(), default: []].append(task)
            }
        }
        for member in workflow.members {
            let email = member.email
            let waiting = waitingFor[email.lowercased()] ?? []
            let holding = held[email.lowercased()] ?? []
            let offered = offeredBy[email.lowercased()] ?? []
            guard !(waiting.isEmpty && holding.isEmpty && offered.isEmpty) else { continue }
            var lines = ["Your handoff digest for \(day).", ""]
            func section(_ title: String, _ tasks: [HandoffTask], _ line: (HandoffTask) -> String) {
                guard !tasks.isEmpty else { return }
                lines.append("\(title) (\(tasks.count)):")
                lines += tasks.prefix(50).map { "  " + line($0) }
                if tasks.count > 50 { lines.append("  … and \(tasks.count - 50) more: handoff inbox") }
                lines.append("")
            }
            func age(_ task: HandoffTask) -> String {
                guard let at = task.offer?.offeredAt else { return "" }
                return ", waiting " + DurationText.words(Int(now - at))
            }
            section("Waiting for your answer", waiting) { "\($0.id)  \($0.title)  (from \($0.offer?.from ?? "?")\(age($0)))" }
            section("Your offers waiting for others", offered) { "\($0.id)  \($0.title)  (to \($0.offer?.to ?? "?")\(age($0)))" }
            section("You hold", holding) { "\($0.id)  \($0.title)  (\($0.stage))" }
            lines.append("Answer offers with 'handoff accept ID --readback …' or 'handoff decline ID --reason …'; see everything with 'handoff inbox'.")
            notices.append(Notice(
                kind: .digest, key: NoticePlan.key("d", day, email), recipient: email, task: nil,
                subject: "handoff digest \(day): \(waiting.count) waiting for you, \(offered.count) offered by you, \(holding.count) held", body: lines.joined(separator: "\n") + "\n",
                time: now, event: nil))
        }
        return notices
    }
}
