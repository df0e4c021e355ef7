import Foundation
import HandoffCore

/// The plain-text form of a `HandoffReport`: one aligned table per question.
enum ReportRendering {
    /// The report's lines.
    static func text(_ report: HandoffReport) -> [String] {
        var lines = [String]()
        let totals = report.totals
        lines.append("Handoff report, \(report.since.map { "since \($0)" } ?? "all history") (made \(report.generatedAt))")
        lines.append("\(totals.tasks) tasks: \(totals.open) open, \(totals.offered) offered, \(totals.done) done, \(totals.cancelled) cancelled; \(totals.events) handoff events")

        section("Handoffs by transition", into: &lines, rows: report.transitions.map { item in
            [item.from + " → " + item.to, "\(item.offers)", "\(item.accepted)", item.medianAcceptSeconds.map(DurationText.words) ?? "-",
             item.p90AcceptSeconds.map(DurationText.words) ?? "-", item.declineRate.map(percent) ?? "-", "\(item.withdrawn)", "\(item.pending)",
             item.readbackCoverage.map { "\(percent($0)) of \(item.readbackItems)" } ?? "-"]
        }, header: ["TRANSITION", "OFFERS", "ACCEPTED", "MEDIAN", "P90", "DECLINED", "WITHDRAWN", "PENDING", "READ-BACK"])

        section("Time in stage", into: &lines, rows: report.stages.map { stage in
            [stage.stage, "\(stage.tasksNow)", "\(stage.finishedStays)", stage.medianStaySeconds.map(DurationText.words) ?? "-",
             stage.p90StaySeconds.map(DurationText.words) ?? "-", stage.medianAgeSeconds.map(DurationText.words) ?? "-"]
        }, header: ["STAGE", "TASKS NOW", "STAYS ENDED", "MEDIAN STAY", "P90 STAY", "MEDIAN AGE NOW"])

        let limit = report.wipLimit.map { "limit \($0)" } ?? "no limit"
        section("Work in progress per person (\(limit))", into: &lines, rows: report.people.map { person in
            [person.email, "\(person.holding)", "\(person.offering)", "\(person.offeredToThem)", "\(person.wip)", person.overLimit ? "OVER LIMIT" : ""]
        }, header: ["PERSON", "HOLDING", "OFFERING", "OFFERED TO THEM", "WIP", ""])

        section("Stale offers (older than \(DurationText.words(report.staleAfterSeconds)))", into: &lines, rows: report.staleOffers.map { offer in
            [offer.task, DurationText.words(offer.ageSeconds), "\(offer.from) waits on \(offer.to)", "\(offer.fromStage) → \(offer.toStage)", offer.customer ?? "", offer.title]
        }, header: ["TASK", "WAITING", "WHO", "TRANSITION", "CUSTOMER", "TITLE"])

        section("Customers waiting in a handoff", into: &lines, rows: report.customersWaiting.map { wait in
            [wait.customer, "\(wait.tasks.count)", DurationText.words(wait.longestWaitSeconds), wait.tasks.joined(separator: " ")]
        }, header: ["CUSTOMER", "TASKS", "LONGEST WAIT", "IDS"])
        return lines
    }

    private static func section(_ title: String, into lines: inout [String], rows: [[String]], header: [String]) {
        lines.append("")
        lines.append("\(title):")
        if rows.isEmpty {
            lines.append("  (none)")
            return
        }
        lines += TaskRendering.columns([header] + rows).map { "  " + $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func percent(_ rate: Double) -> String {
        String(format: "%.0f%%", rate * 100)
    }
}
