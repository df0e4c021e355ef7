import HandoffStore

/// The report page's board (active tasks by owner and stage, pending offers highlighted) and
/// the chain of custody of every task it shows.
struct ReportBoard {
    /// At most this many tasks per owner and stage are shown; the rest are counted.
    static let tasksPerCell = 30
    /// At most this many owners get a row.
    static let owners = 200

    let contents: ReportContents
    /// The tasks shown, by ID: only they get a custody section to link to.
    let shown: Set<String>
    private let rows: [(owner: String, cells: [[TaskEntry]], hidden: [Int])]
    private let stages: [String]
    private let staleTasks: Set<String>

    init(contents: ReportContents) {
        self.contents = contents
        let active = contents.tasks.filter { $0.task.state == .open || $0.task.state == .offered }
        var stages = contents.stages
        stages += Set(active.map(\.task.stage)).subtracting(stages).sorted()
        self.stages = stages
        let stale = Set(contents.report.staleOffers.map(\.task))
        staleTasks = stale
        let byOwner = Dictionary(grouping: active) { $0.task.owner.lowercased() }
        var rows = [(owner: String, cells: [[TaskEntry]], hidden: [Int])]()
        var shown = Set<String>()
        for owner in byOwner.keys.sorted().prefix(Self.owners) {
            let tasks = byOwner[owner] ?? []
            var cells = [[TaskEntry]]()
            var hidden = [Int]()
            for stage in stages {
                let ordered = tasks.filter { $0.task.stage == stage }.sorted { left, right in
                    func rank(_ entry: TaskEntry) -> Int { stale.contains(entry.task.id) ? 0 : entry.task.state == .offered ? 1 : 2 }
                    return (rank(left), left.task.id) < (rank(right), right.task.id)
                }
                let visible = Array(ordered.prefix(Self.tasksPerCell))
                shown.formUnion(visible.map(\.task.id))
                cells.append(visible)
                hidden.append(ordered.count - visible.count)
            }
            rows.append((tasks.first?.task.owner ?? owner, cells, hidden))
        }
        self.rows = rows
        self.shown = shown
    }

    /// The board and the custody sections.
    var html: String {
        var html = "<section class=\"panel board-panel\"><h2>Board: active tasks by owner and stage</h2>"
        html += "<div class=\"key\"><span>open</span><span class=\"offered\">offer pending (→ receiver)</span><span class=\"stale\">stale offer</span></div>"
        if rows.isEmpty {
            html += "<p class=\"muted\">No open or offered tasks.</p></section>\n"
            return html + custody
        }
        html += "<div class=\"board\" style=\"--stages: \(stages.count)\"><table><thead><tr><th class=\"person\">Owner</th>"
        html += stages.map { "<th>\(HTMLText.escape($0))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr><th class=\"person\" title=\"\(HTMLText.escape(row.owner))\">\(HTMLText.escape(row.owner))</th>"
            for (cell, hidden) in zip(row.cells, row.hidden) {
                html += "<td><div class=\"chips\">" + cell.map(chip).joined()
                if hidden > 0 { html += "<span class=\"more\">+\(hidden) more</span>" }
                html += "</div></td>"
            }
            html += "</tr>"
        }
        let ownersLeft = Set(contents.tasks.filter { $0.task.state == .open || $0.task.state == .offered }.map { $0.task.owner.lowercased() }).count - rows.count
        html += "</tbody></table></div>"
        if ownersLeft > 0 { html += "<p class=\"muted\">\(ownersLeft) more owners not shown.</p>" }
        return html + "</section>\n" + custody
    }

    private func chip(_ entry: TaskEntry) -> String {
        let task = entry.task
        var classes = "chip"
        var title = task.title
        var receiver = ""
        if let offer = task.offer, task.state == .offered {
            classes += " offered"
            if staleTasks.contains(task.id) { classes += " stale" }
            title += " — offered to \(offer.to) (\(offer.stage)) at \(offer.at)"
            receiver = "<small> → \(HTMLText.escape(String(offer.to.prefix { $0 != "@" })))</small>"
        }
        if let customer = task.fields["customer"] { title += " — \(customer)" }
        return "<a class=\"\(classes)\" href=\"#\(HTMLText.anchor("task-", task.id))\" title=\"\(HTMLText.escape(title))\">\(HTMLText.escape(task.id))\(receiver)</a>"
    }

    /// One section per shown task listing its handoff events, oldest first.
    private var custody: String {
        guard !shown.isEmpty else { return "" }
        var events = [String: [HandoffEvent]]()
        for event in contents.events {
            guard let task = event.task, shown.contains(task) else { continue }
            events[task, default: []].append(event)
        }
        var html = "<section class=\"panel custody-panel\"><h2>Chain of custody</h2><div class=\"custody\">"
        for entry in contents.tasks where shown.contains(entry.task.id) {
            let task = entry.task
            html += "<article id=\"\(HTMLText.anchor("task-", task.id))\"><h3>\(HTMLText.escape(task.id)) · \(HTMLText.escape(task.title))</h3>"
            var facts = [task.stage, task.owner, task.state.rawValue]
            if let customer = task.fields["customer"] { facts.append("customer: " + customer) }
            html += "<div class=\"muted\">\(HTMLText.escape(facts.joined(separator: " · ")))</div><ol>"
            for event in events[task.id] ?? [] {
                html += "<li>\(HTMLText.escape(describe(event))) <code>\(HTMLText.escape(String(event.commit.prefix(10))))</code></li>"
            }
            html += "</ol></article>"
        }
        return html + "</div></section>\n"
    }

    private func describe(_ event: HandoffEvent) -> String {
        let time = String(event.time.prefix(16)).replacingOccurrences(of: "T", with: " ")
        var text = "\(time) \(event.action) by \(event.actor)"
        switch event.recordedAction {
        case .operation(.offer), .operation(.reassign), .operation(.approve):
            if let to = event.to { text += " to \(to)" }
        case .operation(.accept), .operation(.claim), .operation(.decline), .operation(.withdraw), .operation(.note), .operation(.close),
             .operation(.reopen), .new, .import, .initialize, .memberAdd, .memberRemove, .memberEdit, .memberKey, .policyPropose, .policyApprove, nil:
            break
        }
        if let from = event.fromStage, let to = event.toStage, from != to { text += " (\(from) → \(to))" }
        return text
    }
}
