import ByteRanges
import HandoffModel
import HandoffStore

/// Computes a `HandoffReport` from the history's events (oldest first) and the current tasks.
/// Pure: no repository, no clock; the caller passes `now`.
struct ReportBuilder {
    let workflow: Workflow
    let now: Int64
    /// Outcomes (accepts, declines, withdrawals, finished stays) before this moment are not counted.
    let since: Int64?
    let staleAfter: Int

    private struct TransitionKey: Hashable {
        let from: String
        let to: String
    }

    private struct OpenOffer {
        let key: TransitionKey
        let at: Int64
    }

    private struct Stay {
        var stage: String
        var enteredAt: Int64
        var active: Bool
    }

    private struct TransitionTally {
        var offers = 0
        var accepted = 0
        var declined = 0
        var withdrawn = 0
        var pending = 0
        var latencies = [Int]()
        var readbackItems = 0
        var acknowledged = 0
    }

    /// - Parameter takes: by task, the accepts and claims of its log measured against their
    ///   briefs' checklists, in log order (the order of the task's accept and claim events).
    func report(events: [HandoffEvent], tasks: [HandoffTask], takes: [String: [ReadbackTake]] = [:]) -> HandoffReport {
        var tallies = [TransitionKey: TransitionTally]()
        var openOffers = [String: OpenOffer]()
        var stays = [String: Stay]()
        var finishedStays = [String: [Int]]()
        var activity = [String: HandoffReport.DayActivity]()
        var eventCount = 0
        var takesSeen = [String: Int]()

        func counted(_ time: Int64) -> Bool { since.map { time >= $0 } ?? true }
        func endStay(_ task: String, at time: Int64) {
            guard let stay = stays[task], stay.active else { return }
            // Clocks of two machines may disagree: a stay or a wait is never shorter than nothing.
            if counted(time) { finishedStays[stay.stage, default: []].append(Int(max(0, time - stay.enteredAt))) }
            stays[task]?.active = false
        }

        for event in events {
            let action = event.recordedAction
            if counted(event.timestamp) {
                eventCount += 1
                let day = String(event.time.prefix(10))
                var bucket = activity[day] ?? HandoffReport.DayActivity(day: day, offers: 0, accepts: 0, declines: 0, withdrawals: 0, created: 0, other: 0)
                switch action {
                case .operation(.offer): bucket.offers += 1
                case .operation(.accept), .operation(.claim): bucket.accepts += 1
                case .operation(.decline): bucket.declines += 1
                case .operation(.withdraw): bucket.withdrawals += 1
                case .new: bucket.created += 1
                case .operation(.note), .operation(.close), .operation(.reopen), .operation(.reassign), .operation(.approve),
                     .import, .initialize, .memberAdd, .memberRemove, .memberEdit, .memberKey, .policyPropose, .policyApprove, nil:
                    bucket.other += 1
                }
                activity[day] = bucket
            }
            guard let task = event.task else { continue }
            let time = event.timestamp
            let eventKey = TransitionKey(from: event.fromStage ?? "", to: event.toStage ?? "")
            switch action {
            case .new:
                stays[task] = Stay(stage: event.toStage ?? "", enteredAt: time, active: true)
            case .operation(.offer):
                openOffers[task] = OpenOffer(key: eventKey, at: time)
                if counted(time) { tallies[eventKey, default: TransitionTally()].offers += 1 }
            case .operation(.accept), .operation(.claim):
                // A claim takes a queue offer as an accept takes a personal one.
                let offer = openOffers.removeValue(forKey: task)
                let take = takes[task].flatMap { $0.indices.contains(takesSeen[task, default: 0]) ? $0[takesSeen[task, default: 0]] : nil }
                takesSeen[task, default: 0] += 1
                if counted(time) {
                    tallies[offer?.key ?? eventKey, default: TransitionTally()].accepted += 1
                    if let take {
                        tallies[offer?.key ?? eventKey, default: TransitionTally()].readbackItems += take.items
                        tallies[offer?.key ?? eventKey, default: TransitionTally()].acknowledged += take.acknowledged
                    }
                    if let offer { tallies[offer.key, default: TransitionTally()].latencies.append(Int(max(0, time - offer.at))) }
                }
                if let stage = event.toStage, stays[task]?.stage != stage || stays[task]?.active != true {
                    endStay(task, at: time)
                    stays[task] = Stay(stage: stage, enteredAt: time, active: true)
                }
            case .operation(.decline):
                let offer = openOffers.removeValue(forKey: task)
                if counted(time) { tallies[offer?.key ?? eventKey, default: TransitionTally()].declined += 1 }
            case .operation(.withdraw):
                let offer = openOffers.removeValue(forKey: task)
                if counted(time) { tallies[offer?.key ?? eventKey, default: TransitionTally()].withdrawn += 1 }
            case .operation(.reassign):
                openOffers.removeValue(forKey: task)
            case .operation(.close):
                openOffers.removeValue(forKey: task)
                endStay(task, at: time)
            case .operation(.reopen):
                if let stage = event.toStage { stays[task] = Stay(stage: stage, enteredAt: time, active: true) }
            // A sign-off after the receiver's accept: the stay in the new stage is counted from
            // the accept, when the receiver took the work on.
            case .operation(.note), .operation(.approve), .import, .initialize, .memberAdd, .memberRemove, .memberEdit, .memberKey, .policyPropose, .policyApprove, nil:
                break
            }
        }

        let pending = tasks.compactMap(pendingOffer)
        for offer in pending {
            tallies[TransitionKey(from: offer.fromStage, to: offer.toStage), default: TransitionTally()].pending += 1
        }

        return HandoffReport(
            generatedAt: Timestamp(seconds: now).iso8601,
            since: since.map { Timestamp(seconds: $0).iso8601 },
            staleAfterSeconds: staleAfter,
            wipLimit: workflow.wipLimit,
            totals: totals(tasks, events: eventCount),
            transitions: transitionStats(tallies),
            stages: stageStats(tasks: tasks, stays: stays, finished: finishedStays),
            people: people(tasks),
            staleOffers: pending.filter { $0.ageSeconds >= staleAfter }.sorted { ($0.offeredAt, $0.task) < ($1.offeredAt, $1.task) },
            customersWaiting: customers(pending),
            activity: activity.values.sorted { $0.day < $1.day })
    }

