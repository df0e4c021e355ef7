import Foundation
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
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

    @Test("the details read as bytes are the details read as characters, or left to them")
    func detailsAsBytes() {
        let pieces = ["### ", "#### ", "##", " ", "\t", "\n", "\r", "\r\n", "x", "Read-back", "—", "\u{301}", "\u{A0}", "\u{2028}", "\u{3000}", "é", "🇩🇪"]
        var decided = 0
        for text in RandomTexts.make(20_000, from: pieces, longest: 12) {
            guard case .decided(let details) = RecordedOperation.plainDetails(text) else { continue }
            decided += 1
            #expect(details == RecordedOperation.characterDetails(text), "\(text.debugDescription)")
        }
        #expect(decided > 5_000, "most texts should be decided by bytes")
        let entry = "\n### 2026-11-29 10:00 — offer a → b (sales → support)\n\n#### Summary\nCall them.\n"
        #expect(RecordedOperation.plainDetails(entry) == .decided("#### Summary\nCall them."))
    }
}
