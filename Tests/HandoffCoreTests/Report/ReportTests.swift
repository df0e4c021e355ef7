import Foundation
import HandoffCore
import TestSupport
import Testing

/// A history made at known times, so the report's numbers can be checked to the second.
struct TimedHistory {
    /// Midnight UTC two days from now: when the story starts, after the team's set-up commits
    /// (which git dates with the real clock).
    static let start: Int64 = (Int64(Date().timeIntervalSince1970) / 86_400 + 2) * 86_400
    static let hour: Int64 = 3_600

    let team: TestTeam
    let bob: TestPerson
    let carol: TestPerson
    /// Accepted by bob 3 h after the offer; customer ACME.
    let accepted: String
    /// Declined by bob, then offered to carol and left pending (stale at `now`); customer Globex.
    let pending: String
    /// Offered to carol and withdrawn.
    let withdrawn: String
    /// Three days after the start.
    var now: Int64 { Self.start + 72 * Self.hour }

    init() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let carol = try team.person("carol", stages: ["onboarding"])
        let alice = team.admin
        let start = Self.start, hour = Self.hour
        func new(_ title: String, customer: String?) throws -> String {
            try Self.at(start, as: alice, in: team).newTask(NewTaskRequest(
                title: title, stage: "sales", fields: customer.map { [("customer", $0)] } ?? [])).task.id
        }
        func act(_ hours: Int64, _ person: TestPerson, _ operation: TaskOperation, _ id: String) throws {
            try Self.at(start + hours * hour, as: person, in: team).perform(operation, on: id)
        }
        let accepted = try new("Onboard ACME", customer: "ACME")
        let pending = try new("Onboard Globex", customer: "Globex")
        let withdrawn = try new("Onboard Initech", customer: nil)
        let brief = TestBriefs.complete
        try act(1, alice, .offer(to: bob.email, stage: "onboarding", brief: brief), accepted)
        try act(1, alice, .offer(to: bob.email, stage: "onboarding", brief: brief), pending)
        try act(2, bob, .decline(reason: "Not mine"), pending)
        try act(4, bob, .accept(readback: "ACME is mine now."), accepted)
        try act(5, alice, .offer(to: carol.email, stage: "onboarding", brief: brief), pending)
        try act(6, alice, .offer(to: carol.email, stage: "onboarding", brief: brief), withdrawn)
        try act(7, alice, .withdraw(reason: "Paused"), withdrawn)
        (self.team, self.bob, self.carol) = (team, bob, carol)
        (self.accepted, self.pending, self.withdrawn) = (accepted, pending, withdrawn)
    }

    /// The commands as `person` runs them with git's clock set to `time` (GIT_*_DATE) and the
    /// report's clock at `now`.
    static func at(_ time: Int64, as person: TestPerson, in team: TestTeam, now: Int64? = nil) -> Handoff {
        var context = team.context(for: person)
        context.environment["GIT_AUTHOR_DATE"] = "@\(time) +0000"
        context.environment["GIT_COMMITTER_DATE"] = "@\(time) +0000"
        let clock = now ?? time
        context.now = { clock }
        return Handoff(context: context)
    }

    /// The report as alice sees it at `now`.
    func report(since: Int64? = nil) throws -> ReportContents {
        try Self.at(now, as: team.admin, in: team, now: now).report(since: since)
    }
}

/// `handoff report` counts handoffs from history at the times the commits state.
@Suite struct ReportTests {
    @Test("offer at t, accept at t+3h gives a 3 h median; a decline and a withdrawal are counted")
    func transitionNumbers() throws {
        let history = try TimedHistory()
        let report = try history.report().report
        let transition = try #require(report.transitions.first { $0.from == "sales" && $0.to == "onboarding" })
        #expect(transition.offers == 4)
        #expect(transition.accepted == 1)
        #expect(transition.declined == 1)
        #expect(transition.withdrawn == 1)
        #expect(transition.pending == 1)
        #expect(transition.medianAcceptSeconds == 3 * 3_600)
        #expect(transition.p90AcceptSeconds == 3 * 3_600)
        #expect(transition.declineRate == 0.5)
        #expect(report.transitions.count == 1)
    }

    @Test("time in stage: the accepted task spent 4 h in sales and has been in onboarding since")
    func timeInStage() throws {
        let history = try TimedHistory()
        let stages = try history.report().report.stages
        #expect(stages.map(\.stage) == ["sales", "onboarding", "support"])
        #expect(stages[0].finishedStays == 1)
        #expect(stages[0].medianStaySeconds == 4 * 3_600)
        #expect(stages[0].tasksNow == 2)
        #expect(stages[1].tasksNow == 1)
        #expect(stages[1].medianAgeSeconds == 68 * 3_600)
        #expect(stages[2].medianStaySeconds == nil)
    }

