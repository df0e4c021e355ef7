import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Task files: split into frontmatter and body, given back byte for byte, edited surgically,
/// and refused with a message naming the file when they are not task files.
@Suite struct TaskDocumentTests {
    static let path = "tasks/2026-11/HO-7K3QX.md"

    /// The example task file of SPEC §2.
    static let specExample = """
    ---
    id: HO-7K3QX
    title: Onboard ACME Corp
    stage: onboarding
    owner: bob@example.com
    state: offered            # open | offered | done | cancelled
    priority: high
    customer: ACME Corp
    due: 2026-12-01
    created: 2026-11-20T10:00:00Z
    labels: [enterprise]
    offer:                    # present only while an offer is pending
      from: bob@example.com
      to: carol@example.com
      stage: support
      at: 2026-11-24T09:12:00Z
    ---
    Free Markdown: notes, links, checklists.

    ## Handoff log
    ### 2026-11-24 09:12 UTC — offer bob@example.com → carol@example.com (onboarding → support)
    ...the brief's sections...

    """

    /// A plain open task.
    static let openTask = """
    ---
    id: HO-1
    title: Onboard ACME Corp
    stage: sales
    owner: a@x.com
    state: open   # open | offered | done | cancelled
    priority: high
    ---
    Notes.

    """

    private func document(_ text: String, path: String = path) throws -> TaskDocument {
        try TaskDocument(bytes: Array(text.utf8), path: path)
    }

    private func text(_ document: TaskDocument) -> String {
        String(decoding: document.bytes, as: UTF8.self)
    }

    /// The lines (split on "\n") that differ between two texts with the same number of lines.
    private func changedLines(_ before: String, _ after: String) -> [String] {
        let old = before.components(separatedBy: "\n")
        let new = after.components(separatedBy: "\n")
        guard old.count == new.count else { return ["line count \(old.count) → \(new.count)"] }
        return zip(old, new).filter { $0 != $1 }.map(\.1)
    }

