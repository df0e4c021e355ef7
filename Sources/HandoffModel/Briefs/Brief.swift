import Foundation

/// A structured handoff brief: Markdown sections headed `## Name`, as the brief template has them.
/// Lines starting with `# ` (or a lone `#`) are comments and dropped, as in a git commit message.
public struct Brief: Sendable, Equatable {
    /// One `## Title` section and the text under it (trimmed).
    public struct Section: Sendable, Equatable {
        /// The heading text, e.g. "Open items".
        public let title: String
        /// The section's text, without surrounding blank lines.
        public let text: String
    }

    /// Text before the first section (trimmed); often empty.
    public let preamble: String
    /// The sections in the order written.
    public let sections: [Section]

    /// Parses a brief written by a person (from `--brief-file`, `-m` or the editor).
    public init(markdown: String) {
        var preamble = [Substring]()
        var sections = [(title: String, lines: [Substring])]()
        for line in Self.lines(of: markdown) {
            if line == "#" || line.hasPrefix("# ") { continue }
            if let title = Self.sectionTitle(line) {
                sections.append((title, []))
            } else if sections.isEmpty {
                preamble.append(line)
            } else {
                sections[sections.count - 1].lines.append(line)
            }
        }
        self.preamble = Self.trimmed(preamble)
        self.sections = sections.map { Section(title: $0.title, text: Self.trimmed($0.lines)) }
    }

    /// This brief with one more section at the end (a shift handover's line for one task).
    public func adding(section title: String, text: String) -> Brief {
        Brief(preamble: preamble, sections: sections + [Section(title: title, text: text.trimmed)])
    }

    private init(preamble: String, sections: [Section]) {
        self.preamble = preamble
        self.sections = sections
    }

    /// True when the brief has a heading for each of `required`, filled or not (compared without case).
    public func hasSections(_ required: [String]) -> Bool {
        required.allSatisfy { name in sections.contains { $0.title.lowercased() == name.lowercased() } }
    }

    /// The sections of `required` that are missing or empty (compared without case).
    public func missingSections(_ required: [String]) -> [String] {
        required.filter { name in
            !sections.contains { $0.title.lowercased() == name.lowercased() && !$0.text.isEmpty }
        }
    }

    /// True when the brief says nothing at all.
    public var isEmpty: Bool { preamble.isEmpty && sections.allSatisfy { $0.text.isEmpty } }

    /// The brief as it goes into the task's handoff log: sections demoted to `####` so they sit
    /// under the log entry's `###` heading.
    public var logMarkdown: String {
        var parts = [String]()
        if !preamble.isEmpty { parts.append(preamble) }
        for section in sections where !section.text.isEmpty {
            parts.append("#### \(section.title)\n\(section.text)")
        }
        return parts.joined(separator: "\n\n")
    }

    /// The lines of `markdown`, CRLF read as a line end.
    static func lines(of markdown: String) -> [Substring] {
        markdown.linesWithoutCarriageReturn
            ?? markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static func sectionTitle(_ line: Substring) -> String? {
        guard line.hasPrefix("## ") else { return nil }
        let title = line.dropFirst(3).trimmedOfWhitespace
        return title.isEmpty ? nil : title
    }

    private static func trimmed(_ lines: [Substring]) -> String {
        var lines = lines.map { String($0.trimmingTrailingSpaces()) }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
