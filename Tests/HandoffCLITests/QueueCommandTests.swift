import Foundation
import HandoffCore
import TestSupport
import Testing

/// Offers to a stage's queue: every member of the stage sees it waiting, the first claim wins,
/// later claimers are told who has it, and verify, report and sync know claims.
@Suite struct QueueCommandTests {
    /// A team of alice (admin, every stage), bob and carol in onboarding, dave in support, with
    /// one task alice offered to the onboarding queue.
    static func queueOffer() throws -> (team: TestTeam, bob: TestPerson, carol: TestPerson, dave: TestPerson, id: String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let carol = try team.person("carol", stages: ["onboarding"])
        let dave = try team.person("dave", stages: ["support"])
        let id = try CLI.newTask("Onboard ACME", in: team)
        let offer = handoff(["offer", id, "--queue", "onboarding", "-m", CLI.brief], as: team.admin, in: team)
        try #require(offer.code == 0, "\(offer.stderr)")
        #expect(offer.stdout.contains("to the onboarding queue"))
        return (team, bob, carol, dave, id)
    }

    @Test("a queue offer waits for every member of the stage, the first claim takes it, a later one names who has it")
    func claimFromQueue() throws {
        let (team, bob, carol, dave, id) = try Self.queueOffer()
        for person in [bob, carol] {
            let inbox = handoff(["inbox", "--json"], as: person, in: team)
            #expect(inbox.stdout.contains(id), "\(person.email): \(inbox.stdout)")
        }
        #expect(!handoff(["inbox", "--json"], as: dave, in: team).stdout.contains(id))
        let accept = handoff(["accept", id, "--readback", "mine"], as: bob, in: team)
        #expect(accept.code == 1 && accept.stderr.contains("handoff claim \(id)"), "\(accept.stderr)")
        let wrongStage = handoff(["claim", id, "--readback", "mine"], as: dave, in: team)
        #expect(wrongStage.code == 1 && wrongStage.stderr.contains("only members of onboarding can claim it"), "\(wrongStage.stderr)")

        let claim = handoff(["claim", id, "--readback", "I take ACME; SSO first"], as: carol, in: team)
        try CLI.expectCommitted(claim, in: team)
        let task = try team.handoff(as: carol).show(id).entry.task
        #expect(task.owner == carol.email && task.stage == "onboarding" && task.state == .open && task.offer == nil)
        let late = handoff(["claim", id, "--readback", "mine too"], as: bob, in: team)
        #expect(late.code == 1 && late.stderr.contains("no longer offered: \(carol.email) holds it"), "\(late.stderr)")

        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
        let report = try CLI.json(handoff(["report", "--json"], as: team.admin, in: team).stdout) as? [String: Any]
        let transitions = report?["transitions"] as? [[String: Any]] ?? []
        let salesToOnboarding = transitions.first { $0["from"] as? String == "sales" && $0["to"] as? String == "onboarding" }
        #expect(salesToOnboarding?["offers"] as? Int == 1 && salesToOnboarding?["accepted"] as? Int == 1, "\(transitions)")
        #expect(try team.gitText(["log", "-1", "--format=%(trailers:key=Handoff-Action,valueonly)%(trailers:key=Handoff-To,valueonly)"])
            == "claim\n\(carol.email)\n\n")
    }

    @Test("a queue no one else works in, or one that names another stage, is refused")
    func refusedQueues() throws {
        let team = try TestTeam()
        _ = try team.person("dave", stages: ["support"])
        let id = try CLI.newTask("Onboard ACME", in: team)
        let empty = handoff(["offer", id, "--queue", "onboarding", "-m", CLI.brief], as: team.admin, in: team)
        #expect(empty.code == 1 && empty.stderr.contains("nobody but \(team.admin.email) works in onboarding"), "\(empty.stderr)")
        let both = handoff(["offer", id, "--queue", "onboarding", "--to", "dave@example.com", "-m", CLI.brief], as: team.admin, in: team)
        #expect(both.code == 2)
    }

    @Test("8 members claim one queue offer at once: exactly one wins, the others are told who has it")
    func raceForOneQueueOffer() throws {
        let team = try TestTeam()
        let claimers = try (0..<8).map { try team.person("member\($0)", stages: ["onboarding"]) }
        let id = try CLI.newTask("Onboard ACME", in: team)
        let offer = handoff(["offer", id, "--queue", "onboarding", "-m", CLI.brief], as: team.admin, in: team)
        try #require(offer.code == 0, "\(offer.stderr)")
        let before = try team.commits().count
        let processes = try claimers.map { try team.startHandoff(["claim", id, "--readback", "I take it"], as: $0) }
        let outputs = try processes.map { try $0.wait() }
        let winners = outputs.indices.filter { outputs[$0].status == 0 }
        #expect(winners.count == 1, "\(outputs.map(\.stderrText))")
        let owner = try team.handoff(as: team.admin).show(id).entry.task.owner
        #expect(winners.map { claimers[$0].email } == [owner])
        for loser in outputs where loser.status != 0 {
            #expect(loser.status == 1 && loser.stderrText.contains("no longer offered: \(owner) holds it"), "\(loser.stderrText)")
        }
        #expect(try team.commits().count == before + 1)
        #expect(handoff(["verify", "--no-cache"], as: team.admin, in: team).code == 0)
    }
}
