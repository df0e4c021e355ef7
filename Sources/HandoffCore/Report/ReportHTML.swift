import Foundation
import HandoffModel

/// The report as one self-contained HTML page: summary, charts (inline SVG), tables, a board of
/// tasks by stage and owner, and each shown task's chain of custody. No script, no network.
public struct ReportPage: Sendable {
    /// What the page shows.
    public let contents: ReportContents

    /// A page for `contents`.
    public init(_ contents: ReportContents) {
        self.contents = contents
    }

    /// The whole page.
    public var html: String {
        let report = contents.report
        let board = ReportBoard(contents: contents)
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Handoff report</title>
            <style>\(ReportStyle.css)</style></head>
            <body><main>
            <header><h1>Handoff report</h1>
            <div class="muted">\(HTMLText.escape(report.since.map { "Handoffs since \($0)" } ?? "All history")) · made \(HTMLText.escape(report.generatedAt)) · offers older than \(DurationText.words(report.staleAfterSeconds)) are stale</div></header>

            """
        page += summaryCards(report)
        page += "<div class=\"grid2\">"
        page += panel("Offer → accept time by transition", SVGCharts.latency(report.transitions))
        page += panel("Work in progress per person" + (report.wipLimit.map { " (limit \($0))" } ?? ""),
                      SVGCharts.workInProgress(report.people, wipLimit: report.wipLimit))
        page += "</div>"
        page += panel("Handoff events over time", SVGCharts.activity(report.activity))
        page += panel("Handoffs by transition", transitionTable(report.transitions, board: board))
        page += panel("Stale offers: who waits on whom", staleTable(report.staleOffers, board: board))
        page += "<div class=\"grid2\">"
        page += panel("Customers waiting in a handoff", customerTable(report.customersWaiting, board: board))
        page += panel("Time in stage", stageTable(report.stages, board: board))
        page += "</div>"
        page += board.html
        page += """
            <footer>Computed by handoff from the branch's handoff commits (signatures are not checked here: run <code>handoff verify</code>).</footer>
            </main></body></html>

            """
        return page
    }

    /// Writes the page to `path` through a temporary file renamed into place, so a reader never
    /// sees half a page.
    /// - Throws: `HandoffError.environment` naming the file when it cannot be written.
    public func write(to path: String) throws(HandoffError) {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .environment("cannot write \(path): \(error.localizedDescription); choose a writable path for --html")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .environment("cannot write \(path): \(reason); choose a writable path for --html")
        }
    }

    private func summaryCards(_ report: HandoffReport) -> String {
        let totals = report.totals
        let accepted = report.transitions.reduce(0) { $0 + $1.accepted }
        let cards: [(String, String, Bool)] = [
            ("\(totals.open + totals.offered)", "active tasks", false),
            ("\(totals.offered)", "pending offers", false),
            ("\(report.staleOffers.count)", "stale offers", !report.staleOffers.isEmpty),
            ("\(accepted)", "handoffs accepted", false),
            ("\(totals.done)", "done", false),
            ("\(report.people.count { $0.overLimit })", "people over WIP limit", report.people.contains { $0.overLimit }),
        ]
        return "<div class=\"cards\">" + cards.map { value, label, warn in
            "<div class=\"card\(warn ? " warn" : "")\"><b>\(HTMLText.escape(value))</b><span class=\"muted\">\(HTMLText.escape(label))</span></div>"
        }.joined() + "</div>\n"
    }

    private func panel(_ title: String, _ body: String) -> String {
        "<section class=\"panel\"><h2>\(HTMLText.escape(title))</h2>\(body)</section>\n"
    }

    private func transitionTable(_ rows: [HandoffReport.TransitionStats], board: ReportBoard) -> String {
        table(["Transition", "Offers", "Accepted", "Median", "p90", "Declined", "Withdrawn", "Pending", "Read-back"], numeric: 1...8, rows.map { row in
            (nil, [row.from + " → " + row.to, "\(row.offers)", "\(row.accepted)", words(row.medianAcceptSeconds), words(row.p90AcceptSeconds),
                   row.declineRate.map { String(format: "%.0f%% (%d)", $0 * 100, row.declined) } ?? "–", "\(row.withdrawn)", "\(row.pending)",
                   row.readbackCoverage.map { String(format: "%.0f%% of %d", $0 * 100, row.readbackItems) } ?? "–"])
        }, empty: "No handoffs in this period.", board: board)
    }

    private func staleTable(_ rows: [HandoffReport.PendingOffer], board: ReportBoard) -> String {
        table(["Task", "Waiting", "Who waits", "On whom", "Transition", "Customer", "Title"], numeric: 1...1, rows.map { row in
            (row.task, [row.task, DurationText.words(row.ageSeconds), row.from, row.to, row.fromStage + " → " + row.toStage,
                        row.customer ?? "", row.title])
        }, empty: "No stale offers.", board: board)
    }

    private func customerTable(_ rows: [HandoffReport.CustomerWait], board: ReportBoard) -> String {
        table(["Customer", "Longest wait", "Tasks"], numeric: 1...1, rows.map { row in
            (nil, [row.customer, DurationText.words(row.longestWaitSeconds), row.tasks.joined(separator: " ")])
        }, empty: "No customer waits in a handoff.", board: board)
    }

    private func stageTable(_ rows: [HandoffReport.StageStats], board: ReportBoard) -> String {
        table(["Stage", "Tasks now", "Stays ended", "Median stay", "p90 stay", "Median age now"], numeric: 1...5, rows.map { row in
            (nil, [row.stage, "\(row.tasksNow)", "\(row.finishedStays)", words(row.medianStaySeconds), words(row.p90StaySeconds), words(row.medianAgeSeconds)])
        }, empty: "No stages.", board: board)
    }

    private func words(_ seconds: Int?) -> String { seconds.map(DurationText.words) ?? "–" }

    /// A table; a row whose first value is a task ID links its first cell to that task's custody.
    private func table(_ header: [String], numeric: ClosedRange<Int>, _ rows: [(task: String?, cells: [String])], empty: String, board: ReportBoard) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">\(HTMLText.escape(empty))</p>" }
        var html = "<table><thead><tr>"
        for (index, title) in header.enumerated() {
            html += "<th\(numeric.contains(index) ? " class=\"n\"" : "")>\(HTMLText.escape(title))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.cells.enumerated() {
                var content = HTMLText.escape(cell)
                if index == 0, let task = row.task, board.shown.contains(task) {
                    content = "<a href=\"#\(HTMLText.anchor("task-", task))\">\(content)</a>"
                }
                html += "<td\(numeric.contains(index) ? " class=\"n\"" : "")>\(content)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
