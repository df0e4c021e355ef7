import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// `.handoff/config.yml`: parsing, the file `init` writes, member edits that keep every other
/// line, and clear errors for invalid configs; `.handoff/allowed_signers` line edits.
@Suite struct WorkflowTests {
    static let config = """
    # Team workflow. Changes are signed commits by an admin.
    prefix: HO
    stages: [sales, onboarding, support]
    transitions:
      - {from: sales, to: onboarding}
      - from: onboarding
        to: support
        brief: [Summary]        # a lighter brief into support
      - {from: support, to: sales, brief: []}
    brief:
      required: [Summary, Open items, Risks, Next steps]
    readback: optional
    wip_limit: 5
    stale_after: 36h
    members:
      # the admin
      a@x.com: {name: Alice, stages: [sales, onboarding, support], admin: true}
      b@x.com:
        name: Bob
        stages: [onboarding]
      c@x.com: {stages: [support]}
    # end of members

    """

    private let alice = Workflow.Member(email: "a@x.com", name: "Alice Admin", stages: ["sales", "onboarding"], admin: true)

    /// The `.invalidFile` error parsing `text` gives; it must name `.handoff/config.yml`.
    private func invalid(_ text: String) -> HandoffError? {
        let error = #expect(throws: HandoffError.self) { _ = try Workflow(yaml: text) }
        #expect(error?.kind == .invalidFile)
        #expect(error?.message.hasPrefix(".handoff/config.yml: ") == true, "\(error?.message ?? "")")
        return error
    }

    /// `config` with `old` replaced by `new` (which must occur).
    private func config(replacing old: String, with new: String) -> String {
        precondition(Self.config.contains(old), old)
        return Self.config.replacingOccurrences(of: old, with: new)
    }

    // MARK: Parsing

