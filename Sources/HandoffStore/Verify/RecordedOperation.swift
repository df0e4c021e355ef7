import ByteRanges
import Foundation
import GitKit
import HandoffModel

/// Reads back, from a handoff commit's new task file, the operation the commit claims (its
/// trailers) with the text it carried (brief, read-back, reason, note), so the verifier can
/// apply that operation to the parent's file and compare byte for byte.
enum RecordedOperation {
    /// The operation of `kind` whose log entry was appended from `oldBody` to `newBody`, with the
    /// receiver and stage of its trailers; nil when the body was not only appended to, or the
    /// entry is not what that operation writes.
    static func operation(
        _ kind: TaskOperation.Kind, receiver: String?, stage: String?, respondBy: String? = nil, oldBody: String, newBody: String
    ) -> TaskOperation? {
        guard let details = appendedDetails(oldBody: oldBody, newBody: newBody) else { return nil }
        return TaskOperation.recorded(kind, from: RecordedEntry(details: details, receiver: receiver, stage: stage, respondBy: respondBy))
    }

    /// The text under the one `### ` log heading appended from `oldBody` to `newBody` (empty when
    /// the entry is a bare heading); nil when the body was not only appended to.
    static func appendedDetails(oldBody: String, newBody: String) -> String? {
        guard let appended = text(of: newBody, after: oldBody) else { return nil }
        switch plainDetails(appended) {
        case .decided(let details): return details
        case .undecided: return characterDetails(appended)
        }
    }

    /// What bytes alone decide about the details of `appended`.
    enum Reading: Equatable {
        /// The details (nil: no `### ` heading), as the character reading gives them.
        case decided(String?)
        /// Bytes a character reading could group differently: a carriage return, a mark after
        /// a heading's `### `, text beyond ASCII at either end of the details.
        case undecided
    }

    /// The details of `appended` read as bytes, for the plain text nearly every entry is: the
    /// lines after the last line that starts `### `, trimmed of ASCII white space.
    static func plainDetails(_ appended: String) -> Reading {
        let bytes = Array(appended.utf8)
        guard !bytes.contains(UInt8(ascii: "\r")) else { return .undecided }
        let heading = Array("### ".utf8)
        var detailsStart: Int?
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if bytes[lineStart..<lineEnd].starts(with: heading) {
                let next = lineStart + heading.count
                if next < lineEnd, bytes[next] >= 0x80 { return .undecided }
                detailsStart = lineEnd
            }
            lineStart = lineEnd + 1
        }
        guard var start = detailsStart else { return .decided(nil) }
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start == end || (bytes[start] < 0x80 && bytes[end - 1] < 0x80) else { return .undecided }
        return .decided(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// The details of `appended` read as characters: the reading the byte one must agree with.
    static func characterDetails(_ appended: String) -> String? {
        var appended = appended
        if appended.utf8.contains(UInt8(ascii: "\r")) { appended = appended.replacingOccurrences(of: "\r\n", with: "\n") }
        let lines: [String] = appended.components(separatedBy: "\n")
        guard let headingIndex = lines.lastIndex(where: { (line: String) in line.hasPrefix("### ") }) else { return nil }
        return lines[(headingIndex + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What follows `prefix` in `text` when `text` starts with it as characters, else nil. When
    /// the bytes start alike and the cut falls between two characters that is the answer, found
    /// without comparing and counting characters; anything else is decided by `hasPrefix`.
    static func text(of text: String, after prefix: String) -> String? {
        let bytes = text.utf8
        if startsWith(bytes, prefix.utf8),
           let cut = String.Index(bytes.index(bytes.startIndex, offsetBy: prefix.utf8.count), within: text) {
            return String(text[cut...])
        }
        return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }

    /// True when `bytes` start with `prefix`: one `memcmp` for native strings (an old body of
    /// several kilobytes against the new one, for every replayed handoff).
    private static func startsWith(_ bytes: String.UTF8View, _ prefix: String.UTF8View) -> Bool {
        guard prefix.count <= bytes.count else { return false }
        let compared = bytes.withContiguousStorageIfAvailable { whole in
            prefix.withContiguousStorageIfAvailable { start in UnsafeRawBufferPointer(whole).hasBytePrefix(UnsafeRawBufferPointer(start)) }
        }
        return (compared ?? nil) ?? bytes.starts(with: prefix)
    }
}
