import Foundation
import GitKit
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing

/// The byte scanner behind a cold `list` gives exactly the row the full reader (Yams, through
/// `TaskDocument`) gives, or steps aside; a row it got wrong would be cached and shown for as
/// long as the file does not change.
@Suite struct TaskSummaryScannerTests {
    private static let blob = ObjectID(hex: "0123456789abcdef0123456789abcdef01234567")!

    /// A task file: the lines given between the `---` lines, then a body.
    private static func file(_ frontmatter: String) -> [UInt8] {
        Array("---\n\(frontmatter)\n---\n## Context\nText.\n".utf8)
    }

    private static let base = "id: HO-1\ntitle: Onboard ACME\nstage: sales\nowner: alice@example.com\nstate: open"
    private static let offer = "offer:\n  from: alice@example.com\n  to: bob@example.com\n  stage: onboarding\n  at: 2026-11-24T09:12:00Z"

    /// The task the full reader makes, or nil when it refuses the file. `TaskDocument` itself
    /// hands plain files to the scanner, so the frontmatter is parsed again here by the full
    /// reader, which is what the scanner is compared with.
    private func fullTask(_ bytes: [UInt8]) -> HandoffTask? {
        guard let document = try? TaskDocument(bytes: bytes, path: "tasks/2026-11/HO-1.md"),
            let mapping = try? document.frontmatter()
        else { return nil }
        return try? HandoffTask(mapping: mapping, path: document.path)
    }

    /// The ID and row the scanner makes, or nil when it leaves the file to the full reader
    /// (and then it must have appended nothing).
    private func scan(_ bytes: [UInt8]) -> (id: String, row: TaskSummaryCache.Row)? {
        var output = Array("earlier rows\n".utf8)
        let id = bytes.withUnsafeBufferPointer { TaskSummaryScanner.appendRow(of: $0, blob: Self.blob, to: &output) }
        guard let id else {
            #expect(output == Array("earlier rows\n".utf8), "a declined file appends nothing")
            return nil
        }
        return (id, TaskSummaryCache.Row(bytes: Array(output.dropFirst("earlier rows\n".utf8.count))))
    }

    /// The row the full reader makes, or nil when it refuses the file.
    private func fullRow(_ bytes: [UInt8]) -> TaskSummaryCache.Row? {
        fullTask(bytes).map { TaskSummaryCache.Row(blob: Self.blob, task: $0) }
    }

    /// Files the scanner must read itself, each exactly as the full reader does.
    static let plain = [
        base,
        base + "\npriority: high\ncreated: 2026-11-24T09:12:00Z\ncustomer: ACME\\Corp",
        base.replacingOccurrences(of: "state: open", with: "state: offered") + "\n" + offer,
        base + "\nlabels: [enterprise, 'two words', \"q\", 7]\nzeta: last\nalpha: first",
        base + "\nlabels: []",
        base + "\nlabels: plain words",
        base + "\n\nnote: value:with:colons\nother: a#b\nnothing: null\nyes: true",
        base.replacingOccurrences(of: "Onboard ACME", with: "Café Zürich – 50% done, 東京") + "\ncustomer: O'Brien & Sons",
        base.replacingOccurrences(of: "Onboard ACME", with: "'Quoted: with colon'"),
        base + "\nextra:\n    nested: x\n    other: y",
        "title: first\n" + base.replacingOccurrences(of: "title: Onboard ACME\n", with: ""),
    ]

    @Test("plain task files are scanned to the full reader's row", arguments: plain)
    func sameRow(_ frontmatter: String) throws {
        let bytes = Self.file(frontmatter)
        let scanned = try #require(scan(bytes), "the scanner should read this file")
        let full = try #require(fullRow(bytes))
        #expect(Array(scanned.row.bytes) == Array(full.bytes))
        #expect(scanned.id == "HO-1")
        #expect(scanned.row.task() == full.task())
        #expect(TaskSummaryScanner.task(of: bytes) == fullTask(bytes))
        #expect(try HandoffTask(document: TaskDocument(bytes: bytes, path: "tasks/2026-11/HO-1.md")) == fullTask(bytes))
    }

