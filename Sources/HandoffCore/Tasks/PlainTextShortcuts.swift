import Foundation

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, without Foundation's scan when the
    /// text starts and ends with a visible ASCII character, as nearly every read-back, reason
    /// and brief line does: then there is nothing to trim.
    var trimmedOfWhitespaceAndNewlines: String {
        hasVisibleASCIIEnds ? String(self) : trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `trimmingCharacters(in: .whitespaces)`, with the same shortcut.
    var trimmedOfWhitespace: String {
        hasVisibleASCIIEnds ? String(self) : trimmingCharacters(in: .whitespaces)
    }

    /// True when the first and last bytes are ASCII and neither a space nor a control
    /// character: an ASCII last byte is the whole last scalar in UTF-8, and every character
    /// either trim removes is a space, a control character or beyond ASCII.
    private var hasVisibleASCIIEnds: Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        return (0x21..<0x7F).contains(first) && (0x21..<0x7F).contains(last)
    }
}

extension String {
    /// The lines between `\n` bytes, empty ones kept, when the text has no carriage return:
    /// then each `\n` is a line end of its own to any character reading (only CR joins LF into
    /// one character), and the bytes are cut without reading characters. nil when there is one.
    var linesWithoutCarriageReturn: [Substring]? {
        guard !utf8.contains(UInt8(ascii: "\r")) else { return nil }
        return utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}
