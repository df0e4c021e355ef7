import Foundation

/// One line of a size's table: our operation and the plain-git way of doing the same.
struct Row: Sendable {
    /// What we did, e.g. "`handoff accept` (in-process)".
    let operation: String
    /// Our timings.
    let ours: Samples
    /// The plain-git way, e.g. "`git commit -S -q -am`".
    let theirsLabel: String
    /// Its timings; nil when it could not run (e.g. PyYAML missing).
    let theirs: Samples?
    /// Our peak memory in kilobytes, from a separate run; nil when not measured.
    var oursKilobytes: Int? = nil
}

/// Formats times, sizes and ratios for the tables.
enum Format {
    /// 0.42 ms, 12.3 ms, 1.25 s, 16.2 s.
    static func seconds(_ value: Double) -> String {
        if value < 0.001 { return String(format: "%.2f ms", value * 1000) }
        if value < 0.1 { return String(format: "%.1f ms", value * 1000) }
        if value < 1 { return String(format: "%.0f ms", value * 1000) }
        if value < 10 { return String(format: "%.2f s", value) }
        return String(format: "%.1f s", value)
    }

    /// 23 MB (kilobytes in, mebibytes out); n/a for nil.
    static func memory(_ kilobytes: Int?) -> String {
        guard let kilobytes else { return "n/a" }
        return String(format: "%.0f MB", Double(kilobytes) / 1024)
    }

    /// ours / theirs, e.g. 0.31× or 0.004×.
    static func ratio(_ ours: Double, _ theirs: Double) -> String {
        guard theirs > 0 else { return "n/a" }
        let value = ours / theirs
        if value >= 10 { return String(format: "%.0f×", value) }
        if value >= 0.1 { return String(format: "%.2f×", value) }
        if value >= 0.01 { return String(format: "%.3f×", value) }
        return String(format: "%.4f×", value)
    }

    /// 1,000 and 100,000.
    static func count(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}

/// The Markdown table of one size: operation | ours | plain git way | ratio | peak memory (ours).
struct Table: Sendable {
    /// The heading above the table.
    let title: String
    /// The rows, in order.
    let rows: [Row]
    /// Lines printed under the table.
    let notes: [String]
    /// The runs asked for; a cell cut short to fewer (but more than one) says how many.
    let runs: Int

    private func cell(_ samples: Samples) -> String {
        Format.seconds(samples.median) + (1 < samples.count && samples.count < runs ? " (\(samples.count) runs)" : "")
    }

    /// The heading, table and notes as Markdown.
    var markdown: String {
        var lines = [title, "", "| operation | ours | plain git way | ratio | peak memory (ours) |", "|---|---:|---|---:|---:|"]
        for row in rows {
            let theirs = row.theirs.map { "\(row.theirsLabel): \(cell($0))" } ?? "\(row.theirsLabel): n/a"
            let ratio = row.theirs.map { Format.ratio(row.ours.median, $0.median) } ?? "n/a"
            lines.append("| \(row.operation) | \(cell(row.ours)) | \(theirs) | \(ratio) | \(Format.memory(row.oursKilobytes)) |")
        }
        lines.append("")
        lines += notes.map { "- " + $0 }
        return lines.joined(separator: "\n")
    }
}
