import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// The pure rules of each operation: who may do it in which state, and exactly what it writes.
@Suite struct TaskTransitionsTests {
    static let workflowText = """
    prefix: HO
    stages: [sales, onboarding, support]
    transitions:
      - {from: sales, to: onboarding}
      - {from: onboarding, to: support, brief: [Summary]}
      - {from: sales, to: sales, brief: []}
    brief:
      required: [Summary, Risks]
    readback: required
    members:
      a@x.com: {name: Ann, stages: [sales]}
      b@x.com: {stages: [onboarding]}
      c@x.com: {stages: [support, sales]}
      s@x.com: {stages: [sales]}
      admin@x.com: {stages: [sales, onboarding, support], admin: true}

    """

    static let openTask = """
    ---
    id: HO-1
    title: Onboard ACME Corp
    stage: sales
    owner: a@x.com
    state: open   # open | offered | done | cancelled
    priority: high
    customer: ACME   # unknown keys stay
    ---
    Notes.

    """

    static let brief = Brief(markdown: "## Summary\nS.\n\n## Risks\nR.\n# a comment\n")

    let workflow: Workflow
    let optionalReadback: Workflow
    let offerTime: Timestamp
    let laterTime: Timestamp

    init() throws {
        workflow = try Workflow(yaml: Self.workflowText)
        optionalReadback = try Workflow(yaml: Self.workflowText.replacingOccurrences(of: "readback: required", with: "readback: optional"))
        offerTime = try #require(Timestamp(iso8601: "2026-11-24T09:12:00Z"))
        laterTime = try #require(Timestamp(iso8601: "2026-11-25T16:05:59Z"))
    }

    private func document(_ text: String = openTask) throws -> TaskDocument {
        try TaskDocument(bytes: Array(text.utf8), path: "tasks/2026-11/HO-1.md")
    }

    private func text(_ outcome: OperationOutcome) -> String {
        String(decoding: outcome.document.bytes, as: UTF8.self)
    }

    private func apply(
        _ operation: TaskOperation, to text: String = openTask, by actor: String, at time: Timestamp? = nil,
        workflow: Workflow? = nil
    ) throws -> OperationOutcome {
        try TaskTransitions.apply(operation, to: try document(text), workflow: workflow ?? self.workflow, actor: actor, at: time ?? offerTime)
    }