    /// The error reading `bytes` as a task (document and task), expected to be `.invalidFile`
    /// naming the path.
    private func invalid(_ bytes: [UInt8], path: String = path) -> HandoffError? {
        let error = #expect(throws: HandoffError.self) {
            _ = try HandoffTask(document: try TaskDocument(bytes: bytes, path: path))
        }
        #expect(error?.kind == .invalidFile)
        #expect(error?.message.hasPrefix(path + ": ") == true, "\(error?.message ?? "")")
        return error
    }

    private func invalid(_ text: String) -> HandoffError? { invalid(Array(text.utf8)) }

    // MARK: Round trip

    static let trickyFiles: [(String, String)] = [
        ("the SPEC example", specExample),
        ("CRLF line endings", specExample.replacingOccurrences(of: "\n", with: "\r\n")),
        ("a UTF-8 byte-order mark", "\u{FEFF}" + openTask),
        ("a BOM and CRLF", "\u{FEFF}" + openTask.replacingOccurrences(of: "\n", with: "\r\n")),
        ("comments", "---\n# leading comment\nid: HO-1 # trailing\ntitle: T\n  # indented comment\nstage: s\nowner: a@x.com\nstate: open\n# last\n---\nbody\n"),
        ("quoted values", "---\nid: 'HO-1'\ntitle: \"A \\\"quoted\\\" title\\n\"\nstage: 's'' stage'\nowner: \"a@x.com\"\nstate: \"open\"\n---\n"),
        ("unknown keys, nested maps and lists", """
        ---
        id: HO-1
        title: T
        stage: s
        owner: a@x.com
        state: open
        customer:
          name: ACME
          contacts:
            - name: Jo
              phone: "+1 555"
            - {name: Al, phone: null}
        labels: [a, "b, c", 'd']
        x-custom: |
          literal
            text
        folded: >-
          folded
          text
        empty:
        ---
        """ + "\n"),
        ("a body without a final newline", "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n---\nlast line"),
        ("an empty body", "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n---\n"),
        ("no newline after the closing line", "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n---"),
        ("a '...' closing line", "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n...\nbody\n"),
        ("'---' rules in the body", "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n---\nabove\n---\nbelow\n---\n"),
        ("blank lines and trailing spaces", "---\n\nid: HO-1   \ntitle: T\n\n\nstage: s\nowner: a@x.com\nstate: open\n\n---\n\n\nbody  \n\n"),
        ("mixed line endings", "---\r\nid: HO-1\ntitle: T\r\nstage: s\nowner: a@x.com\r\nstate: open\n---\nbody\r\nmore\n"),
        ("non-ASCII text", "---\nid: HO-1\ntitle: Café für 東京 🚀\nstage: s\nowner: a@x.com\nstate: open\n---\nÜber\n"),
    ]

    @Test("parsing a file and writing it back gives the same bytes", arguments: trickyFiles)
    func roundTrip(_ name: String, _ text: String) throws {
        let document = try document(text)
        #expect(document.bytes == Array(text.utf8), "\(name)")
        _ = try HandoffTask(document: document)
    }

    @Test("the body is exactly what follows the closing line")
    func bodyIsExact() throws {
        #expect(try document(Self.openTask).body == "Notes.\n")
        #expect(try document("---\nid: x\n---").body == "")
        #expect(try document("---\nid: x\n---\r\n\r\nA\r\n").body == "\r\nA\r\n")
        #expect(try document("\u{FEFF}---\nid: x\n---\nB").body == "B")
    }

    @Test("a CRLF file's new lines get CRLF, an LF file's get LF")
    func lineEndingFollowsFile() throws {
        #expect(try document(Self.openTask).lineEnding == "\n")
        #expect(try document(Self.openTask.replacingOccurrences(of: "\n", with: "\r\n")).lineEnding == "\r\n")
    }

    // MARK: Task fields

    @Test("a task's fields, labels and offer are read from the frontmatter")
    func readsTask() throws {
        let task = try HandoffTask(document: try document(Self.specExample))
        #expect(task.id == "HO-7K3QX")
        #expect(task.title == "Onboard ACME Corp")
        #expect(task.stage == "onboarding")
        #expect(task.owner == "bob@example.com")
        #expect(task.state == .offered)
        #expect(task.offer == Offer(from: "bob@example.com", to: "carol@example.com", stage: "support", at: "2026-11-24T09:12:00Z"))
        #expect(task.labels == ["enterprise"])
        #expect(task.fields["customer"] == "ACME Corp")
        #expect(task.fields["due"] == "2026-12-01")
        #expect(task.fields["priority"] == "high")
        #expect(task.isOffered(to: "Carol@Example.com"))
        #expect(!task.isOffered(to: "bob@example.com"))
    }

    @Test("quoted values read as their text, whatever it looks like")
    func readsQuotedValues() throws {
        let task = try HandoffTask(document: try document(
            "---\nid: \"HO-1\"\ntitle: 'yes'\nstage: \"123\"\nowner: 'a@x.com'\nstate: \"open\"\npriority: 'null'\n---\n"))
        #expect(task.id == "HO-1")
        #expect(task.title == "yes")
        #expect(task.stage == "123")
        #expect(task.fields["priority"] == "null")
    }

    // MARK: Surgical edits

    @Test("setting state on 'state: open   # comment' changes only that value; one line differs")
    func setStateIsOneLine() throws {
        var document = try document(Self.openTask)
        document.setField("state", to: "offered")
        let after = text(document)
        #expect(changedLines(Self.openTask, after) == ["state: offered   # open | offered | done | cancelled"])
    }

    @Test("a double-quoted title stays double-quoted and escaped; a single-quoted one stays single-quoted")
    func quotingIsKept() throws {
        let before = "---\nid: HO-1\ntitle: \"Old\" # t\nstage: 'sales'\nowner: a@x.com\nstate: open\n---\n"
        var document = try document(before)
        document.setField("title", to: "New \"big\" deal")
        document.setField("stage", to: "it's support")
        #expect(changedLines(before, text(document)) == ["title: \"New \\\"big\\\" deal\" # t", "stage: 'it''s support'"])
        let task = try HandoffTask(document: document)
        #expect(task.title == "New \"big\" deal")
        #expect(task.stage == "it's support")
    }

    @Test("a plain value that would change type is quoted, so it reads back as the same text")
    func typeChangingValuesAreQuoted() throws {
        for value in ["yes", "123", "null", "a: b", "#x", " leading", "~", "1.0", "false"] {
            var document = try document(Self.openTask)
            document.setField("title", to: value)
            #expect(changedLines(Self.openTask, text(document)).count == 1)
            #expect(try HandoffTask(document: document).title == value)
            #expect(text(document).contains("\ntitle: \""))
        }
    }

    @Test("unknown keys, comments, key order and the body are untouched by edits")
    func editsKeepEverythingElse() throws {
        var document = try document(Self.specExample)
        document.setField("owner", to: "carol@example.com")
        document.setField("stage", to: "support")
        document.setField("state", to: "open")
        document.removeField("offer")
        let expected = Self.specExample
            .replacingOccurrences(of: "owner: bob@example.com", with: "owner: carol@example.com")
            .replacingOccurrences(of: "stage: onboarding", with: "stage: support")
            .replacingOccurrences(of: "state: offered            #", with: "state: open            #")
            .replacingOccurrences(of: """
            offer:                    # present only while an offer is pending
              from: bob@example.com
              to: carol@example.com
              stage: support
              at: 2026-11-24T09:12:00Z

            """, with: "")
        #expect(text(document) == expected)
        let task = try HandoffTask(document: document)
        #expect(task.owner == "carol@example.com" && task.state == .open && task.offer == nil)
    }

    @Test("setMapping inserts an offer block before the closing line, then replaces it in place")
    func setMappingInsertsThenReplaces() throws {
        var document = try document(Self.openTask)
        document.setMapping("offer", to: [("from", "a@x.com"), ("to", "b@x.com"), ("stage", "support"), ("at", "2026-11-24T09:12:00Z")])
        document.setField("state", to: "offered")
        let offered = text(document)
        #expect(offered == Self.openTask
            .replacingOccurrences(of: "state: open ", with: "state: offered ")
            .replacingOccurrences(of: "priority: high\n", with: "priority: high\noffer:\n  from: a@x.com\n  to: b@x.com\n  stage: support\n  at: 2026-11-24T09:12:00Z\n"))
        document.setMapping("offer", to: [("from", "a@x.com"), ("to", "c@x.com"), ("stage", "support"), ("at", "2026-11-25T10:00:00Z")])
        #expect(changedLines(offered, text(document)) == ["  to: c@x.com", "  at: 2026-11-25T10:00:00Z"])
        #expect(try HandoffTask(document: document).offer?.to == "c@x.com")
    }

    @Test("edits to a CRLF file with a BOM keep the BOM and write CRLF on every new line")
    func crlfAndBOMSurviveEdits() throws {
        let before = "\u{FEFF}" + Self.openTask.replacingOccurrences(of: "\n", with: "\r\n")
        var document = try document(before)
        document.setField("state", to: "offered")
        document.setField("customer", to: "ACME")
        document.setMapping("offer", to: [("from", "a@x.com"), ("to", "b@x.com")])
        document.appendToBody("## Handoff log\n")
        let after = text(document)
        #expect(after.hasPrefix("\u{FEFF}---\r\n"))
        #expect(after.utf8.count(where: { $0 == UInt8(ascii: "\n") }) == after.utf8.count(where: { $0 == UInt8(ascii: "\r") }))
        #expect(after.contains("state: offered   # open | offered | done | cancelled\r\npriority: high\r\ncustomer: ACME\r\noffer:\r\n  from: a@x.com\r\n  to: b@x.com\r\n---\r\n"))
        #expect(after.hasSuffix("Notes.\r\n\r\n## Handoff log\r\n"))
    }

    @Test("removeField removes the field's block only, and nothing when it is absent")
    func removeField() throws {
        var document = try document(Self.specExample)
        document.removeField("offer")
        document.removeField("not-there")
        #expect(text(document) == Self.specExample.replacingOccurrences(of: """
            offer:                    # present only while an offer is pending
              from: bob@example.com
              to: carol@example.com
              stage: support
              at: 2026-11-24T09:12:00Z

            """, with: ""))
    }

    @Test("setFlowList writes labels as one flow list, quoting labels that would break it")
    func setFlowList() throws {
        var document = try document(Self.specExample)
        document.setFlowList("labels", to: ["enterprise", "vip, gold", "a]b", "{x}", "yes", "#1"])
        #expect(changedLines(Self.specExample, text(document)) == [##"labels: [enterprise, "vip, gold", "a]b", "{x}", "yes", "#1"]"##])
        #expect(try HandoffTask(document: document).labels == ["enterprise", "vip, gold", "a]b", "{x}", "yes", "#1"])
        var fresh = try self.document(Self.openTask)
        fresh.setFlowList("labels", to: [])
        #expect(text(fresh).contains("priority: high\nlabels: []\n---\n"))
    }

    // MARK: Appending to the body

    @Test("appendToBody separates with exactly one blank line and ends with a newline", arguments: [
        ("Notes.\n", "Notes.\n\nX\n"),
        ("Notes.", "Notes.\n\nX\n"),
        ("Notes.\n\n", "Notes.\n\nX\n"),
        ("", "X\n"),
    ])
    func appendToBody(_ body: String, _ expected: String) throws {
        var document = try document("---\nid: x\n---\n" + body)
        document.appendToBody("X")
        #expect(document.body == expected)
        #expect(text(document) == "---\nid: x\n---\n" + expected)
    }

    @Test("appendToBody in a CRLF file writes CRLF and exactly one blank line", arguments: [
        ("Notes.\r\n", "Notes.\r\n\r\nX\r\nY\r\n"),
        ("Notes.", "Notes.\r\n\r\nX\r\nY\r\n"),
        ("Notes.\r\n\r\n", "Notes.\r\n\r\nX\r\nY\r\n"),
        ("", "X\r\nY\r\n"),
    ])
    func appendToBodyCRLF(_ body: String, _ expected: String) throws {
        var document = try document("---\r\nid: x\r\n---\r\n" + body)
        document.appendToBody("X\nY\n")
        #expect(document.body == expected)
    }

    @Test("text with CRLF appended to a file keeps one line ending style")
    func appendNormalizesCRLFText() throws {
        var lf = try document("---\nid: x\n---\nA\n")
        lf.appendToBody("B\r\nC")
        #expect(lf.body == "A\n\nB\nC\n")
        var crlf = try document("---\r\nid: x\r\n---\r\nA\r\n")
        crlf.appendToBody("B\r\nC\n")
        #expect(crlf.body == "A\r\n\r\nB\r\nC\r\n")
    }

    @Test("appending to a file that ends at its closing line puts the text on its own line")
    func appendAfterBareClosingLine() throws {
        var document = try document("---\nid: x\n---")
        document.appendToBody("## Handoff log\n")
        #expect(text(document) == "---\nid: x\n---\n## Handoff log\n")
    }

    @Test("bodyHasLine matches whole lines only, in LF and CRLF bodies")
    func bodyHasLine() throws {
        let lf = try document("---\nid: x\n---\n## Handoff log\nx\n")
        #expect(lf.bodyHasLine("## Handoff log"))
        #expect(!lf.bodyHasLine("## Handoff"))
        let crlf = try document("---\r\nid: x\r\n---\r\n## Handoff log\r\n")
        #expect(crlf.bodyHasLine("## Handoff log"))
        #expect(!(try document("---\nid: x\n---\n### ## Handoff log\n")).bodyHasLine("## Handoff log"))
    }

    // MARK: Errors

    @Test("a file without frontmatter is refused, saying it must start with '---'")
    func noFrontmatter() {
        for text in ["Just notes.\n", "", "\n---\nid: x\n---\n", "--- \nid: x\n---\n", "----\nid: x\n---\n"] {
            #expect(invalid(text)?.message.contains("must start with a '---' line") == true, "\(text.debugDescription)")
        }
    }

    @Test("unclosed frontmatter is refused, saying to add a closing '---'")
    func unclosedFrontmatter() {
        #expect(invalid("---\nid: HO-1\ntitle: T\n")?.message.contains("not closed") == true)
        #expect(invalid("---")?.message.contains("not closed") == true)
    }

    @Test("malformed YAML is refused, naming the file and what to fix")
    func malformedYAML() {
        for yaml in ["id: [HO-1\n", "id: \"HO-1\n", "id: HO-1\n  title: x\n", "id: a: b\n", "id: {a\n"] {
            let error = invalid("---\n" + yaml + "---\n")
            #expect(error?.message.contains("frontmatter is not valid YAML") == true, "\(yaml.debugDescription): \(error?.message ?? "")")
        }
    }

    @Test("duplicate keys are refused, naming the key")
    func duplicateKeys() {
        let error = invalid("---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\nowner: b@x.com\n---\n")
        #expect(error?.message.contains("duplicate key 'owner'") == true, "\(error?.message ?? "")")
    }

    @Test("frontmatter that is a list or a single value is refused: it must be a mapping")
    func frontmatterNotMapping() {
        #expect(invalid("---\n- id: HO-1\n- title: T\n---\n")?.message.contains("must be a mapping") == true)
        #expect(invalid("---\njust text\n---\n")?.message.contains("must be a mapping") == true)
    }

    @Test("non-UTF-8 bytes are refused, saying to save as UTF-8")
    func notUTF8() {
        var bytes = Array("---\nid: HO-1\ntitle: Caf".utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array("\n---\n".utf8)
        #expect(invalid(bytes)?.message.contains("not UTF-8") == true)
    }

    @Test("a file over 1 MiB is refused; one of exactly 1 MiB is read")
    func sizeLimit() throws {
        let head = "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: open\n---\n"
        let exact = head + String(repeating: "x", count: TaskDocument.maximumSize - head.utf8.count)
        #expect(exact.utf8.count == 1 << 20)
        _ = try HandoffTask(document: try document(exact))
        #expect(invalid(Array((exact + "y").utf8))?.message.contains("limited to 1 MiB") == true)
    }

    @Test("YAML anchors and aliases are refused before they can expand (alias bomb)")
    func aliasBomb() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1..<9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "? *a8\n: x\n? [*a8]\n: y\n"
        let error = invalid("---\n" + yaml + "---\n")
        #expect(error?.message.contains("line 2") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("anchor") == true)
    }

    @Test("text that only looks like an anchor (Q&A, *bold*, quoted, in comments, in block text) is fine")
    func ampersandsInTextAreFine() throws {
        let text = "---\nid: HO-1\ntitle: Q&A for *ACME* & co\nstage: \"&s\"\nowner: a@x.com # &c\nstate: open\nnotes: |\n  & more *text*\n---\n"
        let task = try HandoffTask(document: try document(text))
        #expect(task.title == "Q&A for *ACME* & co")
        #expect(task.stage == "&s")
    }

    @Test("each required field missing is refused, naming the field", arguments: ["id", "title", "stage", "owner", "state"])
    func missingRequiredField(_ field: String) {
        let lines = ["id: HO-1", "title: T", "stage: s", "owner: a@x.com", "state: open"].filter { !$0.hasPrefix(field + ":") }
        let error = invalid("---\n" + lines.joined(separator: "\n") + "\n---\n")
        #expect(error?.message.contains("has no '\(field)' field") == true, "\(error?.message ?? "")")
    }

    @Test("a required field that is empty, null, a list or a mapping is refused as the wrong type", arguments: [
        "owner:", "owner: ~", "owner: null", "owner: ''", "owner: [a@x.com, b@x.com]", "owner:\n  - a@x.com", "owner: {email: a@x.com}",
    ])
    func wrongTypeRequiredField(_ ownerLine: String) {
        let error = invalid("---\nid: HO-1\ntitle: T\nstage: s\n\(ownerLine)\nstate: open\n---\n")
        #expect(error?.message.contains("field 'owner' must be a single non-empty value") == true, "\(error?.message ?? "")")
    }

    @Test("an unknown state is refused, listing the known ones")
    func unknownState() {
        let error = invalid("---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: pending\n---\n")
        #expect(error?.message.contains("state 'pending' is not one of open, offered, done, cancelled") == true)
    }

    @Test("state offered without an offer block, or an offer block without state offered, is refused")
    func stateAndOfferDisagree() {
        let head = "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\n"
        let offer = "offer:\n  from: a@x.com\n  to: b@x.com\n  stage: t\n  at: 2026-11-24T09:12:00Z\n"
        #expect(invalid(head + "state: offered\n---\n")?.message.contains("state is offered but there is no offer block") == true)
        #expect(invalid(head + "state: open\n" + offer + "---\n")?.message.contains("has an offer block but state is open") == true)
        #expect(invalid(head + "state: done\n" + offer + "---\n")?.message.contains("but state is done") == true)
    }

    @Test("a malformed offer block is refused, naming what it lacks")
    func malformedOffer() {
        let head = "---\nid: HO-1\ntitle: T\nstage: s\nowner: a@x.com\nstate: offered\n"
        #expect(invalid(head + "offer: b@x.com\n---\n")?.message.contains("'offer' must be a mapping") == true)
        #expect(invalid(head + "offer:\n  from: a@x.com\n  stage: t\n  at: x\n---\n")?.message.contains("offer has no 'to'") == true)
        #expect(invalid(head + "offer:\n  from: a@x.com\n  to: ~\n  stage: t\n  at: x\n---\n")?.message.contains("offer has no 'to'") == true)
    }
}
