import HandoffCore
import Testing

/// The three-way merge of task files, on the bytes.
@Suite struct TaskFileMergeTests {
    private let base = """
        ---
        id: HO-1
        title: Onboard
        owner: a@example.com
        state: open
        priority: low
        ---
        Context.

        ## Handoff log

        ### 2026-11-24 09:00 UTC — note by a@example.com

        first

        """

    private func merge(_ ours: String, _ theirs: String, base: String? = nil) throws -> TaskFileMerge.Result {
        try TaskFileMerge.merge(base: Array((base ?? self.base).utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8))
    }

    private func note(_ time: String, _ text: String) -> String {
        "\n### 2026-11-24 \(time) UTC — note by b@example.com\n\n\(text)\n"
    }

    @Test("notes appended on both sides interleave by time; the one added on both is kept once")
    func notesInterleave() throws {
        let ours = base + note("11:00", "ours late") + note("12:00", "same")
        let theirs = base + note("10:00", "theirs early") + note("12:00", "same")
        let result = try merge(ours, theirs)
        #expect(result.isClean)
        #expect(String(decoding: result.contents, as: UTF8.self) == base + note("10:00", "theirs early") + note("11:00", "ours late") + note("12:00", "same"))
    }

    @Test("different unprotected fields changed on each side merge; the same field changed differently conflicts")
    func fields() throws {
        let clean = try merge(
            base.replacingOccurrences(of: "priority: low", with: "priority: high"),
            base.replacingOccurrences(of: "title: Onboard", with: "title: Onboard ACME"))
        #expect(clean.isClean)
        #expect(String(decoding: clean.contents, as: UTF8.self).contains("title: Onboard ACME\nowner: a@example.com\nstate: open\npriority: high\n"))
        let conflict = try merge(
            base.replacingOccurrences(of: "priority: low", with: "priority: high"),
            base.replacingOccurrences(of: "priority: low", with: "priority: urgent"))
        #expect(conflict.conflictingFields == ["priority"])
        #expect(String(decoding: conflict.contents, as: UTF8.self).contains("<<<<<<< ours\npriority: high\n=======\npriority: urgent\n>>>>>>> theirs\n"))
    }

    @Test("protected fields changed on both sides conflict even when each field changed on one side only")
    func protectedFields() throws {
        let result = try merge(
            base.replacingOccurrences(of: "owner: a@example.com", with: "owner: b@example.com"),
            base.replacingOccurrences(of: "state: open", with: "state: done"))
        #expect(result.conflictingFields == ["owner", "state"])
        #expect(!result.isClean)
    }

    @Test("CRLF files keep their line endings when notes interleave")
    func crlf() throws {
        let crlf = { (text: String) in text.replacingOccurrences(of: "\n", with: "\r\n") }
        let result = try merge(crlf(base + note("11:00", "ours")), crlf(base + note("10:00", "theirs")), base: crlf(base))
        #expect(result.isClean)
        #expect(String(decoding: result.contents, as: UTF8.self) == crlf(base + note("10:00", "theirs") + note("11:00", "ours")))
    }

    @Test("a file that is not a task file is merged line by line")
    func notATask() throws {
        let result = try merge("x\nb\nc\n", "a\nb\nz\n", base: "a\nb\nc\n")
        #expect(result.isClean)
        #expect(String(decoding: result.contents, as: UTF8.self) == "x\nb\nz\n")
        let conflict = try merge("x\n", "y\n", base: "a\n")
        #expect(!conflict.isClean)
        #expect(String(decoding: conflict.contents, as: UTF8.self) == "<<<<<<< ours\nx\n=======\ny\n>>>>>>> theirs\n")
    }
}
