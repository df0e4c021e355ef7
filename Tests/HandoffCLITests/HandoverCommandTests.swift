import Foundation
import HandoffCore
import TestSupport
import Testing

/// A shift change: `handover` offers everything I hold with one brief, `accept-all` takes it all;
/// one signed commit per task, and a refused task is named while the others move.
@Suite struct HandoverCommandTests {
    @Test("handover offers every open task with the shift brief and each task's line; accept-all takes them; verify is clean")
    func handoverAndAcceptAll() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let ids = try (1...5).map { try CLI.newTask("Customer \($0)", in: team) }
        let before = try team.commits().count
        let handover = handoff(["handover", "--to", bob.email, "-m", CLI.brief, "--line", "\(ids[2].lowercased())=Call them back on Monday"], as: team.admin, in: team)
        #expect(handover.code == 0, "\(handover.stderr)")
        #expect(handover.stdout.hasSuffix("5 moved, 0 did not.\n"), "\(handover.stdout)")
        #expect(try team.commits().count == before + 5)
        let third = handoff(["show", ids[2]], as: bob, in: team)
        #expect(third.stdout.contains("This task") && third.stdout.contains("Call them back on Monday"), "\(third.stdout)")
        let second = handoff(["show", ids[1]], as: bob, in: team)
        #expect(!second.stdout.contains("This task"))

        let accept = handoff(["accept-all", "--from", team.admin.email, "--readback", "Five onboardings, Monday call for the third"], as: bob, in: team)
        #expect(accept.code == 0, "\(accept.stderr)")
        #expect(accept.stdout.hasSuffix("5 moved, 0 did not.\n"))
        for id in ids {
            let task = try team.handoff(as: bob).show(id).entry.task
            #expect(task.owner == bob.email && task.stage == "onboarding" && task.state == .open)
        }
        let verify = handoff(["verify", "--no-cache"], as: team.admin, in: team)
        #expect(verify.code == 0, "\(verify.stderr)")
        #expect(try team.gitText(["log", "--format=%s", "-10"]).split(separator: "\n").filter { $0.contains("accept") }.count == 5)
    }

    @Test("a task the receiver cannot take is named and stays; the others move, and exit is 1")
    func partialFailure() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let movable = try CLI.newTask("Movable", in: team)
        let stuck = try CLI.newTask("In support", in: team, extra: ["--stage", "support"])
        let result = handoff(["handover", "--to", bob.email, "-m", CLI.brief], as: team.admin, in: team)
        #expect(result.code == 1)
        #expect(result.stdout.contains("Offered \(movable) to \(bob.email)"))
        #expect(result.stdout.hasSuffix("1 moved, 1 did not.\n"))
        #expect(result.stderr.contains("handoff: \(stuck) did not move:"), "\(result.stderr)")
        #expect(try team.handoff(as: team.admin).show(stuck).entry.task.state == .open)
        #expect(try team.handoff(as: team.admin).show(movable).entry.task.state == .offered)
        // Running it again offers only what is still held: nothing is offered twice.
        let again = handoff(["handover", "--to", bob.email, "-m", CLI.brief], as: team.admin, in: team)
        #expect(again.stdout.hasSuffix("0 moved, 1 did not.\n"), "\(again.stdout)")
    }

    @Test("a --line naming a task I do not hold offers nothing")
    func unknownLine() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        _ = try CLI.newTask("Movable", in: team)
        let before = try team.commits().count
        let result = handoff(["handover", "--to", bob.email, "-m", CLI.brief, "--line", "HO-NOPE1=x"], as: team.admin, in: team)
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("HO-NOPE1"))
        #expect(try team.commits().count == before)
    }
}
