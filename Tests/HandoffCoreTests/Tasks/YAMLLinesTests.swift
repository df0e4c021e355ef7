import Foundation
import Testing
import Yams
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Line-by-line YAML editing: every byte a change does not touch stays as it was.
@Suite struct YAMLLinesTests {
    /// The value Yams reads for top-level `key` in `text`.
    private func value(_ key: String, in text: String) throws -> String? {
        try Yams.compose(yaml: text)?.mapping?[key]?.string
    }

    /// The lines of `after` that differ from `before`, position by position (same line count).
    private func changedLines(_ before: String, _ after: String) -> [String] {
        let old = before.components(separatedBy: "\n")
        let new = after.components(separatedBy: "\n")
        guard old.count == new.count else { return ["line count \(old.count) → \(new.count)"] }
        return zip(old, new).filter { $0 != $1 }.map(\.1)
    }

    // MARK: Splitting

    @Test("text splits into lines that keep their own endings, and joins back byte for byte")
    func splitKeepsTerminators() {
        let text = "a: 1\r\nb: 2\nc: 3\r\n\r\nd: 4"
        let lines = YAMLLines(text: text)
        #expect(lines.lines.map(\.text) == ["a: 1", "b: 2", "c: 3", "", "d: 4"])
        #expect(lines.lines.map(\.terminator) == ["\r\n", "\n", "\r\n", "\r\n", ""])
        #expect(lines.text == text)
        #expect(lines.lineEnding == "\r\n")
        #expect(lines.yaml == "a: 1\nb: 2\nc: 3\n\nd: 4")
    }

