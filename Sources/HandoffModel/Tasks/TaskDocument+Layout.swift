import Yams

extension TaskDocument {
    /// Checks that the line editor sees the same top-level fields as the YAML parser, so that a
    /// surgical edit of one field can never cut another in half: every line that looks like
    /// `key: value` at the start of a line is a field of the mapping, every field starts such a
    /// line, and no value continues at the start of a line (where a field's block would end).
    /// - Throws: `HandoffError.invalidFile` naming the line and saying how to write it.
    static func checkLayout(of mapping: Node.Mapping, lines: [YAMLLines.Line], path: String) throws(HandoffError) {
        var keyLines = [Int: String]()
        for key in mapping.keys {
            guard let mark = key.mark, mark.column == 1, let name = key.string, lines.indices.contains(mark.line - 1),
                YAMLScalar.topLevelKey(of: Substring(lines[mark.line - 1].text)) == name
            else {
                let line = key.mark.map { " on line \($0.line + 1)" } ?? ""
                throw .invalidFile(path, "the field '\(key.string ?? "?")'\(line) is not written as 'key: value' at the start of a line; write it that way")
            }
            keyLines[mark.line - 1] = name
        }
        for (index, line) in lines.enumerated() where keyLines[index] == nil {
            // Scalars, not Characters: "#" followed by a combining mark is one Character but still a comment.
            let scalars = Array(line.text.unicodeScalars.prefix(2))
            guard let first = scalars.first, first != " ", first != "\t", first != "#" else { continue }
            if first == "-", scalars.count == 1 || scalars[1] == " " { continue }
            throw .invalidFile(path, "line \(index + 2) continues the value above it at the start of the line; indent it under its field")
        }
    }

    /// YAML also breaks lines at a lone carriage return and at U+0085, U+2028 and U+2029, and
    /// skips a byte-order mark, where the line editor does not; such characters would make the
    /// two disagree about lines.
    /// - Throws: `HandoffError.invalidFile` naming the first line with one.
    static func checkLineBreaks(_ lines: [YAMLLines.Line], path: String) throws(HandoffError) {
        let confusing: Set<Unicode.Scalar> = ["\r", "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}"]
        for (index, line) in lines.enumerated() where line.text.unicodeScalars.contains(where: confusing.contains) {
            throw .invalidFile(path, "line \(index + 2) has a carriage return or Unicode line separator (or byte-order mark) inside it; remove it")
        }
    }
}
