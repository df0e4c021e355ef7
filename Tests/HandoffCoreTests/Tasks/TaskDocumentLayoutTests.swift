import Foundation
import Testing
import Yams
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Files the fuzzer found where the line editor and the YAML parser disagreed about where a
/// field ends, so an edit would have cut a value in half: they are refused with the line to fix,
/// and files the editor understands still edit into valid files.
@Suite struct TaskDocumentLayoutTests {
    static let path = "tasks/2026-11/HO-7K3QX.md"

    static func document(_ frontmatter: String) throws(HandoffError) -> TaskDocument {
        try TaskDocument(bytes: Array("---\n\(frontmatter)---\nbody\n".utf8), path: path)
    }

    static func expectRefused(_ frontmatter: String, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try Self.document(frontmatter)
        } throws: { error in
            let message = (error as? HandoffError)?.message ?? ""
            return message.hasPrefix(Self.path + ": ") && message.contains(words)
        }
    }

    static let base = "id: HO-7K3QX\ntitle: T\nstage: sales\nowner: a@example.com\nstate: open\n"

    @Test("a quoted label list whose continuation line looks like a field is refused at that line")
    func continuationLooksLikeField() {
        Self.expectRefused(Self.base + "labels: [vip, \"q\ntitle: CRLF task\nowner:4, eu\"]\n", saying: "line 8 continues the value above")
    }

    @Test("a continuation line starting with dashes at the start of a line is refused")
    func continuationStartsWithDashes() {
        Self.expectRefused(Self.base + "labels: [v: x\n--ip, \"q4, eu\"]\n", saying: "line 8 continues the value above")
    }

    @Test("a lone carriage return, which YAML reads as a line break, is refused")
    func loneCarriageReturn() {
        Self.expectRefused(Self.base + "created: 2026-11-02T09:15:00Z\r\r\r\n", saying: "line 7 has a carriage return")
    }

    @Test("a Unicode line separator inside the frontmatter is refused")
    func unicodeLineSeparator() {
        Self.expectRefused(Self.base + "customer: ACME\u{2028}Corp\n", saying: "line 7 has a carriage return or Unicode line separator")
    }

    @Test("a byte-order mark inside the frontmatter (YAML skips it, the editor would not) is refused")
    func byteOrderMarkInside() {
        Self.expectRefused("\u{FEFF}#ob@5-1ne\n", saying: "line 2 has a carriage return or Unicode line separator (or byte-order mark)")
    }

    @Test("a field written as a flow mapping on one line is refused: the editor cannot change it")
    func flowMappingFrontmatter() {
        Self.expectRefused("{id: HO-7K3QX, title: T}\n", saying: "is not written as 'key: value'")
    }

    @Test("a comment whose '#' carries a combining mark is still a comment, before and after an edit")
    func commentWithCombiningMark() throws {
        var document = try Self.document("\n#\u{652}b@--\n\n")
        document.setField("fuzzed", to: "value")
        let edited = try TaskDocument(bytes: document.bytes, path: Self.path)
        #expect(try edited.frontmatter()["fuzzed"]?.string == "value")
    }

    @Test("a line indented by a space with a combining mark stays in its field's block when the field is replaced")
    func indentWithCombiningMark() throws {
        var document = try Self.document(Self.base + "offer:\n \u{652} [vip, q4]\n  #--\n")
        document.setMapping("offer", to: [("to", "bob@example.com")])
        document.setField("fuzzed", to: "value")
        let edited = try TaskDocument(bytes: document.bytes, path: Self.path)
        #expect(try edited.frontmatter()["fuzzed"]?.string == "value")
        #expect(try edited.frontmatter()["offer"]?.mapping?["to"]?.string == "bob@example.com")
    }

    @Test("a trailing line of spaces and tabs stays after the value it belongs to when fields are added")
    func trailingTabLine() throws {
        var document = try Self.document("d: \t\tli\n \t\t\n")
        document.setFlowList("labels", to: ["a"])
        document.setField("fuzzed", to: "value")
        let edited = try TaskDocument(bytes: document.bytes, path: Self.path)
        #expect(try edited.frontmatter()["fuzzed"]?.string == "value")
    }

    @Test("a quoted value continuing on lines that start with a dash and a tab is refused")
    func dashTabContinuation() {
        Self.expectRefused(Self.base + "offer:\n  to: bob@example.com\n  stil: \"O0Z\n-\to\n m( # Corp\"\n", saying: "line 10 continues the value above")
    }

    @Test("indented continuations, block lists and CRLF files still edit into valid files")
    func editableLayoutsStayValid() throws {
        var document = try Self.document(Self.base + "labels:\n- a\n- b\nnotes: \"one\n  two\"\n")
        document.setField("notes", to: "x")
        document.setFlowList("labels", to: ["c"])
        let edited = try TaskDocument(bytes: document.bytes, path: Self.path)
        #expect(try edited.frontmatter()["notes"]?.string == "x")
        #expect(String(decoding: edited.bytes, as: UTF8.self).contains("labels: [c]\n"))
    }
}