    @Test("the offer pending 67 h is stale, lists who waits on whom, and its customer waits")
    func staleOffersAndCustomers() throws {
        let history = try TimedHistory()
        let report = try history.report().report
        #expect(report.staleAfterSeconds == 2 * 86_400)
        let stale = try #require(report.staleOffers.first)
        #expect(report.staleOffers.count == 1)
        #expect(stale.task == history.pending)
        #expect(stale.from == history.team.admin.email && stale.to == history.carol.email)
        #expect(stale.ageSeconds == 67 * 3_600)
        #expect(stale.customer == "Globex")
        #expect(report.customersWaiting.map(\.customer) == ["Globex"])
        #expect(report.customersWaiting.first?.tasks == [history.pending])
    }

    @Test("WIP counts held tasks, offers made and offers received per person")
    func workInProgress() throws {
        let history = try TimedHistory()
        let people = try history.report().report.people
        let alice = try #require(people.first { $0.email == history.team.admin.email })
        #expect(alice.holding == 1 && alice.offering == 1 && alice.offeredToThem == 0 && alice.wip == 2)
        let bob = try #require(people.first { $0.email == history.bob.email })
        #expect(bob.holding == 1 && bob.wip == 1)
        let carol = try #require(people.first { $0.email == history.carol.email })
        #expect(carol.offeredToThem == 1 && carol.holding == 0)
        #expect(people.allSatisfy { $0.wipLimit == nil && !$0.overLimit })
    }

    @Test("--since counts only what happened from then on; pending offers stay current")
    func since() throws {
        let history = try TimedHistory()
        let report = try history.report(since: TimedHistory.start + 3 * TimedHistory.hour).report
        let transition = try #require(report.transitions.first)
        #expect(transition.offers == 2)
        #expect(transition.accepted == 1)
        #expect(transition.declined == 0)
        #expect(transition.declineRate == 0)
        #expect(transition.medianAcceptSeconds == 3 * 3_600)
        #expect(transition.pending == 1)
        #expect(report.totals.events == 4)
        #expect(report.since == Timestamp(seconds: TimedHistory.start + 3 * TimedHistory.hour).iso8601)
    }

    @Test("events per day are counted by kind")
    func activity() throws {
        let history = try TimedHistory()
        let days = try history.report().report.activity
        let startDay = String(Timestamp(seconds: TimedHistory.start).iso8601.prefix(10))
        #expect(days.last?.day == startDay)
        let day = try #require(days.last)
        #expect(day.created == 3 && day.offers == 4 && day.accepts == 1 && day.declines == 1 && day.withdrawals == 1)
    }

    @Test("durations read as people write them")
    func durationWords() {
        #expect(DurationText.words(45) == "45s")
        #expect(DurationText.words(10_800) == "3h")
        #expect(DurationText.words(11_100) == "3h 5m")
        #expect(DurationText.words(2 * 86_400) == "2d")
        #expect(DurationText.words(241_200) == "2d 19h")
    }
}

/// Clocks that disagree and clocks git cannot record.
@Suite struct ReportClockTests {
    @Test("an accept whose machine's clock is 10 minutes behind the offer's counts as a 0 s wait, never a negative one")
    func clockSkew() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let start = TimedHistory.start
        let id = try TimedHistory.at(start, as: team.admin, in: team).newTask(NewTaskRequest(title: "Skewed", stage: "sales")).task.id
        try TimedHistory.at(start + 3_600, as: team.admin, in: team).perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try TimedHistory.at(start + 3_000, as: bob, in: team).perform(.accept(readback: "mine"), on: id)
        let report = try TimedHistory.at(start + 7_200, as: team.admin, in: team, now: start + 7_200).report(since: nil).report
        let transition = try #require(report.transitions.first { $0.from == "sales" && $0.to == "onboarding" })
        #expect(transition.medianAcceptSeconds == 0)
        #expect(report.stages.allSatisfy { ($0.medianStaySeconds ?? 0) >= 0 && ($0.p90StaySeconds ?? 0) >= 0 })
    }

    @Test("a commit time before 1970 or after 9999 is refused before anything is written")
    func unrecordableTimes() throws {
        let team = try TestTeam()
        let before = try team.commits().count
        for date in ["@-100 +0000", "@253402300800 +0000", "@1700000000 +9999", "@1700000000 +2147483647"] {
            var context = team.context(for: team.admin)
            context.environment["GIT_COMMITTER_DATE"] = date
            #expect(throws: HandoffError.self, "\(date)") {
                try Handoff(context: context).newTask(NewTaskRequest(title: "Out of time", stage: "sales"))
            }
        }
        #expect(try team.commits().count == before)
    }
}
