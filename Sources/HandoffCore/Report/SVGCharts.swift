import Foundation
import HandoffModel

/// The report's charts as inline SVG: scalable (`viewBox`, width 100%), no script, every label escaped.
enum SVGCharts {
    /// One bar segment of a row or column.
    struct Segment {
        let value: Int
        let cssClass: String
    }

    /// Median and 90th-percentile offer→accept time per transition, as horizontal bars.
    static func latency(_ transitions: [HandoffReport.TransitionStats]) -> String {
        let rows = transitions.filter { $0.medianAcceptSeconds != nil }
        guard !rows.isEmpty else { return empty("No accepted handoffs in this period.") }
        let maximum = max(1, rows.compactMap(\.p90AcceptSeconds).max() ?? 1)
        let labelWidth = 170.0, barWidth = 260.0, rowHeight = 28.0
        var svg = open(width: 600, height: Double(rows.count) * rowHeight + 28, label: "Offer to accept time by transition")
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 6
            let median = Double(row.medianAcceptSeconds ?? 0) / Double(maximum) * barWidth
            let p90 = Double(row.p90AcceptSeconds ?? 0) / Double(maximum) * barWidth
            svg += text(x: labelWidth - 8, y: y + 15, anchor: "end", row.from + " → " + row.to)
            svg += rect(x: labelWidth, y: y + 2, width: p90, height: 18, cssClass: "p90")
            svg += rect(x: labelWidth, y: y + 2, width: median, height: 18, cssClass: "median")
            let values = "median " + DurationText.words(row.medianAcceptSeconds ?? 0) + " · p90 " + DurationText.words(row.p90AcceptSeconds ?? 0)
            svg += text(x: labelWidth + p90 + 6, y: y + 15, anchor: "start", values, cssClass: "value")
        }
        svg += legend(y: Double(rows.count) * rowHeight + 20, x: labelWidth, [("median", "median"), ("p90", "90th percentile")])
        return svg + "</svg>"
    }

    /// Tasks held, offered away and offered to each person (the busiest `limit` people), with
    /// the WIP limit as a dashed line.
    static func workInProgress(_ people: [HandoffReport.PersonLoad], wipLimit: Int?, limit: Int = 15) -> String {
        let rows = Array(people.filter { $0.wip > 0 }.prefix(limit))
        guard !rows.isEmpty else { return empty("Nobody holds a task.") }
        let maximum = max(1, rows.map(\.wip).max() ?? 1, wipLimit ?? 0)
        let labelWidth = 170.0, barWidth = 380.0, rowHeight = 22.0
        var svg = open(width: 600, height: Double(rows.count) * rowHeight + 28, label: "Work in progress per person")
        for (index, person) in rows.enumerated() {
            let y = Double(index) * rowHeight + 4
            svg += text(x: labelWidth - 8, y: y + 13, anchor: "end", person.email, cssClass: person.overLimit ? "over" : nil)
            var x = labelWidth
            for segment in [Segment(value: person.holding, cssClass: "holding"), Segment(value: person.offering, cssClass: "offering"),
                            Segment(value: person.offeredToThem, cssClass: "incoming")] where segment.value > 0 {
                let width = Double(segment.value) / Double(maximum) * barWidth
                svg += rect(x: x, y: y + 2, width: width, height: 15, cssClass: segment.cssClass)
                x += width
            }
            svg += text(x: x + 6, y: y + 13, anchor: "start", "\(person.wip)", cssClass: "value")
        }
        if let wipLimit {
            let x = labelWidth + Double(wipLimit) / Double(maximum) * barWidth
            svg += "<line class=\"limit\" x1=\"\(format(x))\" y1=\"0\" x2=\"\(format(x))\" y2=\"\(format(Double(rows.count) * rowHeight + 4))\"/>"
        }
        var keys = [("holding", "holding"), ("offering", "offered by them"), ("incoming", "offered to them")]
        if wipLimit != nil { keys.append(("limit-key", "WIP limit")) }
        svg += legend(y: Double(rows.count) * rowHeight + 20, x: labelWidth, keys)
        return svg + "</svg>"
    }

    /// Events over time as stacked columns: by day for up to 62 days, by week up to two years,
    /// by month beyond.
    static func activity(_ days: [HandoffReport.DayActivity]) -> String {
        guard let first = days.first?.day, let last = days.last?.day,
              let start = Timestamp(iso8601: first + "T00:00:00Z"), let end = Timestamp(iso8601: last + "T00:00:00Z")
        else { return empty("No events in this period.") }
        let span = Int((end.seconds - start.seconds) / 86_400) + 1
        let bucketing: @Sendable (String) -> String
        if span <= 62 {
            bucketing = { day in day }
        } else if span <= 730 {
            bucketing = weekStart
        } else {
            bucketing = monthOf
        }
        // Every bucket from the first day to the last, empty ones too, so time runs evenly.
        var buckets = [(key: String, values: [Int])]()
        for offset in 0..<span {
            let key = bucketing(String(Timestamp(seconds: start.seconds + Int64(offset) * 86_400).iso8601.prefix(10)))
            if buckets.last?.key != key { buckets.append((key, [0, 0, 0, 0, 0, 0])) }
        }
        var position = [String: Int]()
        for (index, bucket) in buckets.enumerated() { position[bucket.key] = index }
        for day in days {
            guard let index = position[bucketing(day.day)] else { continue }
            let values = [day.accepts, day.offers, day.declines, day.withdrawals, day.created, day.other]
            buckets[index].values = zip(buckets[index].values, values).map { $0 + $1 }
        }
        let classes = ["accepts", "offers", "declines", "withdrawals", "created", "other"]
        let maximum = max(1, buckets.map { $0.values.reduce(0, +) }.max() ?? 1)
        let left = 40.0, plotWidth = 1120.0, plotHeight = 180.0, top = 10.0
        let step = plotWidth / Double(buckets.count)
        var svg = open(width: 1180, height: top + plotHeight + 52, label: "Handoff events over time")
        svg += "<line class=\"axis\" x1=\"\(format(left))\" y1=\"\(format(top + plotHeight))\" x2=\"\(format(left + plotWidth))\" y2=\"\(format(top + plotHeight))\"/>"
        svg += text(x: left - 6, y: top + 8, anchor: "end", "\(maximum)", cssClass: "value")
        svg += text(x: left - 6, y: top + plotHeight, anchor: "end", "0", cssClass: "value")
        for (index, bucket) in buckets.enumerated() {
            var y = top + plotHeight
            let x = left + Double(index) * step + step * 0.1
            let total = bucket.values.reduce(0, +)
            svg += "<g><title>\(HTMLText.escape(bucket.key)): \(total) events</title>"
            for (value, cssClass) in zip(bucket.values, classes) where value > 0 {
                let height = Double(value) / Double(maximum) * plotHeight
                y -= height
                svg += rect(x: x, y: y, width: max(1, step * 0.8), height: height, cssClass: cssClass)
            }
            svg += "</g>"
        }
        let labelEvery = max(1, buckets.count / 6)
        for index in stride(from: 0, to: buckets.count, by: labelEvery) {
            svg += text(x: left + (Double(index) + 0.5) * step, y: top + plotHeight + 16, anchor: "middle", buckets[index].key, cssClass: "value")
        }
        svg += legend(y: top + plotHeight + 40, x: left, zip(classes, ["accepts", "offers", "declines", "withdrawals", "new tasks", "other"]).map { ($0, $1) })
        return svg + "</svg>"
    }

    /// The month of `day`, `2026-11`.
    private static func monthOf(_ day: String) -> String { String(day.prefix(7)) }

    /// The Monday of the week of `day` (`2026-11-24`), as a day.
    private static func weekStart(_ day: String) -> String {
        guard let time = Timestamp(iso8601: day + "T00:00:00Z") else { return day }
        // 1970-01-01 was a Thursday: days since then plus 3, modulo 7, counts from Monday.
        let days = time.seconds / 86_400
        let monday = (days - (days + 3) % 7) * 86_400
        return String(Timestamp(seconds: monday).iso8601.prefix(10))
    }

    private static func open(width: Double, height: Double, label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
    }

    private static func empty(_ message: String) -> String {
        "<p class=\"muted\">\(HTMLText.escape(message))</p>"
    }

    private static func rect(x: Double, y: Double, width: Double, height: Double, cssClass: String) -> String {
        "<rect class=\"\(cssClass)\" x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(max(0, width)))\" height=\"\(format(max(0, height)))\" rx=\"2\"/>"
    }

    private static func text(x: Double, y: Double, anchor: String, _ content: String, cssClass: String? = nil) -> String {
        let classAttribute = cssClass.map { " class=\"\($0)\"" } ?? ""
        return "<text\(classAttribute) x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(content))</text>"
    }

    private static func legend(y: Double, x: Double, _ keys: [(String, String)]) -> String {
        var svg = ""
        var position = x
        for (cssClass, label) in keys {
            svg += rect(x: position, y: y - 9, width: 10, height: 10, cssClass: cssClass)
            svg += text(x: position + 14, y: y, anchor: "start", label, cssClass: "value")
            position += 22 + Double(label.count) * 6.2
        }
        return svg
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
