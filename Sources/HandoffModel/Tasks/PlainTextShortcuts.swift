import ByteRanges
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
        var text = self
        // Where each line ends, found with memchr in the UTF-8 bytes in place.
        let ends: [Int]? = text.withUTF8 { bytes in
            guard bytes.firstIndex(of: UInt8(ascii: "\r"), from: 0) == nil else { return nil }
            var ends = [Int]()
            var offset = 0
            while let end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: offset) {
                ends.append(end)
                offset = end + 1
            }
            ends.append(bytes.count)
            return ends
        }
        guard let ends else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        return ends.map { end in
            let stop = utf8.index(utf8.startIndex, offsetBy: end)
            defer { if stop < utf8.endIndex { start = utf8.index(after: stop) } }
            return text[start..<stop]
        }
    }
}
