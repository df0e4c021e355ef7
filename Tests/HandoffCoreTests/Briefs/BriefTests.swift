import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Handoff briefs: `## Title` sections, `# ` comment lines dropped, required sections checked.
@Suite struct BriefTests {
    static let complete = """
    Handing over ACME.

    ## Summary
    ACME signs Monday.

    ## Open items
    - SSO
    - billing contact

    ## Risks
    Legal review may slip.

    ## Next steps
    Call Jo.
    """

    @Test("sections are read in the order written, with their text trimmed")
    func sectionsInOrder() {
        let brief = Brief(markdown: Self.complete)
        #expect(brief.preamble == "Handing over ACME.")
        #expect(brief.sections.map(\.title) == ["Summary", "Open items", "Risks", "Next steps"])
        #expect(brief.sections[1].text == "- SSO\n- billing contact")
        #expect(brief.sections[3].text == "Call Jo.")
        #expect(!brief.isEmpty)
    }

    @Test("'# ' and lone '#' lines are comments and dropped; '## ', '### ' and '#tag' lines are kept")
    func commentsDropped() {
        let brief = Brief(markdown: """
        # Offering HO-1 to b@x.com
        ## Summary
        # fill this in
        Text #1
        #
        #hashtag
        ### Detail
        more
        """)
        #expect(brief.sections.map(\.title) == ["Summary"])
        #expect(brief.sections[0].text == "Text #1\n#hashtag\n### Detail\nmore")
        #expect(brief.preamble == "")
    }

    @Test("CRLF input reads like LF input")
    func crlfInput() {
        let crlf = Brief(markdown: Self.complete.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n# comment\r\n")
        #expect(crlf == Brief(markdown: Self.complete))
        #expect(crlf.sections[1].text == "- SSO\n- billing contact")
    }

    @Test("the brief template, untouched, has every section empty")
    func templateIsEmpty() {
        let template = Templates.fill(Templates.brief, ["id": "HO-1", "title": "T", "to": "b@x.com", "from_stage": "a", "to_stage": "b"])
        let brief = Brief(markdown: template)
        #expect(brief.isEmpty)
        #expect(brief.sections.map(\.title) == ["Summary", "Open items", "Risks", "Next steps"])
        #expect(brief.missingSections(["Summary", "Risks"]) == ["Summary", "Risks"])
    }

    @Test("missingSections compares titles without case and lists the missing ones in the order asked")
    func missingIsCaseInsensitive() {
        let brief = Brief(markdown: "## summary\nx\n## OPEN ITEMS\ny\n##   Risks  \nz\n")
        #expect(brief.missingSections(["Summary", "Open items", "risks"]) == [])
        #expect(brief.missingSections(["Next steps", "Summary", "Customer"]) == ["Next steps", "Customer"])
        #expect(brief.missingSections([]) == [])
    }

    @Test("a section with only whitespace, blank lines or comments counts as missing")
    func whitespaceSectionIsMissing() {
        let brief = Brief(markdown: "## Summary\n   \n\t\n\n## Risks\n# nothing yet\n## Next steps\nGo.\n")
        #expect(brief.missingSections(["Summary", "Risks", "Next steps"]) == ["Summary", "Risks"])
        #expect(!brief.isEmpty)
    }

    @Test("a section written twice counts when either has text")
    func repeatedSection() {
        let brief = Brief(markdown: "## Risks\n\n## Risks\nSome.\n")
        #expect(brief.missingSections(["Risks"]) == [])
    }

    @Test("'##' without a title or without a space is text, not a section")
    func notSections() {
        let brief = Brief(markdown: "##Summary\n## \nplain\n")
        #expect(brief.sections.isEmpty)
        #expect(brief.preamble == "##Summary\n##\nplain")
    }

    @Test("an empty or comment-only brief is empty")
    func emptyBrief() {
        #expect(Brief(markdown: "").isEmpty)
        #expect(Brief(markdown: "# just a comment\n\n").isEmpty)
        #expect(Brief(markdown: "").logMarkdown == "")
    }

    @Test("logMarkdown demotes sections to '####' under the log entry, skipping empty ones")
    func logMarkdown() {
        let brief = Brief(markdown: "Intro.\n## Summary\nS.\n## Risks\n\n## Next steps\nN1\n\nN2\n")
        #expect(brief.logMarkdown == "Intro.\n\n#### Summary\nS.\n\n#### Next steps\nN1\n\nN2")
        #expect(Brief(markdown: Self.complete).logMarkdown.hasPrefix("Handing over ACME.\n\n#### Summary\nACME signs Monday.\n\n#### Open items\n"))
    }

    @Test("trailing spaces on lines are trimmed; inner blank lines are kept")
    func trimming() {
        let brief = Brief(markdown: "## Summary\n\n  indented line   \n\n\nlast\t\n\n")
        #expect(brief.sections[0].text == "  indented line\n\n\nlast")
    }
}
