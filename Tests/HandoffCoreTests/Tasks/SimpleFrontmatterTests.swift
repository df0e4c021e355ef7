import Foundation
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import Testing
import Yams

/// The quick frontmatter reader gives exactly Yams' mapping, or steps aside.
@Suite struct SimpleFrontmatterTests {
    private func lines(_ yaml: String) -> [YAMLLines.Line] {
        YAMLLines.split(yaml).map { $0 }
    }

    private func yams(_ yaml: String) throws -> Node.Mapping? {
        try Yams.compose(yaml: yaml, .basic, .default, .utf8)?.mapping
    }

    /// Frontmatters the quick reader must read, each as Yams reads it.
    static let simple = [
        "id: HO-7K3QX\ntitle: Onboard ACME Corp\nstage: sales\nowner: alice@example.com\nstate: open\npriority: normal\ncreated: 2026-11-24T09:12:00Z",
        "id: HO-1\ntitle: \"Quoted: with colon\"\nstate: offered\noffer:\n  from: a@example.com\n  to: b@example.com\n  stage: onboarding\n  at: 2026-11-24T09:12:00Z\nlabels: [enterprise, 'two words', \"q\"]",
        "id: HO-2\ntitle: Café Zürich (phase 2) – 50% done\nlabels: []\ncustomer: O'Brien & Sons\nurl: https://example.com/a?b=c#frag",
        "id: HO-3\n\ntitle: true\ncount: 007\nnothing: null",
        "key: value:with:colons\nother: a#b",
    ]

    /// Frontmatters the quick reader must leave to Yams (comments, folding, escapes, empties…).
    static let tricky = [
        "id: HO-1 # comment", "# comment\nid: HO-1", "title: multi\n  line plain", "title: |\n  block", "title: >\n  folded",
        "title: \"esc\\tape\"", "title: 'it''s'", "empty:", "id: HO-1\nid: HO-2", "labels: [a, [b]]", "tilde: ~",
        "labels: [a, ]", "title:  two spaces", "title: trailing ", "title: -dash", "\"quoted key\": v", "offer:\n  from: a\n   to: b",
        "title: a: b", "title: \ttab", "list:\n- a\n- b", "title: {a: b}", "title: !tag x", "title: a\u{2028}b",
    ]

    @Test("simple frontmatters read the same as Yams reads them", arguments: simple)
    func sameAsYams(_ yaml: String) throws {
        let quick = try #require(SimpleFrontmatter.mapping(lines(yaml)), "the quick reader should take this one")
        #expect(quick == (try yams(yaml)))
        for (key, value) in quick {
            #expect(try yams(yaml)?[key]?.string == value.string)
        }
    }

    @Test("anything beyond key: value lines is left to Yams", arguments: tricky)
    func declines(_ yaml: String) {
        #expect(SimpleFrontmatter.mapping(lines(yaml)) == nil)
    }

    @Test("a task read quickly and through Yams is the same task")
    func sameTask() throws {
        let text = "---\n" + Self.simple[1] + "\nstage: onboarding\nowner: a@example.com\ntitle2: x\n---\n## Context\n"
        let quick = try HandoffTask(document: TaskDocument(bytes: Array(text.utf8), path: "t.md"))
        let commented = text.replacingOccurrences(of: "title2: x", with: "title2: x # forces Yams")
        let slow = try HandoffTask(document: TaskDocument(bytes: Array(commented.utf8), path: "t.md"))
        #expect(quick == slow)
        #expect(quick.labels == ["enterprise", "two words", "q"])
        #expect(quick.offer?.to == "b@example.com")
    }
}
