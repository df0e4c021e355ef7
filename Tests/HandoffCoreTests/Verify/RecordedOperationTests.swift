import Foundation
@testable import HandoffCore
import Testing

/// Reading what a handoff appended to a body: the byte shortcut must agree with comparing characters.
@Suite struct RecordedOperationTests {
    @Test("the text after a prefix agrees with hasPrefix and dropFirst, at CRLF, combining marks and equivalent forms")
    func textAfterPrefix() {
        let pairs: [(String, String)] = [
            ("## Log\n\n### 2026 — offer\n", "## Log\n"), ("abc", "abc"), ("abc", ""), ("", ""), ("ab", "abc"),
            ("a\r\nb", "a\r"), ("a\r\nb", "a"), ("e\u{301}x", "e"), ("e\u{301}x", "\u{E9}"), ("\u{E9}x", "e\u{301}"),
            ("— ü\n### x", "— ü\n"), ("x", "y"), ("🇩🇪🇫🇷", "🇩🇪"), ("👩\u{200D}💻!", "👩"),
        ]
        for (text, prefix) in pairs {
            let expected = text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
            #expect(RecordedOperation.text(of: text, after: prefix) == expected, "\(text.debugDescription) after \(prefix.debugDescription)")
        }
    }
}
