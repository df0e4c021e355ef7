import Foundation
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// The shortcuts verify takes for every replayed handoff's brief and read-back agree with the
/// Foundation and character readings they replace.
@Suite struct TextReadingTests {
    private static let pieces = [" ", "\t", "\n", "\r", "\r\n", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "\u{301}", "a", "é", "#", "## ", "x y", "\u{1F600}", "\u{0}"]

    @Test("trimming with the ASCII shortcut equals Foundation's trimming, on 20,000 random texts")
    func trimming() {
        for text in RandomTexts.make(20_000, from: Self.pieces, longest: 6) {
            #expect(text.trimmedOfWhitespaceAndNewlines == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmedOfWhitespace == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            let slice = Substring(text).dropFirst()
            #expect(slice.trimmedOfWhitespace == slice.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
        #expect("  a read-back \n".trimmedOfWhitespaceAndNewlines == "a read-back")
    }

    @Test("a brief's lines cut at newline bytes are the lines a character split gives, on 20,000 random texts")
    func briefLines() {
        for text in RandomTexts.make(20_000, from: Self.pieces, longest: 8) {
            let byCharacters = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            #expect(Brief.lines(of: text) == byCharacters, "\(text.debugDescription)")
        }
        for text in ["", "\n", "a", "a\n", "\n\nb"] {
            #expect(text.linesWithoutCarriageReturn == text.split(separator: "\n", omittingEmptySubsequences: false), "\(text.debugDescription)")
        }
    }
}

extension TextReadingTests {
    @Test("trailer keys compare as lowercased copies do, on 20,000 random pairs")
    func trailerKeys() {
        let pieces = ["Handoff-Task", "handoff-task", "HANDOFF", "-", "k", "K", "\u{212A}", "ß", "SS", "İ", "i", "é", "E\u{301}", "É"]
        let left = RandomTexts.make(20_000, from: pieces, longest: 3)
        let right = RandomTexts.make(20_000, from: pieces, longest: 3)
        for (a, b) in Array(zip(left, right)) + Array(zip(left, left.map { $0.uppercased() })) {
            #expect(RawCommit.sameKey(a, b) == (a.lowercased() == b.lowercased()), "\(a.debugDescription) \(b.debugDescription)")
        }
    }

    @Test("the UTF-8 check of task files agrees with the standard library's, on 20,000 random byte strings")
    func utf8Check() {
        // Mostly ASCII with a few bytes above 0x7F anywhere, so the eight-byte ASCII steps and
        // every place the check hands over to the full validation are crossed.
        let bytes: [UInt8] = Array("abc ---\n".utf8) + [0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x86, 0x92, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0xED, 0xA0]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...40)).map { _ in Int.random(in: 0..<10) < 8 ? UInt8.random(in: 0x20...0x7E) : bytes.randomElement()! }
            #expect(text.withUnsafeBytes(HandoffTask.isUTF8) == (String(validating: text, as: UTF8.self) != nil), "\(text)")
        }
    }

    @Test("a line's top-level key read from its bytes is the one its characters give, on 20,000 random lines")
    func topLevelKeys() {
        let pieces = ["a", "owner", " ", "\t", ":", ": ", "#", " #", "-", "\"", "'", "x y", "\r", "é", "e\u{301}", "\u{301}", "?", "[", "{"]
        var decided = 0
        for text in RandomTexts.make(20_000, from: pieces, longest: 7) {
            var line = Substring(text)
            let byBytes = line.withUTF8(YAMLScalar.asciiTopLevelKey)
            if case .read(let key) = byBytes {
                decided += 1
                #expect(key == YAMLScalar.characterTopLevelKey(of: line), "\(text.debugDescription)")
            } else {
                #expect(text.utf8.contains { $0 >= 0x80 }, "\(text.debugDescription)")
            }
            #expect(YAMLScalar.topLevelKey(of: line) == YAMLScalar.characterTopLevelKey(of: line), "\(text.debugDescription)")
        }
        #expect(decided > 5_000)
    }
}
