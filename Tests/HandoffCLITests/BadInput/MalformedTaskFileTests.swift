import Foundation
import HandoffCore
import TestSupport
import Testing

/// Task files that are not valid task files, committed with plain git: every command that
/// reads them refuses with exit 1, names the file and says what to fix, and writes nothing.
@Suite struct MalformedTaskFileTests {
    static let id = "HO-BAD01"
    static let path = "tasks/2026-11/HO-BAD01.md"

    /// Commits `bytes` as the task file, then runs `note` on it and expects a refusal naming it.
    static func expectNoteRefused(_ bytes: [UInt8], saying words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let team = try TestTeam()
        try BadInput.commitRaw(bytes, at: path, in: team)
        let head = try BadInput.head(of: team)
        let result = handoff(["note", id, "-m", "hello"], as: team.admin, in: team)
        try BadInput.expectRefused(result, mentioning: [path] + words, in: team, head: head, unchanged: [path: bytes], sourceLocation: sourceLocation)
        let show = handoff(["show", id], as: team.admin, in: team)
        #expect(show.code == 1 && show.stderr.contains(path), "show: \(show.stderr)", sourceLocation: sourceLocation)
    }

    @Test("malformed YAML is refused naming the file")
    func malformedYAML() throws {
        try Self.expectNoteRefused(Array(BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: [unclosed\nstage: sales\n").utf8), saying: ["not valid YAML"])
    }

    @Test("a file without frontmatter is refused naming the file")
    func noFrontmatter() throws {
        try Self.expectNoteRefused(Array("# Just Markdown\n\nid: \(Self.id)\n".utf8), saying: ["no YAML frontmatter"])
    }

    @Test("frontmatter that is never closed is refused")
    func unclosedFrontmatter() throws {
        try Self.expectNoteRefused(Array("---\nid: \(Self.id)\ntitle: T\n".utf8), saying: ["not closed"])
    }

    @Test("duplicate keys are refused naming the file")
    func duplicateKeys() throws {
        let text = BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: T\nstage: sales\nowner: alice@example.com\nowner: mallory@example.com\nstate: open\ncreated: 2026-11-02T09:15:00Z\n")
        try Self.expectNoteRefused(Array(text.utf8), saying: ["duplicate"])
    }

    @Test("a YAML alias bomb is refused before it is expanded")
    func aliasBomb() throws {
        var lines = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { lines += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let text = BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: T\nstage: sales\nowner: alice@example.com\nstate: open\n" + lines)
        try Self.expectNoteRefused(Array(text.utf8), saying: ["anchor or alias"])
    }

    @Test("deeply nested flow collections are refused, not a stack overflow")
    func deepNesting() throws {
        let depth = 100_000
        let text = BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: T\nstage: sales\nowner: alice@example.com\nstate: open\nx: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        try Self.expectNoteRefused(Array(text.utf8), saying: ["not valid YAML"])
    }

    @Test("a field of the wrong type (a list where text belongs) is refused naming the field")
    func wrongType() throws {
        let text = BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: T\nstage: sales\nowner: [alice@example.com, bob@example.com]\nstate: open\ncreated: 2026-11-02T09:15:00Z\n")
        try Self.expectNoteRefused(Array(text.utf8), saying: ["owner"])
    }

    @Test("an unknown state is refused naming the field")
    func unknownState() throws {
        let text = BadInput.taskText(id: Self.id, frontmatter: "id: \(Self.id)\ntitle: T\nstage: sales\nowner: alice@example.com\nstate: maybe\ncreated: 2026-11-02T09:15:00Z\n")
        try Self.expectNoteRefused(Array(text.utf8), saying: ["state"])
    }

    @Test("a file that is not UTF-8 is refused naming the file")
    func notUTF8() throws {
        var bytes = Array(BadInput.taskText(id: Self.id).utf8)
        bytes.insert(contentsOf: [0xff, 0xfe, 0xc3], at: 10)
        try Self.expectNoteRefused(bytes, saying: ["not UTF-8"])
    }

    @Test("a 50 MB task file is refused by its size")
    func hugeFile() throws {
        var bytes = Array(BadInput.taskText(id: Self.id).utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20)
        try Self.expectNoteRefused(bytes, saying: ["limited to 1 MiB"])
    }

    @Test("an id inside the file that differs from its file name is refused")
    func idMismatch() throws {
        try Self.expectNoteRefused(Array(BadInput.taskText(id: "HO-OTHER").utf8), saying: ["make them agree"])
    }
}