    /// Files the scanner leaves to the full reader: other YAML, or a task the reader refuses
    /// (whose error message only the full reader gives).
    static let declined = [
        base + " # comment", base + "\n# comment", base + "\nnote: |\n  block", base + "\nnote: 'it''s'", base + "\nnote: \"esc\\tape\"",
        base + "\nempty:", base + "\nid: HO-2", base + "\nlabels: [a, [b]]", base + "\nlabels: [a, ]", base + "\nnote:  two",
        base + "\nnote: trailing ", base + "\nnote: -dash", base + "\nnote: a: b", base + "\nnote: \ttab", base + "\nlist:\n- a",
        base + "\nnote: {a: b}", base + "\nnote: !tag x", base + "\nnote: a\u{2028}b", base + "\nnote: &anchor x",
        base + "\nnote: e\u{301}", base + "\nnote: \"\u{301}x\"", base + "\nlabels: [a\u{600},b]", base + "\nnote: a\r",
        base.replacingOccurrences(of: "state: open", with: "state: offered"),
        base + "\n" + offer,
        base.replacingOccurrences(of: "state: open", with: "state: lost"),
        base.replacingOccurrences(of: "owner: alice@example.com", with: "owner: null"),
        base.replacingOccurrences(of: "owner: alice@example.com", with: "owner: ''"),
        base.replacingOccurrences(of: "title: Onboard ACME\n", with: ""),
        base.replacingOccurrences(of: "state: open", with: "state: offered") + "\n" + offer.replacingOccurrences(of: "  at: 2026-11-24T09:12:00Z", with: "  at: Null"),
        base + "\noffer: none",
    ]

    @Test("other YAML and refused tasks are left to the full reader", arguments: declined)
    func declines(_ frontmatter: String) {
        #expect(scan(Self.file(frontmatter)) == nil)
        #expect(TaskSummaryScanner.task(of: Self.file(frontmatter)) == nil)
    }

    @Test("CRLF, a byte-order mark, an unclosed frontmatter and a body that is not UTF-8 are left to the full reader")
    func layouts() {
        let crlf = Array(Self.file(Self.base).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).joined(separator: Array("\r\n".utf8)))
        #expect(scan(crlf) == nil)
        #expect(scan([0xEF, 0xBB, 0xBF] + Self.file(Self.base)) == nil)
        #expect(scan(Array("---\n\(Self.base)\n".utf8)) == nil)
        #expect(scan(Self.file(Self.base) + [0xC3, 0x0A]) == nil)
    }

    @Test("a file closed with '...' reads as the full reader reads it")
    func dotsClose() throws {
        let bytes = Array("---\n\(Self.base)\n...\nbody\n".utf8)
        let scanned = try #require(scan(bytes))
        #expect(Array(scanned.row.bytes) == fullRow(bytes).map { Array($0.bytes) })
    }

    /// Seeded byte edits of real task files: whatever the scanner accepts, the full reader must
    /// accept with the same row. A deterministic generator keeps failures reproducible.
    @Test("after 20,000 random byte edits the scanner never disagrees with the full reader")
    func randomEdits() throws {
        var generator = SplitMix(seed: 0x5EED)
        let seeds = Self.plain.map(Self.file)
        let alphabet = Array(" :-#'\"[],\n\r\t\\ab0&*!|>{}~".utf8) + [0xC3, 0xA9, 0xCC, 0x81, 0xE2, 0x80, 0xA8]
        var scannedCount = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                switch generator.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            let task = TaskSummaryScanner.task(of: bytes)
            guard let scanned = scan(bytes) else {
                #expect(task == nil)
                continue
            }
            scannedCount += 1
            let full = fullRow(bytes)
            #expect(full.map { Array($0.bytes) } == Array(scanned.row.bytes), "edited file: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(task == fullTask(bytes), "edited file: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if full == nil { return }
        }
        #expect(scannedCount > 1_000, "the edits should leave many files the scanner still reads")
    }
}

/// A small seeded random generator (SplitMix64), so random tests repeat exactly.
private struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