    @Test("a full config is read: prefix, stages, transitions with their briefs, options and members")
    func parsesConfig() throws {
        let workflow = try Workflow(yaml: Self.config)
        #expect(workflow.prefix == "HO")
        #expect(workflow.stages == ["sales", "onboarding", "support"])
        #expect(workflow.transitions == [
            .init(from: "sales", to: "onboarding", requiredSections: nil),
            .init(from: "onboarding", to: "support", requiredSections: ["Summary"]),
            .init(from: "support", to: "sales", requiredSections: []),
        ])
        #expect(workflow.requiredSections == ["Summary", "Open items", "Risks", "Next steps"])
        #expect(!workflow.readbackRequired)
        #expect(workflow.wipLimit == 5)
        #expect(workflow.staleAfter == 36 * 3600)
        #expect(workflow.members == [
            .init(email: "a@x.com", name: "Alice", stages: ["sales", "onboarding", "support"], admin: true),
            .init(email: "b@x.com", name: "Bob", stages: ["onboarding"], admin: false),
            .init(email: "c@x.com", name: nil, stages: ["support"], admin: false),
        ])
    }

    @Test("a transition's own brief list overrides the default; an empty list requires nothing")
    func requiredSectionsPerTransition() throws {
        let workflow = try Workflow(yaml: Self.config)
        #expect(workflow.requiredSections(from: "sales", to: "onboarding") == ["Summary", "Open items", "Risks", "Next steps"])
        #expect(workflow.requiredSections(from: "onboarding", to: "support") == ["Summary"])
        #expect(workflow.requiredSections(from: "support", to: "sales") == [])
        #expect(workflow.transition(from: "sales", to: "support") == nil)
    }

    @Test("members are found by email without regard to case; only admins are admins")
    func findsMembers() throws {
        let workflow = try Workflow(yaml: Self.config)
        #expect(workflow.member("A@X.COM")?.email == "a@x.com")
        #expect(workflow.isAdmin("a@x.com"))
        #expect(!workflow.isAdmin("b@x.com"))
        #expect(!workflow.isAdmin("nobody@x.com"))
        #expect(workflow.member("nobody@x.com") == nil)
    }

    @Test("options left out take their defaults: read-back required, no WIP limit, stale after 2 days")
    func defaults() throws {
        let workflow = try Workflow(yaml: "prefix: T1\nstages: [only]\n")
        #expect(workflow.readbackRequired)
        #expect(workflow.wipLimit == nil)
        #expect(workflow.staleAfter == 2 * 86_400)
        #expect(workflow.requiredSections == [])
        #expect(workflow.transitions == [])
        #expect(workflow.members == [])
        #expect(try Workflow(yaml: "prefix: T\nstages: [a]\nwip_limit: 0\nmembers:\n").wipLimit == nil)
    }

    @Test("durations read as days, hours, minutes or seconds")
    func durations() {
        #expect(DurationText.seconds("2d") == 172_800)
        #expect(DurationText.seconds("36h") == 129_600)
        #expect(DurationText.seconds("90m") == 5_400)
        #expect(DurationText.seconds("45s") == 45)
        #expect(DurationText.seconds("0d") == 0)
        for bad in ["", "d", "2", "2w", "-1d", "1.5h", "2 d", "2D"] {
            #expect(DurationText.seconds(bad) == nil, "\(bad)")
        }
    }

    // MARK: The file init writes

    @Test("the file init writes parses back to the same prefix, stages, members and transitions")
    func initialRoundTrip() throws {
        let text = WorkflowFile.initial(prefix: "ACME", stages: ["sales", "onboarding", "support"], admin: alice)
        let workflow = try Workflow(yaml: text)
        #expect(workflow.prefix == "ACME")
        #expect(workflow.stages == ["sales", "onboarding", "support"])
        #expect(workflow.members == [alice])
        #expect(workflow.transitions.map { "\($0.from)→\($0.to)" } == [
            "sales→sales", "sales→onboarding", "onboarding→onboarding", "onboarding→support", "support→support",
        ])
        #expect(workflow.transitions.allSatisfy { $0.requiredSections == nil })
        #expect(workflow.requiredSections == ["Summary", "Open items", "Risks", "Next steps"])
        #expect(workflow.readbackRequired)
        #expect(workflow.wipLimit == nil)
        #expect(workflow.staleAfter == 172_800)
        #expect(!text.contains("{{"))
        #expect(text.hasPrefix("# handoff workflow."))
    }

    @Test("a member whose name needs quoting is written so it reads back the same")
    func memberLineQuotes() throws {
        let text = WorkflowFile.initial(prefix: "HO", stages: ["sales"], admin: alice.with(stages: ["sales"]))
        for name in ["Doe, Jane", "Ops [night]", "{team}", "Jo \"JD\": #1", "yes", "O'Brien"] {
            let odd = Workflow.Member(email: "d@x.com", name: name, stages: ["sales"], admin: false)
            let added = try WorkflowFile.adding(odd, to: text)
            #expect(try Workflow(yaml: added).member("d@x.com") == odd, "\(name)")
        }
        #expect(WorkflowFile.memberLine(Workflow.Member(email: "d@x.com", name: "Doe, Jane", stages: ["sales"], admin: false))
            == "  d@x.com: {name: \"Doe, Jane\", stages: [sales], admin: false}")
        #expect(WorkflowFile.memberLine(Workflow.Member(email: "e@x.com", name: nil, stages: [], admin: false))
            == "  e@x.com: {stages: [], admin: false}")
        #expect(WorkflowFile.memberLine(alice) == "  a@x.com: {name: Alice Admin, stages: [sales, onboarding], admin: true}")
    }

    // MARK: Member edits

    @Test("adding a member inserts one line after the last member; every other line, comments too, is untouched")
    func addMemberKeepsOtherLines() throws {
        let dave = Workflow.Member(email: "d@x.com", name: nil, stages: ["sales"], admin: false)
        let after = try WorkflowFile.adding(dave, to: Self.config)
        #expect(after == config(replacing: "  c@x.com: {stages: [support]}\n",
                                with: "  c@x.com: {stages: [support]}\n  d@x.com: {stages: [sales], admin: false}\n"))
        #expect(try Workflow(yaml: after).member("d@x.com") == dave)
    }

    @Test("adding a member who is already listed replaces their entry, even when the case differs")
    func addExistingMemberReplaces() throws {
        let bob = Workflow.Member(email: "B@X.com", name: "Bob", stages: ["onboarding", "support"], admin: true)
        let after = try WorkflowFile.adding(bob, to: Self.config)
        let workflow = try Workflow(yaml: after)
        #expect(workflow.members.map(\.email) == ["a@x.com", "c@x.com", "B@X.com"])
        #expect(workflow.member("b@x.com")?.stages == ["onboarding", "support"])
        #expect(workflow.isAdmin("b@x.com"))
        #expect(after == config(replacing: "  b@x.com:\n    name: Bob\n    stages: [onboarding]\n  c@x.com: {stages: [support]}\n",
                                with: "  c@x.com: {stages: [support]}\n  B@X.com: {name: Bob, stages: [onboarding, support], admin: true}\n"))
    }

    @Test("removing a member removes their lines only, comments and other members untouched")
    func removeMemberKeepsOtherLines() throws {
        let withoutBob = try WorkflowFile.removing("b@x.com", from: Self.config)
        #expect(withoutBob == config(replacing: "  b@x.com:\n    name: Bob\n    stages: [onboarding]\n", with: ""))
        let withoutCarol = try WorkflowFile.removing("C@X.COM", from: Self.config)
        #expect(withoutCarol == config(replacing: "  c@x.com: {stages: [support]}\n", with: ""))
        #expect(try Workflow(yaml: withoutCarol).member("c@x.com") == nil)
    }

    @Test("a member listed after a comment at the start of a line can still be removed and added after")
    func memberAfterColumnZeroComment() throws {
        let text = "prefix: HO\nstages: [s]\nmembers:\n  a@x.com: {stages: [s], admin: true}\n# joined in May\n  b@x.com: {stages: [s]}\n# tail\n"
        #expect(try WorkflowFile.removing("b@x.com", from: text) == "prefix: HO\nstages: [s]\nmembers:\n  a@x.com: {stages: [s], admin: true}\n# joined in May\n# tail\n")
        let c = Workflow.Member(email: "c@x.com", name: nil, stages: ["s"], admin: false)
        #expect(try WorkflowFile.adding(c, to: text) == "prefix: HO\nstages: [s]\nmembers:\n  a@x.com: {stages: [s], admin: true}\n# joined in May\n  b@x.com: {stages: [s]}\n  c@x.com: {stages: [s], admin: false}\n# tail\n")
    }

    @Test("removing someone who is not a member is refused")
    func removeUnknownMember() {
        let error = #expect(throws: HandoffError.self) { _ = try WorkflowFile.removing("z@x.com", from: Self.config) }
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("z@x.com is not a member") == true)
    }

    @Test("a member added to a CRLF config gets a CRLF line")
    func addMemberCRLF() throws {
        let crlf = Self.config.replacingOccurrences(of: "\n", with: "\r\n")
        let dave = Workflow.Member(email: "d@x.com", name: nil, stages: ["sales"], admin: false)
        let after = try WorkflowFile.adding(dave, to: crlf)
        #expect(after == crlf.replacingOccurrences(of: "  c@x.com: {stages: [support]}\r\n",
                                                   with: "  c@x.com: {stages: [support]}\r\n  d@x.com: {stages: [sales], admin: false}\r\n"))
    }

    @Test("adding a member with an unknown stage is refused as an invalid workflow")
    func addMemberUnknownStage() {
        let eve = Workflow.Member(email: "e@x.com", name: nil, stages: ["legal"], admin: false)
        let error = #expect(throws: HandoffError.self) { _ = try WorkflowFile.adding(eve, to: Self.config) }
        #expect(error?.kind == .invalidFile)
        #expect(error?.message.contains("unknown stage 'legal'") == true)
    }

    // MARK: Invalid configs

    @Test("a bad prefix is refused, saying what a prefix looks like", arguments: [
        "prefix: ho", "prefix: 1HO", "prefix: HO-", "prefix: ABCDEFGHIJK", "prefix: ''", "prefix: [HO]", "prefix: HÖ",
    ])
    func badPrefix(_ line: String) {
        let error = invalid(config(replacing: "prefix: HO", with: line))
        #expect(error?.message.contains("prefix must be 1 to 10 capital letters or digits") == true)
    }

    @Test("a missing prefix is refused")
    func missingPrefix() {
        #expect(invalid(config(replacing: "prefix: HO\n", with: ""))?.message.contains("prefix must be") == true)
    }

    @Test("stages must be a non-empty list of distinct names")
    func badStages() {
        #expect(invalid(config(replacing: "stages: [sales, onboarding, support]", with: "stages: []"))?.message.contains("at least one stage") == true)
        #expect(invalid(config(replacing: "stages: [sales, onboarding, support]", with: "stages: [sales, sales, onboarding, support]"))?.message.contains("each once") == true)
        #expect(invalid(config(replacing: "stages: [sales, onboarding, support]", with: "stages: sales"))?.message.contains("stages must be a list") == true)
    }

    @Test("a transition naming an unknown stage is refused, naming the stage")
    func transitionUnknownStage() {
        let error = invalid(config(replacing: "{from: sales, to: onboarding}", with: "{from: sales, to: legal}"))
        #expect(error?.message.contains("transition sales → legal names unknown stage 'legal'; add it to stages") == true)
    }

    @Test("a transition without from and to, or transitions that are not a list, are refused")
    func malformedTransitions() {
        #expect(invalid(config(replacing: "{from: sales, to: onboarding}", with: "{from: sales}"))?.message.contains("each transition must be {from: STAGE, to: STAGE}") == true)
        #expect(invalid(config(replacing: "{from: sales, to: onboarding}", with: "sales → onboarding"))?.message.contains("each transition must be") == true)
        #expect(invalid("prefix: HO\nstages: [a, b]\ntransitions: {from: a, to: b}\n")?.message.contains("transitions must be a list") == true)
    }

    @Test("a member working in an unknown stage is refused, naming member and stage")
    func memberUnknownStage() {
        let error = invalid(config(replacing: "c@x.com: {stages: [support]}", with: "c@x.com: {stages: [support, legal]}"))
        #expect(error?.message.contains("member c@x.com works in unknown stage 'legal'") == true)
    }

    @Test("a read-back setting other than required or optional is refused")
    func badReadback() {
        for value in ["yes", "true", "sometimes", "''"] {
            #expect(invalid(config(replacing: "readback: optional", with: "readback: \(value)"))?.message.contains("readback must be 'required' or 'optional'") == true)
        }
    }

    @Test("a malformed stale_after is refused with an example")
    func badStaleAfter() {
        for value in ["2", "two days", "2w", "-1d", "[2d]"] {
            #expect(invalid(config(replacing: "stale_after: 36h", with: "stale_after: \(value)"))?.message.contains("stale_after must be a duration like 2d") == true, "\(value)")
        }
    }

    @Test("a wip_limit that is not a whole number is refused")
    func badWIPLimit() {
        for value in ["five", "2.5", "[5]"] {
            #expect(invalid(config(replacing: "wip_limit: 5", with: "wip_limit: \(value)"))?.message.contains("wip_limit must be a whole number") == true, "\(value)")
        }
    }

    @Test("members not keyed by email, or given as a list, are refused")
    func membersNotKeyedByEmail() {
        #expect(invalid(config(replacing: "c@x.com: {stages: [support]}", with: "carol: {stages: [support]}"))?.message.contains("members must be keyed by email address") == true)
        #expect(invalid("prefix: HO\nstages: [a]\nmembers:\n  - a@x.com\n")?.message.contains("members must be keyed by email address") == true)
        #expect(invalid("prefix: HO\nstages: [a]\nmembers: a@x.com\n")?.message.contains("members must be keyed by email address") == true)
    }

    @Test("a member whose details are not a mapping is refused")
    func memberDetailsNotMapping() {
        #expect(invalid(config(replacing: "c@x.com: {stages: [support]}", with: "c@x.com: support"))?.message.contains("member c@x.com must be {name") == true)
    }

    @Test("the same member listed twice, in any case, is refused")
    func duplicateMember() {
        #expect(invalid(config(replacing: "c@x.com: {stages: [support]}", with: "c@x.com: {stages: [support]}\n  C@X.com: {stages: [sales]}"))?.message.contains("C@X.com is listed twice") == true)
        #expect(invalid(config(replacing: "c@x.com: {stages: [support]}", with: "c@x.com: {stages: [support]}\n  c@x.com: {stages: [sales]}"))?.message.contains("duplicate key 'c@x.com'") == true)
    }

    @Test("brief settings of the wrong shape are refused rather than silently requiring nothing")
    func badBrief() {
        #expect(invalid(config(replacing: "required: [Summary, Open items, Risks, Next steps]", with: "required: Summary"))?.message.contains("brief.required must be a list") == true)
        #expect(invalid(config(replacing: "brief:\n  required: [Summary, Open items, Risks, Next steps]", with: "brief: [Summary]"))?.message.contains("brief must be a mapping") == true)
        #expect(invalid(config(replacing: "brief: [Summary]", with: "brief: Summary"))?.message.contains("brief of onboarding → support must be a list") == true)
    }

    @Test("text that is not YAML, or not a mapping, is refused")
    func notYAML() {
        #expect(invalid("prefix: [HO\n")?.message.contains("is not valid YAML") == true)
        #expect(invalid("- prefix: HO\n")?.message.contains("must be a mapping") == true)
        #expect(invalid("")?.message.contains("must be a mapping") == true)
    }

    // MARK: allowed_signers

    /// An Ed25519 key made of `byte` repeated, in OpenSSH's wire format.
    private func key(_ byte: UInt8) throws -> SSHPublicKey {
        let type = Array("ssh-ed25519".utf8)
        let blob: [UInt8] = [0, 0, 0, UInt8(type.count)] + type + [0, 0, 0, 32] + Array(repeating: byte, count: 32)
        return try #require(SSHPublicKey(blob: blob))
    }

    @Test("the initial allowed_signers file lists the admin's key under two comment lines")
    func initialSigners() throws {
        let key = try key(1)
        let text = AllowedSignersFile.initial(admin: "a@x.com", key: key)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("# ") && lines[1].hasPrefix("# "))
        #expect(lines[2] == "a@x.com namespaces=\"git\" \(key.openSSH)")
        #expect(lines[3] == "")
        #expect(try AllowedSigners(parsing: text).entries.count == 1)
    }

    @Test("adding a signer appends one line and keeps the rest, adding a missing final newline")
    func addSigner() throws {
        let (one, two) = (try key(1), try key(2))
        #expect(AllowedSignersFile.adding(email: "b@x.com", key: two, to: "# keys\na@x.com \(one.openSSH)")
            == "# keys\na@x.com \(one.openSSH)\nb@x.com namespaces=\"git\" \(two.openSSH)\n")
        #expect(AllowedSignersFile.adding(email: "b@x.com", key: two, to: "") == "b@x.com namespaces=\"git\" \(two.openSSH)\n")
    }

    @Test("removing a signer drops exactly their lines, however the line separates or quotes the email")
    func removeSigner() throws {
        let (one, two) = (try key(1), try key(2))
        let text = """
        # b@x.com used to sign here
        a@x.com \(one.openSSH)
        b@x.com namespaces="git" \(two.openSSH)
        B@X.COM\t\(two.openSSH)
        "b@x.com" \(two.openSSH)
          b@x.com \(two.openSSH)
        b@x.com,c@x.com \(two.openSSH)
        bb@x.com \(two.openSSH)

        """
        #expect(AllowedSignersFile.removing(email: "b@x.com", from: text) == """
        # b@x.com used to sign here
        a@x.com \(one.openSSH)
        b@x.com,c@x.com \(two.openSSH)
        bb@x.com \(two.openSSH)

        """)
    }
}

extension Workflow.Member {
    /// This member working in `stages` instead.
    fileprivate func with(stages: [String]) -> Workflow.Member {
        Workflow.Member(email: email, name: name, stages: stages, admin: admin)
    }
}