    /// The refusal `operation` by `actor` gets; its message must contain `expected`.
    private func refusal(
        _ operation: TaskOperation, to text: String = openTask, by actor: String, workflow: Workflow? = nil,
        _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: HandoffError.self, sourceLocation: sourceLocation) {
            _ = try apply(operation, to: text, by: actor, workflow: workflow)
        }
        #expect(error?.kind == .refused, sourceLocation: sourceLocation)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")", sourceLocation: sourceLocation)
    }

    /// The task offered by a@x.com to b@x.com, as the offer writes it.
    private func offeredText() throws -> String {
        text(try apply(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), by: "a@x.com"))
    }

    /// The task after a@x.com closed it.
    private func closedText() throws -> String {
        text(try apply(.close(resolution: nil), by: "a@x.com"))
    }

    // MARK: offer

    @Test("an offer sets state and the offer block, and logs the brief under a dated heading")
    func offer() throws {
        let outcome = try apply(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), by: "a@x.com")
        #expect(text(outcome) == """
        ---
        id: HO-1
        title: Onboard ACME Corp
        stage: sales
        owner: a@x.com
        state: offered   # open | offered | done | cancelled
        priority: high
        customer: ACME   # unknown keys stay
        offer:
          from: a@x.com
          to: b@x.com
          stage: onboarding
          at: 2026-11-24T09:12:00Z
        ---
        Notes.

        ## Handoff log

        ### 2026-11-24 09:12 UTC — offer a@x.com → b@x.com (sales → onboarding)

        #### Summary
        S.

        #### Risks
        R.

        """)
        #expect(outcome.fromPerson == "a@x.com")
        #expect(outcome.toPerson == "b@x.com")
        #expect(outcome.fromStage == "sales")
        #expect(outcome.toStage == "onboarding")
        let task = try HandoffTask(document: outcome.document)
        #expect(task.owner == "a@x.com")
        #expect(task.state == .offered)
    }

    @Test("an admin may offer for the owner; the offer still comes from the owner")
    func adminOffers() throws {
        let outcome = try apply(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), by: "admin@x.com")
        #expect(try HandoffTask(document: outcome.document).offer?.from == "a@x.com")
        #expect(text(outcome).contains("### 2026-11-24 09:12 UTC — offer a@x.com → b@x.com (sales → onboarding)\n"))
    }

    @Test("the receiver and actor are matched without case and recorded as the workflow spells them")
    func offerMatchesEmailsWithoutCase() throws {
        let outcome = try apply(.offer(to: "B@X.COM", stage: "onboarding", brief: Self.brief), by: "A@x.com")
        #expect(try HandoffTask(document: outcome.document).offer?.to == "b@x.com")
    }

    @Test("an offer whose transition asks for no sections needs no brief, and logs just the heading")
    func offerWithTransitionWithoutBrief() throws {
        let outcome = try apply(.offer(to: "s@x.com", stage: "sales", brief: Brief(markdown: "")), by: "a@x.com")
        #expect(text(outcome).hasSuffix("Notes.\n\n## Handoff log\n\n### 2026-11-24 09:12 UTC — offer a@x.com → s@x.com (sales → sales)\n"))
    }

    @Test("a transition's own brief list replaces the default one")
    func perTransitionBrief() throws {
        let accepted = text(try apply(.accept(readback: "ok"), to: try offeredText(), by: "b@x.com"))
        let summaryOnly = Brief(markdown: "## Summary\nS.\n")
        let outcome = try apply(.offer(to: "c@x.com", stage: "support", brief: summaryOnly), to: accepted, by: "b@x.com")
        #expect(try HandoffTask(document: outcome.document).offer?.stage == "support")
        refusal(.offer(to: "c@x.com", stage: "support", brief: Brief(markdown: "## Risks\nR.\n")), to: accepted, by: "b@x.com",
                "the brief lacks 'Summary'")
    }

    @Test("an offer is refused to anyone but the owner or an admin")
    func offerWrongActor() {
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), by: "s@x.com",
                "HO-1 is owned by a@x.com; only the owner (or an admin) can offer it")
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), by: "stranger@x.com",
                "stranger@x.com is not a member of this workflow")
    }

    @Test("an offer is refused while another is pending or when the task is closed")
    func offerWrongState() throws {
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), to: try offeredText(), by: "a@x.com",
                "HO-1 is already offered to b@x.com; it must be accepted, declined or withdrawn before you offer it")
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), to: try closedText(), by: "a@x.com",
                "HO-1 is done; reopen it before you offer it")
    }

    @Test("an offer to a non-member or to the owner is refused")
    func offerWrongReceiver() {
        refusal(.offer(to: "z@x.com", stage: "onboarding", brief: Self.brief), by: "a@x.com",
                "z@x.com is not a member of this workflow")
        refusal(.offer(to: "A@X.com", stage: "sales", brief: Self.brief), by: "a@x.com",
                "HO-1 is already yours; offer it to someone else")
    }

    @Test("an offer along an undeclared transition is refused, listing the allowed ones")
    func offerUndeclaredTransition() {
        refusal(.offer(to: "c@x.com", stage: "support", brief: Self.brief), by: "a@x.com",
                "the workflow has no transition sales → support; allowed from sales: onboarding, sales")
    }

    @Test("an offer to someone who does not work in the target stage is refused")
    func offerReceiverNotInStage() {
        refusal(.offer(to: "c@x.com", stage: "onboarding", brief: Self.brief), by: "a@x.com",
                "c@x.com does not work in stage onboarding")
    }

    @Test("an offer whose brief lacks required sections, or has them empty, is refused naming them")
    func offerMissingSections() {
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Brief(markdown: "## Summary\nS.\n")), by: "a@x.com",
                "the brief lacks 'Risks'; add a '## NAME' section with text for each")
        refusal(.offer(to: "b@x.com", stage: "onboarding", brief: Brief(markdown: "## Summary\n\n## Risks\n  \n")), by: "a@x.com",
                "the brief lacks 'Summary', 'Risks'")
    }

    // MARK: accept

    @Test("accepting moves owner and stage, reopens the task, drops the offer and logs the read-back")
    func accept() throws {
        let outcome = try apply(.accept(readback: "  ACME needs SSO first.\n"), to: try offeredText(), by: "b@x.com", at: laterTime)
        #expect(text(outcome) == """
        ---
        id: HO-1
        title: Onboard ACME Corp
        stage: onboarding
        owner: b@x.com
        state: open   # open | offered | done | cancelled
        priority: high
        customer: ACME   # unknown keys stay
        ---
        Notes.

        ## Handoff log

        ### 2026-11-24 09:12 UTC — offer a@x.com → b@x.com (sales → onboarding)

        #### Summary
        S.

        #### Risks
        R.

        ### 2026-11-25 16:05 UTC — accept by b@x.com (sales → onboarding)

        #### Read-back
        ACME needs SSO first.

        """)
        #expect(outcome.fromPerson == "a@x.com" && outcome.toPerson == "b@x.com")
        #expect(outcome.fromStage == "sales" && outcome.toStage == "onboarding")
    }

    @Test("only the receiver may accept, and only a pending offer")
    func acceptRefusals() throws {
        let offered = try offeredText()
        refusal(.accept(readback: "x"), to: offered, by: "a@x.com", "you offered HO-1 to b@x.com; only b@x.com can accept it")
        refusal(.accept(readback: "x"), to: offered, by: "admin@x.com", "only b@x.com can accept it")
        refusal(.accept(readback: "x"), by: "b@x.com", "HO-1 has no pending offer; there is nothing to accept")
    }

    @Test("a required read-back must be given and not blank; an optional one may be left out")
    func readback() throws {
        let offered = try offeredText()
        refusal(.accept(readback: nil), to: offered, by: "b@x.com", "this workflow requires a read-back")
        refusal(.accept(readback: " \n\t"), to: offered, by: "b@x.com", "this workflow requires a read-back")
        let outcome = try apply(.accept(readback: nil), to: offered, by: "b@x.com", workflow: optionalReadback)
        #expect(text(outcome).hasSuffix("R.\n\n### 2026-11-24 09:12 UTC — accept by b@x.com (sales → onboarding)\n"))
    }

    // MARK: decline and withdraw

    @Test("declining keeps the owner and stage, drops the offer and logs the reason")
    func decline() throws {
        let outcome = try apply(.decline(reason: " No capacity this week. "), to: try offeredText(), by: "b@x.com")
        let after = text(outcome)
        #expect(after.hasPrefix(Self.openTask.replacingOccurrences(of: "Notes.\n", with: "")))
        #expect(after.hasSuffix("R.\n\n### 2026-11-24 09:12 UTC — decline by b@x.com (stays with a@x.com)\n\nReason: No capacity this week.\n"))
        #expect(outcome.fromPerson == "b@x.com" && outcome.toPerson == "a@x.com")
        #expect(outcome.fromStage == "sales" && outcome.toStage == "sales")
    }

    @Test("a decline needs a reason and comes only from the receiver")
    func declineRefusals() throws {
        let offered = try offeredText()
        refusal(.decline(reason: "  "), to: offered, by: "b@x.com", "say why you decline with --reason TEXT")
        refusal(.decline(reason: "no"), to: offered, by: "c@x.com", "only b@x.com can decline it")
        refusal(.decline(reason: "no"), by: "b@x.com", "nothing to decline")
    }

    @Test("the sender may withdraw a pending offer, with or without a reason")
    func withdraw() throws {
        let offered = try offeredText()
        let plain = text(try apply(.withdraw(reason: nil), to: offered, by: "a@x.com"))
        #expect(plain.hasPrefix(Self.openTask.replacingOccurrences(of: "Notes.\n", with: "")))
        #expect(plain.hasSuffix("R.\n\n### 2026-11-24 09:12 UTC — withdraw by a@x.com (offer to b@x.com)\n"))
        let blank = text(try apply(.withdraw(reason: "  "), to: offered, by: "a@x.com"))
        #expect(blank == plain)
        let reasoned = text(try apply(.withdraw(reason: "Wrong team."), to: offered, by: "a@x.com"))
        #expect(reasoned.hasSuffix("(offer to b@x.com)\n\nReason: Wrong team.\n"))
    }

    @Test("only the sender may withdraw, and only while the offer is pending")
    func withdrawRefusals() throws {
        let offered = try offeredText()
        refusal(.withdraw(reason: nil), to: offered, by: "b@x.com", "HO-1 was offered by a@x.com; only a@x.com can withdraw it")
        refusal(.withdraw(reason: nil), to: offered, by: "admin@x.com", "only a@x.com can withdraw it")
        refusal(.withdraw(reason: nil), by: "a@x.com", "HO-1 has no pending offer; there is nothing to withdraw")
    }

    // MARK: note

    @Test("any member may add a note in any state; only the body changes")
    func note() throws {
        let offered = try offeredText()
        let outcome = try apply(.note(text: "\nCalled Jo.\n\n"), to: offered, by: "C@X.COM")
        #expect(text(outcome) == offered + "\n### 2026-11-24 09:12 UTC — note by c@x.com\n\nCalled Jo.\n")
        let first = text(try apply(.note(text: "Hi"), by: "s@x.com"))
        #expect(first == Self.openTask + "\n## Handoff log\n\n### 2026-11-24 09:12 UTC — note by s@x.com\n\nHi\n")
        _ = try apply(.note(text: "Closed but noted."), to: try closedText(), by: "b@x.com")
    }

    @Test("an empty note, or one by a non-member, is refused")
    func noteRefusals() {
        refusal(.note(text: " \n "), by: "a@x.com", "the note is empty")
        refusal(.note(text: "hi"), by: "z@x.com", "z@x.com is not a member of this workflow")
    }

    // MARK: close and reopen

    @Test("the owner closes an open task (state done) and reopens it")
    func closeAndReopen() throws {
        let closed = text(try apply(.close(resolution: "Shipped."), by: "a@x.com"))
        #expect(closed == Self.openTask.replacingOccurrences(of: "state: open ", with: "state: done ")
            + "\n## Handoff log\n\n### 2026-11-24 09:12 UTC — close by a@x.com\n\nResolution: Shipped.\n")
        let reopened = text(try apply(.reopen(reason: nil), to: closed, by: "a@x.com", at: laterTime))
        #expect(reopened == closed.replacingOccurrences(of: "state: done ", with: "state: open ")
            + "\n### 2026-11-25 16:05 UTC — reopen by a@x.com\n")
        let blank = text(try apply(.close(resolution: " "), by: "a@x.com"))
        #expect(blank.hasSuffix("close by a@x.com\n"))
    }

    @Test("close and reopen are the owner's alone, and need the right state")
    func closeReopenRefusals() throws {
        refusal(.close(resolution: nil), by: "admin@x.com", "HO-1 is owned by a@x.com; only the owner can close it")
        refusal(.close(resolution: nil), to: try offeredText(), by: "a@x.com", "HO-1 is already offered to b@x.com")
        refusal(.close(resolution: nil), to: try closedText(), by: "a@x.com", "HO-1 is already done; there is nothing to close")
        refusal(.reopen(reason: nil), by: "a@x.com", "HO-1 is already open; there is nothing to reopen")
        refusal(.reopen(reason: nil), to: try closedText(), by: "s@x.com", "only the owner can reopen it")
        let cancelled = Self.openTask.replacingOccurrences(of: "state: open ", with: "state: cancelled ")
        _ = try apply(.reopen(reason: "Back on."), to: cancelled, by: "a@x.com")
    }

    // MARK: reassign

    @Test("an admin reassigns: owner changes, a pending offer is dropped, the log says who and why")
    func reassign() throws {
        let outcome = try apply(.reassign(to: "S@x.com", reason: "Ann left."), to: try offeredText(), by: "admin@x.com")
        let after = text(outcome)
        #expect(after.hasPrefix(Self.openTask.replacingOccurrences(of: "owner: a@x.com", with: "owner: s@x.com")
            .replacingOccurrences(of: "Notes.\n", with: "")))
        #expect(after.hasSuffix("R.\n\n### 2026-11-24 09:12 UTC — reassign by admin@x.com: a@x.com → s@x.com\n\nReason: Ann left.\n"))
        #expect(outcome.fromPerson == "a@x.com" && outcome.toPerson == "s@x.com")
        let open = text(try apply(.reassign(to: "s@x.com", reason: "Ann left."), by: "admin@x.com"))
        #expect(open.hasPrefix(Self.openTask.replacingOccurrences(of: "owner: a@x.com", with: "owner: s@x.com")))
    }

    @Test("reassign is refused to non-admins, without a reason, and to someone outside the task's stage")
    func reassignRefusals() {
        refusal(.reassign(to: "s@x.com", reason: "x"), by: "a@x.com", "only an admin can reassign HO-1")
        refusal(.reassign(to: "s@x.com", reason: " "), by: "admin@x.com", "say why with --reason TEXT")
        refusal(.reassign(to: "b@x.com", reason: "x"), by: "admin@x.com", "b@x.com does not work in stage sales")
        refusal(.reassign(to: "z@x.com", reason: "x"), by: "admin@x.com", "z@x.com is not a member of this workflow")
    }

    // MARK: Determinism and file formats

    @Test("the same operation on the same file gives identical bytes every time")
    func deterministic() throws {
        let operations: [(TaskOperation, String, String)] = [
            (.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), Self.openTask, "a@x.com"),
            (.accept(readback: "ok"), try offeredText(), "b@x.com"),
            (.decline(reason: "no"), try offeredText(), "b@x.com"),
            (.withdraw(reason: "r"), try offeredText(), "a@x.com"),
            (.note(text: "n"), Self.openTask, "c@x.com"),
            (.close(resolution: "done"), Self.openTask, "a@x.com"),
            (.reopen(reason: "again"), try closedText(), "a@x.com"),
            (.reassign(to: "s@x.com", reason: "gone"), Self.openTask, "admin@x.com"),
        ]
        for (operation, input, actor) in operations {
            let first = try apply(operation, to: input, by: actor, at: laterTime)
            let second = try apply(operation, to: input, by: actor, at: laterTime)
            #expect(first.document.bytes == second.document.bytes, "\(operation.action)")
            #expect(first.document.bytes != Array(input.utf8), "\(operation.action)")
        }
    }

    @Test("a whole handoff on a CRLF file with a BOM keeps CRLF on every line and the BOM")
    func crlfTask() throws {
        let crlf = "\u{FEFF}" + Self.openTask.replacingOccurrences(of: "\n", with: "\r\n")
        let offered = text(try apply(.offer(to: "b@x.com", stage: "onboarding", brief: Self.brief), to: crlf, by: "a@x.com"))
        let accepted = text(try apply(.accept(readback: "ok"), to: offered, by: "b@x.com"))
        let lf = text(try apply(.accept(readback: "ok"), to: try offeredText(), by: "b@x.com"))
        #expect(accepted == "\u{FEFF}" + lf.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("an invalid task file is reported as such, not as a refusal")
    func invalidTask() throws {
        let broken = Self.openTask.replacingOccurrences(of: "state: open ", with: "state: offered ")
        let error = #expect(throws: HandoffError.self) { _ = try apply(.note(text: "x"), to: broken, by: "a@x.com") }
        #expect(error?.kind == .invalidFile)
        #expect(error?.message.hasPrefix("tasks/2026-11/HO-1.md: ") == true)
    }

    @Test("each operation is named in commits as its action")
    func actionNames() {
        let names = [TaskOperation.offer(to: "", stage: "", brief: Brief(markdown: "")), .accept(readback: nil), .decline(reason: ""),
                     .withdraw(reason: nil), .note(text: ""), .close(resolution: nil), .reopen(reason: nil), .reassign(to: "", reason: "")]
            .map(\.action)
        #expect(names == ["offer", "accept", "decline", "withdraw", "note", "close", "reopen", "reassign"])
    }

    // MARK: Timestamps

    @Test("times render in UTC for the frontmatter, log headings and month folders, whatever the zone")
    func timestamps() throws {
        #expect(offerTime.iso8601 == "2026-11-24T09:12:00Z")
        #expect(offerTime.logHeading == "2026-11-24 09:12 UTC")
        #expect(offerTime.monthFolder == "2026-11")
        let zoned = Timestamp(seconds: offerTime.seconds, offsetMinutes: -300)
        #expect(zoned.iso8601 == "2026-11-24T09:12:00Z")
        #expect(Timestamp(seconds: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(try #require(Timestamp(iso8601: "2026-11-24T10:12:00+01:00")).seconds == offerTime.seconds)
        #expect(Timestamp(iso8601: "yesterday") == nil)
        #expect(offerTime < laterTime)
    }
}