    /// The task's pending offer as the report shows it; nil when it has none.
    func pendingOffer(_ task: HandoffTask) -> HandoffReport.PendingOffer? {
        guard task.state == .offered, let offer = task.offer else { return nil }
        let at = offer.offeredAt ?? now
        return HandoffReport.PendingOffer(
            task: task.id, title: task.title, from: offer.from, to: offer.to, fromStage: task.stage, toStage: offer.stage,
            offeredAt: offer.at, ageSeconds: Int(max(0, now - at)), customer: task.fields["customer"])
    }

    private func totals(_ tasks: [HandoffTask], events: Int) -> HandoffReport.Totals {
        func count(_ state: TaskState) -> Int { tasks.count { $0.state == state } }
        return HandoffReport.Totals(
            tasks: tasks.count, open: count(.open), offered: count(.offered), done: count(.done), cancelled: count(.cancelled),
            events: events)
    }

    /// Transitions in the workflow's order of stages, then any the workflow no longer declares.
    private func transitionStats(_ tallies: [TransitionKey: TransitionTally]) -> [HandoffReport.TransitionStats] {
        func rank(_ stage: String) -> Int { workflow.stages.firstIndex(of: stage) ?? workflow.stages.count }
        return tallies
            .sorted { (rank($0.key.from), rank($0.key.to), $0.key.from, $0.key.to) < (rank($1.key.from), rank($1.key.to), $1.key.from, $1.key.to) }
            .map { key, tally in
                let decided = tally.accepted + tally.declined
                return HandoffReport.TransitionStats(
                    from: key.from, to: key.to, offers: tally.offers, accepted: tally.accepted, declined: tally.declined,
                    withdrawn: tally.withdrawn, pending: tally.pending,
                    medianAcceptSeconds: Percentile.nearestRank(50, of: tally.latencies),
                    p90AcceptSeconds: Percentile.nearestRank(90, of: tally.latencies),
                    declineRate: decided == 0 ? nil : Double(tally.declined) / Double(decided),
                    readbackItems: tally.readbackItems, readbackAcknowledged: tally.acknowledged,
                    readbackCoverage: tally.readbackItems == 0 ? nil : Double(tally.acknowledged) / Double(tally.readbackItems))
            }
    }

    private func stageStats(tasks: [HandoffTask], stays: [String: Stay], finished: [String: [Int]]) -> [HandoffReport.StageStats] {
        let active = tasks.filter { $0.state == .open || $0.state == .offered }
        var ages = [String: [Int]]()
        for task in active {
            guard let stay = stays[task.id], stay.active, stay.stage == task.stage else { continue }
            ages[task.stage, default: []].append(Int(max(0, now - stay.enteredAt)))
        }
        var stages = workflow.stages
        stages += Set(active.map(\.stage)).subtracting(stages).sorted()
        return stages.map { stage in
            let stays = finished[stage] ?? []
            return HandoffReport.StageStats(
                stage: stage, tasksNow: active.count { $0.stage == stage }, finishedStays: stays.count,
                medianStaySeconds: Percentile.nearestRank(50, of: stays), p90StaySeconds: Percentile.nearestRank(90, of: stays),
                medianAgeSeconds: Percentile.nearestRank(50, of: ages[stage] ?? []))
        }
    }

    /// Everyone who holds or is offered something, plus every member, busiest first; counted as
    /// the WIP limit counts them when an offer is made.
    private func people(_ tasks: [HandoffTask]) -> [HandoffReport.PersonLoad] {
        var loads = [String: (holding: Int, offering: Int, offered: Int)]()
        func key(_ email: String) -> String { workflow.member(email)?.email ?? email.lowercased() }
        for member in workflow.members { loads[member.email] = (0, 0, 0) }
        for task in tasks {
            switch task.state {
            case .open: loads[key(task.owner), default: (0, 0, 0)].holding += 1
            case .offered:
                loads[key(task.owner), default: (0, 0, 0)].offering += 1
                if let offer = task.offer { loads[key(offer.to), default: (0, 0, 0)].offered += 1 }
            case .done, .cancelled: break
            }
        }
        return loads.map { email, load in
            let wip = load.holding + load.offering + load.offered
            return HandoffReport.PersonLoad(
                email: email, holding: load.holding, offering: load.offering, offeredToThem: load.offered, wip: wip,
                wipLimit: workflow.wipLimit, overLimit: workflow.wipLimit.map { wip > $0 } ?? false)
        }
        .sorted { ($1.wip, $0.email) < ($0.wip, $1.email) }
    }

    private func customers(_ pending: [HandoffReport.PendingOffer]) -> [HandoffReport.CustomerWait] {
        var waits = [String: [HandoffReport.PendingOffer]]()
        for offer in pending {
            guard let customer = offer.customer, !customer.isEmpty else { continue }
            waits[customer, default: []].append(offer)
        }
        return waits.map { customer, offers in
            HandoffReport.CustomerWait(
                customer: customer, tasks: offers.map(\.task).sorted(), longestWaitSeconds: offers.map(\.ageSeconds).max() ?? 0)
        }
        .sorted { ($1.longestWaitSeconds, $0.customer) < ($0.longestWaitSeconds, $1.customer) }
    }
}
