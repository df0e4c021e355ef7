import Foundation
import HandoffCore
import TestSupport
import Testing

/// `log` and `audit` read the chain of custody back from history alone.
@Suite struct HistoryTests {
    private func handedOver() throws -> (TestTeam, TestPerson, String) {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Custody", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "I own the SSO work now."), on: id)
        return (team, bob, id)
    }

    @Test("log lists each event with actor, people, stages, brief, read-back and a good signature")
    func chainOfCustody() throws {
        let (team, bob, id) = try handedOver()
        let path = try team.handoff(as: team.admin).show(id).entry.path
        // Hand-written text goes above the log, which only handoff's commands write.
        try team.write(try team.read(path).replacingOccurrences(of: "## Handoff log\n", with: "A hand-written note.\n\n## Handoff log\n"), to: path)
        let handCommit = try team.git(["commit", "-q", "-am", "note by hand"], as: bob)
        #expect(handCommit.status == 0, "git commit: \(handCommit.stderrText)")
        let (task, events) = try team.handoff(as: bob).log(id)
        #expect(task.owner == bob.email)
        #expect(events.map(\.action) == ["new", "offer", "accept", "edit"])
        #expect(events.map(\.actor) == [team.admin.email, team.admin.email, bob.email, bob.email])
        #expect(events.allSatisfy { $0.signature == "good" && $0.fingerprint?.hasPrefix("SHA256:") == true })
        let offer = events[1]
        #expect(offer.from == team.admin.email && offer.to == bob.email)
        #expect(offer.fromStage == "sales" && offer.toStage == "onboarding")
        #expect(offer.details?.contains("#### Risks\nFixed launch date.") == true)
        #expect(events[2].details == "#### Read-back\nI own the SSO work now.")
    }

    @Test("audit reports every handoff event, and a bad signature as bad with the reason")
    func audit() throws {
        let (team, _, id) = try handedOver()
        let mallory = try team.person("mallory")
        let path = try team.handoff(as: team.admin).show(id).entry.path
        try team.write(try team.read(path) + "\nsneaky\n", to: path)
        let message = "handoff: note \(id) (onboarding)\n\nHandoff-Task: \(id)\nHandoff-Action: note\n"
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", message], as: mallory).status == 0)
        let events = try team.handoff(as: team.admin).audit()
        #expect(events.map(\.action) == ["init", "member-add", "new", "offer", "accept", "note"])
        #expect(events.dropLast().allSatisfy { $0.signature == "good" })
        #expect(events.last?.signature == "bad")
        #expect(events.last?.problem?.contains("does not list for mallory@example.com") == true)
        let later = try team.handoff(as: team.admin).audit(since: Int64(Date().timeIntervalSince1970) + 3600)
        #expect(later.isEmpty)
    }
}