    @Test("random text of newlines, carriage returns and multi-byte characters splits as a byte-level reference does")
    func splitMatchesAReference() {
        let pieces = ["a", " ", "\n", "\r", "\r\n", "é", "e\u{301}", "\u{301}", "🇩🇪", "👩\u{200D}💻", "---"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12)).map { _ in pieces.randomElement()! }.joined()
            // Reference: cut the UTF-8 at each newline byte; a carriage return right before it ends the line too.
            var expected = [(String, String)]()
            var current = [UInt8]()
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\n") {
                    let crlf = current.last == UInt8(ascii: "\r")
                    expected.append((String(decoding: crlf ? current.dropLast() : current[...], as: UTF8.self), crlf ? "\r\n" : "\n"))
                    current = []
                } else {
                    current.append(byte)
                }
            }
            if !current.isEmpty { expected.append((String(decoding: current, as: UTF8.self), "")) }
            let lines = YAMLLines.split(text)
            #expect(lines.map { Array($0.text.utf8) } == expected.map { Array($0.0.utf8) }, "\(Array(text.utf8))")
            #expect(lines.map(\.terminator) == expected.map(\.1))
            #expect(Array(lines.map { $0.text + $0.terminator }.joined().utf8) == Array(text.utf8))
        }
    }

    @Test("an empty text has no lines and a lone carriage return stays part of its line")
    func splitEdgeCases() {
        #expect(YAMLLines(text: "").lines.isEmpty)
        #expect(YAMLLines(text: "").text == "")
        let odd = YAMLLines(text: "a: x\ry\n")
        #expect(odd.lines.map(\.text) == ["a: x\ry"])
        #expect(odd.text == "a: x\ry\n")
    }

    @Test("the line reader reads what split splits, and leaves the rest byte for byte", arguments: [
        "a: 1\r\nb: 2\nc: 3\r\n\r\nd: 4", "", "\n", "\r\n", "x\r", "a: x\ry\n", "e\u{301}\n\u{301}x\r\n\u{FEFF}z", "🇩🇪\r\n👩\u{200D}💻\n",
    ])
    func readerMatchesSplit(_ text: String) {
        var reader = YAMLLines.Reader(text)
        var read = [YAMLLines.Line]()
        while let line = reader.next() { read.append(line) }
        #expect(read == YAMLLines.split(text))
        #expect(reader.rest.isEmpty)
        for count in 0...read.count {
            var partial = YAMLLines.Reader(text)
            for _ in 0..<count { _ = partial.next() }
            #expect(Array(partial.rest.utf8) == Array(read.dropFirst(count).map { $0.text + $0.terminator }.joined().utf8))
        }
    }

    // MARK: setField

    @Test("setting a field changes only its value, keeping the trailing comment and the spacing")
    func setFieldKeepsComment() {
        var lines = YAMLLines(text: "id: HO-1\nstate: open   # open | offered\nowner: a@x.com\n")
        lines.setField("state", to: "offered")
        #expect(lines.text == "id: HO-1\nstate: offered   # open | offered\nowner: a@x.com\n")
    }

    @Test("a field's quoting style survives: double stays double (escaped), single stays single")
    func setFieldKeepsQuoteStyle() throws {
        var lines = YAMLLines(text: "a: \"old\"  # c\nb: 'old'\nc: plain\n")
        lines.setField("a", to: "say \"hi\" \\ bye")
        lines.setField("b", to: "it's")
        lines.setField("c", to: "still plain")
        #expect(lines.text == "a: \"say \\\"hi\\\" \\\\ bye\"  # c\nb: 'it''s'\nc: still plain\n")
        #expect(try value("a", in: lines.text) == "say \"hi\" \\ bye")
        #expect(try value("b", in: lines.text) == "it's")
    }

    @Test("a plain value that YAML would read as another type or syntax is written in double quotes")
    func setFieldQuotesUnsafeValues() throws {
        let unsafe = ["yes", "No", "ON", "123", "-5", "1.5", "1e3", "null", "~", "a: b", "#x", " leading",
                      "trailing ", "x #y", "key:", "[a]", "{a}", "- item", "? q", "*alias", "&anchor", "!tag",
                      "|", ">", "%d", "@at", "`tick", "'q", "\"q", ".inf", "0o17", "0x1F", "1_000", "1:30", "<<", "="]
        for text in unsafe {
            var lines = YAMLLines(text: "title: x\n")
            lines.setField("title", to: text)
            #expect(lines.text.hasPrefix("title: \""), "\(text) → \(lines.text)")
            #expect(try value("title", in: lines.text) == text)
            let node = try #require(try Yams.compose(yaml: lines.text)?.mapping?["title"]?.scalar)
            #expect(node.style == .doubleQuoted)
        }
    }

    @Test("ordinary values, dates and times stay plain")
    func setFieldKeepsSafeValuesPlain() {
        for text in ["Onboard ACME Corp", "a@x.com", "2026-12-01", "2026-11-24T09:12:00Z", "Q&A", "a#b", "a:b",
                     "50% done", "it's", "naïve café", "HO-7K3QX", "x, y"] {
            var lines = YAMLLines(text: "title: x\n")
            lines.setField("title", to: text)
            #expect(lines.text == "title: \(text)\n")
        }
    }

    @Test("the byte reading of plain words agrees with the character reading on 20,000 random words")
    func plainWordsAgree() {
        let pieces = ["a", "Z", "n", "N", "o", "y", "e", "s", "inf", "INF", "nan", "inity", "true", "Yes", "off", "null", "ull", "0", "9", "1e5",
                      "@", ".", "_", "+", "-", "/", ":", " ", "#", "é", "ü", ",", "[", "person", "example.com", "HO-7K3QX"]
        var decided = 0
        for text in RandomTexts.make(20_000, from: pieces, longest: 6) {
            guard let plain = YAMLScalar.isPlainWord(text) else { continue }
            decided += 1
            for inFlow in [false, true] {
                #expect(plain == YAMLScalar.isSafePlainByCharacters(text, inFlow: inFlow), "\(text)")
            }
        }
        #expect(decided > 2_000)
        #expect(YAMLScalar.isPlainWord("person02@example.com") == true)
        #expect(YAMLScalar.isPlainWord("nan") == false)
        #expect(YAMLScalar.isPlainWord("Off") == false)
        #expect(YAMLScalar.isPlainWord("a b") == nil)
    }

    @Test("the times handoff writes stay plain because the resolver reads them as timestamps, and nothing else is taken for one")
    func utcTimestampsAreThePlainTimes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let digits = { (count: Int) in (0..<count).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined() }
            let time = "\(digits(4))-\(digits(2))-\(digits(2))T\(digits(2)):\(digits(2)):\(digits(2))Z"
            #expect(YAMLScalar.isUTCTimestamp(time))
            #expect(Resolver.default.resolveTag(of: Node(time)) == .timestamp, "\(time)")
        }
        for text in ["2026-11-24T09:12:00", "2026-11-24 09:12:00Z", "2026-11-24T09:12:00+01:00", "x026-11-24T09:12:00Z", "2026-11-24T09:12:00Zz"] {
            #expect(!YAMLScalar.isUTCTimestamp(text))
        }
    }

    @Test("any string set as a value reads back as exactly that string")
    func setFieldRoundTripsAnyString() throws {
        let values = ["line\nbreak", "tab\there", "cr\rhere", "bell\u{07}", "del\u{7F}", "c1\u{85}nel", "c1\u{9B}csi",
                      "ls\u{2028}ps\u{2029}", "bom\u{FEFF}", "emoji 🚀", "back\\slash", "quote\"s", "", " ", "a  b",
                      "\u{00A0}nbsp", "-", "--- doc", "... end", "'both' \"kinds\""]
        for style in ["title: plain\n", "title: 'single'\n", "title: \"double\"\n"] {
            for text in values {
                var lines = YAMLLines(text: style)
                lines.setField("title", to: text)
                #expect(try value("title", in: lines.text) == text, "\(style) ← \(text.debugDescription): \(lines.text)")
                #expect(lines.lines.count == 1)
            }
        }
    }

    @Test("a single-quoted value that cannot stay on one line in single quotes becomes double-quoted")
    func singleQuotedFallsBackToDouble() throws {
        var lines = YAMLLines(text: "note: 'x'\n")
        lines.setField("note", to: "two\nlines")
        #expect(lines.text == "note: \"two\\nlines\"\n")
    }

    @Test("setting an absent field adds it after the last entry, before trailing blank lines")
    func setFieldInsertsAtEnd() {
        var lines = YAMLLines(text: "a: 1\nb:\n  - x\n\n")
        lines.setField("c", to: "three")
        #expect(lines.text == "a: 1\nb:\n  - x\nc: three\n\n")
        var bare = YAMLLines(text: "a: 1")
        bare.setField("b", to: "two")
        #expect(bare.text == "a: 1\nb: two")
        var empty = YAMLLines(text: "")
        empty.setField("a", to: "one")
        #expect(empty.text == "a: one\n")
        var number = YAMLLines(text: "a: x\n")
        number.setField("b", to: "2")
        #expect(number.text == "a: x\nb: \"2\"\n")
    }

    @Test("lines added to a CRLF file end in CRLF")
    func insertedLinesUseFileEnding() {
        var lines = YAMLLines(text: "a: 1\r\nb: 2\r\n")
        lines.setField("c", to: "three")
        lines.setMapping("offer", to: [("from", "a@x.com"), ("to", "b@x.com")])
        #expect(lines.text == "a: 1\r\nb: 2\r\nc: three\r\noffer:\r\n  from: a@x.com\r\n  to: b@x.com\r\n")
    }

    @Test("setting a field that held a block or a multi-line value replaces the whole block")
    func setFieldReplacesBlock() throws {
        var lines = YAMLLines(text: "title: a long\n  folded title\nlabels:\n  - a\n  - b\nstate: open\n")
        lines.setField("title", to: "short")
        lines.setField("labels", to: "none")
        #expect(lines.text == "title: short\nlabels: none\nstate: open\n")
    }

    @Test("keys are found only at the top level, quoted or not, and a '#' inside a key is not a comment")
    func findsTopLevelKeysOnly() {
        var lines = YAMLLines(text: "offer:\n  state: inner\n\"state\": open\nref#1: x\n")
        lines.setField("state", to: "done")
        lines.setField("ref#1", to: "why")
        #expect(lines.text == "offer:\n  state: inner\n\"state\": done\nref#1: why\n")
    }

    @Test("a value with a colon-less URL and an inline comment keeps the comment")
    func urlValue() {
        var lines = YAMLLines(text: "link: http://a.example/x#frag # see\n")
        lines.setField("link", to: "http://b.example/")
        #expect(lines.text == "link: http://b.example/ # see\n")
    }

    // MARK: setRawField, setMapping, removeField

    @Test("a raw value (flow list) replaces the field's line and block")
    func setRawField() {
        var lines = YAMLLines(text: "labels:\n  - a\nx: 1\n")
        lines.setRawField("labels", to: "[b, c]")
        #expect(lines.text == "labels: [b, c]\nx: 1\n")
        lines.setRawField("more", to: "[]")
        #expect(lines.text == "labels: [b, c]\nx: 1\nmore: []\n")
    }

    @Test("setMapping inserts a block, then replaces it in place on the next call")
    func setMappingInsertsThenReplaces() throws {
        var lines = YAMLLines(text: "id: HO-1\nstate: open\n# trailing comment\n")
        lines.setMapping("offer", to: [("from", "a@x.com"), ("to", "b@x.com")])
        #expect(lines.text == "id: HO-1\nstate: open\n# trailing comment\noffer:\n  from: a@x.com\n  to: b@x.com\n")
        lines.setField("after", to: "one")
        lines.setMapping("offer", to: [("from", "c@x.com"), ("at", "2026-11-24T09:12:00Z")])
        #expect(lines.text == "id: HO-1\nstate: open\n# trailing comment\noffer:\n  from: c@x.com\n  at: 2026-11-24T09:12:00Z\nafter: one\n")
        let offer = try #require(try Yams.compose(yaml: lines.text)?.mapping?["offer"]?.mapping)
        #expect(offer["from"]?.string == "c@x.com")
    }

    @Test("setMapping on the last line of a text without a final newline keeps it without one")
    func setMappingKeepsMissingFinalNewline() {
        var lines = YAMLLines(text: "a: 1\noffer: {from: x}")
        lines.setMapping("offer", to: [("from", "why")])
        #expect(lines.text == "a: 1\noffer:\n  from: why")
    }

    @Test("removeField removes the key and its block only; an absent key changes nothing")
    func removeField() {
        let text = "id: HO-1\noffer:\n  from: a\n\n  to: b\n# about due\ndue: 2026-12-01\n"
        var lines = YAMLLines(text: text)
        lines.removeField("offer")
        #expect(lines.text == "id: HO-1\n# about due\ndue: 2026-12-01\n")
        lines.removeField("nothing")
        #expect(lines.text == "id: HO-1\n# about due\ndue: 2026-12-01\n")
    }

    @Test("an indented comment at the end of a block goes with it; one at the start of a line stays")
    func commentsAfterBlock() {
        var lines = YAMLLines(text: "offer:\n  from: a\n  # about from\n# about state\nstate: open\n")
        lines.removeField("offer")
        #expect(lines.text == "# about state\nstate: open\n")
    }

    @Test("a block with a sequence written at the key's own indentation is one block")
    func compactSequenceIsPartOfBlock() {
        var lines = YAMLLines(text: "labels:\n- a\n- b\nnext: 1\n")
        lines.removeField("labels")
        #expect(lines.text == "next: 1\n")
    }

    // MARK: Blocks of entries

    @Test("appendToBlock adds an entry at the end of the block, expanding an empty flow value")
    func appendToBlock() {
        var lines = YAMLLines(text: "members:\n  a@x.com: {admin: true}\n# next\nother: 1\n")
        lines.appendToBlock("members", line: "  b@x.com: {admin: false}")
        #expect(lines.text == "members:\n  a@x.com: {admin: true}\n  b@x.com: {admin: false}\n# next\nother: 1\n")
        var empty = YAMLLines(text: "members: {}\n")
        empty.appendToBlock("members", line: "  a@x.com: {}")
        #expect(empty.text == "members:\n  a@x.com: {}\n")
        var absent = YAMLLines(text: "x: 1\n")
        absent.appendToBlock("members", line: "  a@x.com: {}")
        #expect(absent.text == "x: 1\nmembers:\n  a@x.com: {}\n")
    }

    @Test("removeFromBlock removes one entry with its deeper lines, even past comments and blank lines")
    func removeFromBlock() {
        let text = """
        members:
          a@x.com:
            name: A

          # about A's stages
            stages: [s]
        # added later
          b@x.com: {admin: true}
        tail: 1

        """
        var lines = YAMLLines(text: text)
        let removedB = lines.removeFromBlock("members", entryKey: "b@x.com")
        #expect(removedB)
        #expect(lines.text == "members:\n  a@x.com:\n    name: A\n\n  # about A's stages\n    stages: [s]\n# added later\ntail: 1\n")
        let removedA = lines.removeFromBlock("members", entryKey: "a@x.com")
        #expect(removedA)
        #expect(lines.text == "members:\n# added later\ntail: 1\n")
        let removedC = lines.removeFromBlock("members", entryKey: "c@x.com")
        let removedAbsent = lines.removeFromBlock("absent", entryKey: "a@x.com")
        #expect(!removedC && !removedAbsent)
        #expect(lines.text == "members:\n# added later\ntail: 1\n")
    }

    // MARK: Anchors and aliases

    @Test("anchors and aliases are found where YAML reads them, not in text that merely contains & or *")
    func findsAnchorsAndAliases() {
        func line(_ text: String) -> Int? { YAMLLines.firstAnchorOrAlias(in: YAMLLines.split(text)) }
        #expect(line("a: &x 1\n") == 1)
        #expect(line("a: 1\nb: *x\n") == 2)
        #expect(line("a: [1, *x]\n") == 1)
        #expect(line("a: {k: &x v}\n") == 1)
        #expect(line("a:\n  - &x v\n") == 2)
        #expect(line("a: !!str &x v\n") == 1)
        #expect(line("? *x\n: 1\n") == 1)
        #expect(line("a: [1,\n  *x]\n") == 2)
        #expect(line("a: Q&A *draft* 5 * 3\n") == nil)
        #expect(line("a: \"&x\"\nb: '*y'\n") == nil)
        #expect(line("a: 1 # &x *y\n# &z\n") == nil)
        #expect(line("a: |\n  &x text\n  - *y\nb: 2\n") == nil)
        #expect(line("a: first\n  &continued text\n") == nil)
        #expect(line("a: \"multi\n  &line\"\n") == nil)
        #expect(line("a: |\n  text\nb: &x 1\n") == 3)
    }

    @Test("finding a line in text agrees with splitting it into lines, for CRLF, a last line and Unicode")
    func containsLine() {
        let texts = [
            "", "## Handoff log", "## Handoff log\n", "a\n## Handoff log\r\nb", "a\n## Handoff log\r", "## Handoff log \n",
            "x\n\n", "## Handoff lo\n", "é\n## Handoff log", "## Handoff \u{212A}\n", "\u{212A}\n", "caf\u{E9}\ncafe\u{301}\n",
        ]
        for text in texts {
            for line in ["## Handoff log", "K", "", "café", "\u{212A}"] {
                #expect(YAMLLines.contains(line: line, in: text) == YAMLLines.split(text).contains { $0.text == line }, "\(line) in \(text)")
            }
        }
    }

    @Test("a key's line is found as reading every line's key finds it: quoted, spaced, Unicode-equal keys")
    func topLevelLineIndexAgrees() {
        let texts = [
            "id: 1\nstate: open\nowner: a\n", "'state': x\n", "\"state\" : y\n", "  state: nested\n", "# state: c\n",
            "state:\n  a: 1\n", "statex: 1\nstate: 2\n", "\u{212A}ind: k\nKind: K\n", "e\u{301}t: 1\n\u{E9}t: 2\n", "",
        ]
        for text in texts {
            let lines = YAMLLines(text: text)
            for key in ["state", "Kind", "\u{212A}ind", "\u{E9}t", "e\u{301}t", "a", ""] {
                let expected = lines.lines.firstIndex { YAMLScalar.topLevelKey(of: Substring($0.text)) == key }
                #expect(lines.topLevelLineIndex(of: key) == expected, "\(key) in \(text.debugDescription)")
            }
        }
    }
}

