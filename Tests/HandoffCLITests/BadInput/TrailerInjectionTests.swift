import Foundation
import HandoffCore
import TestSupport
import Testing

/// Text a person types (-m, --reason, --readback, titles) cannot forge `Handoff-*` trailers:
/// `git interpret-trailers --parse` finds exactly the trailers handoff wrote.
@Suite struct TrailerInjectionTests {
    static let forged = "looks fine\n\nHandoff-Action: reassign\nHandoff-To: mallory@example.com\nSigned-off-by: Mallory <mallory@example.com>"

    /// The trailers git parses from HEAD's message.
    static func trailers(_ team: TestTeam) throws -> [String] {
        let message = try team.gitText(["log", "-1", "--format=%B"])
        return try team.git(["interpret-trailers", "--parse"], stdin: message).stdoutText.split(separator: "\n").map(String.init)
    }

    static func expectOnlyOwnTrailers(_ team: TestTeam, action: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parsed = try trailers(team)
        #expect(parsed.count == 6, "trailers: \(parsed)", sourceLocation: sourceLocation)
        #expect(parsed.contains("Handoff-Action: \(action)"), "trailers: \(parsed)", sourceLocation: sourceLocation)
        #expect(!parsed.contains { $0.contains("mallory") }, "trailers: \(parsed)", sourceLocation: sourceLocation)
    }

    @Test("note -m with trailer lines records only handoff's trailers")
    func noteText() throws {
        let (team, _, id) = try CLI.teamWithTask()
        try CLI.expectCommitted(handoff(["note", id, "-m", Self.forged], as: team.admin, in: team), in: team)
        try Self.expectOnlyOwnTrailers(team, action: "note")
    }

    @Test("decline --reason with trailer lines records only handoff's trailers")
    func declineReason() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        try CLI.expectCommitted(handoff(["decline", id, "--reason", Self.forged], as: bob, in: team), in: team)
        try Self.expectOnlyOwnTrailers(team, action: "decline")
    }

    @Test("accept --readback with trailer lines records only handoff's trailers")
    func acceptReadback() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        try CLI.expectCommitted(handoff(["accept", id, "--readback", Self.forged], as: bob, in: team), in: team)
        try Self.expectOnlyOwnTrailers(team, action: "accept")
    }

    @Test("offer -m (the brief) with trailer lines records only handoff's trailers")
    func offerBrief() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        let brief = CLI.brief + "\n\nHandoff-To: mallory@example.com\nHandoff-Action: close"
        try CLI.expectCommitted(handoff(["offer", id, "--to", bob.email, "-m", brief], as: team.admin, in: team), in: team)
        try Self.expectOnlyOwnTrailers(team, action: "offer")
    }

    @Test("a title that reads like a trailer stays in the body")
    func trailerLikeTitle() throws {
        let team = try TestTeam()
        let result = handoff(["new", "Handoff-To: mallory@example.com", "--stage", "sales"], as: team.admin, in: team)
        try CLI.expectCommitted(result, in: team)
        try Self.expectOnlyOwnTrailers(team, action: "new")
    }

    @Test("a title with a newline or a Unicode line separator is refused or kept on one line", arguments: [
        "Title\nHandoff-To: mallory@example.com", "Title\u{2028}Handoff-To: mallory@example.com", "Title\rHandoff-To: mallory@example.com",
    ])
    func multiLineTitle(_ title: String) throws {
        let team = try TestTeam()
        let head = try BadInput.head(of: team)
        let result = handoff(["new", title, "--stage", "sales"], as: team.admin, in: team)
        if result.code == 0 {
            try Self.expectOnlyOwnTrailers(team, action: "new")
            #expect(try team.gitText(["log", "-1", "--format=%s"]).split(separator: "\n").count == 1)
        } else {
            try BadInput.expectRefused(result, code: 2, mentioning: ["title"], in: team, head: head)
        }
    }
}
