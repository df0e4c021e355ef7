import Foundation
import HandoffCore

/// What the builder made, for the manifest.
struct BuiltHistory: Sendable {
    /// All commits on main.
    let commits: Int
    /// The task handed over most often.
    let busiestTask: String
    /// Its path.
    let busiestTaskPath: String
    /// Its offer/accept pairs.
    let busiestTaskHandoffs: Int
}

/// Makes a reference history through handoff's public API, one signed commit at a time: `init`
/// by the admin, a `member add` per person, then tasks created by everyone with offers and
/// accepts spread over people and time. Dates come from a synthetic clock, so tasks fall into
/// month folders as they would over `size.months` months.
struct ReferenceBuilder {
    /// The stages of the reference workflow.
    static let stages = ["sales", "onboarding", "support"]
    /// The last day of the synthetic history: 2026-10-01T00:00:00Z.
    static let historyEnd: Int64 = 1_790_812_800

    let size: BenchSize
    let repository: String
    let people: [Person]
    let shell: Subprocess

    private var random = SeededGenerator(seed: 0x4841_4E44_4F46_46)
    private var clock: Int64 = 0
    private var step: Int64 = 1

    /// A builder for `size` in `repository` (which must not exist yet) with `people`.
    init(size: BenchSize, repository: String, people: [Person], shell: Subprocess) {
        self.size = size
        self.repository = repository
        self.people = people
        self.shell = shell
    }

    /// Makes the keys, the repository and its whole history, then packs it.
    /// - Throws: `BenchError` or `HandoffError` when a step fails.
    mutating func build(handoffBinary: String) throws -> BuiltHistory {
        for person in people { try person.create(shell: shell) }
        let admin = people[0]
        try shell.check("git", ["init", "-q", "-b", "main", repository], in: "/", environment: admin.environment)
        let total = Int64(1 + people.count - 1 + size.tasks + size.handoffCommits)
        let span = Int64(size.months) * 30 * 86_400
        step = max(1, span / total)
        clock = Self.historyEnd - span

        try handoff(as: admin).initialize(prefix: "HO", stages: Self.stages, hookBinary: handoffBinary)
        for person in people.dropFirst() {
            try handoff(as: admin).addMember(email: person.email, keyFile: person.publicKey, stages: Self.stages, admin: false)
        }

        let tasks: [TrackedTask]
        if size.importsTasks {
            // Thousands of commits on a 100,000-file index: with the working tree switched off,
            // commits touch neither files nor index; one checkout at the end writes them all.
            try shell.check("git", ["config", "core.bare", "true"], in: repository, environment: admin.environment)
            tasks = try importMonthly()
            try shell.check("git", ["config", "core.bare", "false"], in: repository, environment: admin.environment)
            try shell.check("git", ["reset", "-q", "--hard"], in: repository, environment: admin.environment)
        } else {
            tasks = try createOneByOne()
        }
        try shell.check("git", ["gc", "-q"], in: repository, environment: admin.environment)
        let count = try shell.check("git", ["rev-list", "--count", "HEAD"], in: repository, environment: admin.environment)
        guard let busiest = tasks.max(by: { $0.handoffs < $1.handoffs }) else {
            throw BenchError("the \(size.name) reference repository has no tasks")
        }
        let owner = people[busiest.owner].email
        let entries = try handoff(as: admin).list(TaskFilter(owner: owner))
        guard let entry = entries.first(where: { $0.task.id == busiest.id }) else {
            throw BenchError("\(busiest.id) is not listed for \(owner) after building")
        }
        return BuiltHistory(
            commits: Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
            busiestTask: busiest.id, busiestTaskPath: entry.path, busiestTaskHandoffs: busiest.handoffs)
    }

    /// Tasks made with one `handoff new` each, handoffs spread among them as they appear.
    private mutating func createOneByOne() throws -> [TrackedTask] {
        var tasks = [TrackedTask]()
        tasks.reserveCapacity(size.tasks)
        let pairs = size.handoffCommits / 2
        var pairsDone = 0
        let progressEvery = max(1, size.tasks / 10)
        let stopwatch = Stopwatch()
        for index in 0..<size.tasks {
            tasks.append(try createTask(index))
            let due = (index + 1) * pairs / size.tasks
            while pairsDone < due {
                let chosen = Int.random(in: 0...index, using: &random)
                try handOver(&tasks[chosen], number: pairsDone)
                pairsDone += 1
            }
            if (index + 1) % progressEvery == 0 {
                log("  \(index + 1) tasks, \(pairsDone * 2) handoff commits (\(Format.seconds(stopwatch.seconds)))")
            }
            if (index + 1) % 5_000 == 0 {
                try shell.check("git", ["repack", "-d", "-q"], in: repository, environment: people[0].environment)
            }
        }
        return tasks
    }

    /// Tasks brought in by one `handoff import` a month (by the admin), each month's handoffs
    /// following its import.
    private mutating func importMonthly() throws -> [TrackedTask] {
        var tasks = [TrackedTask]()
        tasks.reserveCapacity(size.tasks)
        let pairs = size.handoffCommits / 2
        var pairsDone = 0
        let stopwatch = Stopwatch()
        let monthLength: Int64 = 30 * 86_400
        let start = clock
        step = max(1, monthLength / Int64(2 * pairs / size.months + 2))
        for month in 0..<size.months {
            clock = max(clock, start + Int64(month) * monthLength)
            let first = month * size.tasks / size.months
            let end = (month + 1) * size.tasks / size.months
            let created = clock
            let batch = (first..<end).map { index in
                TaskImport(request(index), created: Timestamp(seconds: created + Int64(index - first)))
            }
            let (imported, _) = try handoff(as: people[0]).importTasks(batch)
            for (offset, task) in imported.enumerated() {
                let index = first + offset
                tasks.append(TrackedTask(id: task.id, owner: index % people.count, stage: Self.stages.firstIndex(of: task.stage) ?? 0))
            }
            let due = (month + 1) * pairs / size.months
            while pairsDone < due {
                let chosen = Int.random(in: 0..<tasks.count, using: &random)
                try handOver(&tasks[chosen], number: pairsDone)
                pairsDone += 1
            }
            if (month + 1) % 10 == 0 {
                log("  \(tasks.count) tasks, \(pairsDone * 2) handoff commits (\(Format.seconds(stopwatch.seconds)))")
                try shell.check("git", ["repack", "-d", "-q"], in: repository, environment: people[0].environment)
            }
        }
        return tasks
    }

    /// One task as the builder tracks it.
    private struct TrackedTask {
        let id: String
        var owner: Int
        var stage: Int
        var handoffs = 0
    }

    private static let titles = ["Onboard", "Renew the contract of", "Migrate", "Escalation from", "Set up SSO for", "Quarterly review with"]
    private static let priorities = ["low", "normal", "normal", "high", "urgent"]

    private mutating func createTask(_ index: Int) throws -> TrackedTask {
        let creator = people[index % people.count]
        let request = request(index)
        let (task, _) = try handoff(as: creator).newTask(request)
        return TrackedTask(id: task.id, owner: index % people.count, stage: Self.stages.firstIndex(of: task.stage) ?? 0)
    }

    /// Task number `index`, owned by person `index % people`.
    private mutating func request(_ index: Int) -> NewTaskRequest {
        let stage = Int.random(in: 0..<Self.stages.count, using: &random)
        let customer = "Customer \(index % 997 + 1)"
        return NewTaskRequest(
            title: "\(Self.titles[index % Self.titles.count]) \(customer)",
            stage: Self.stages[stage],
            owner: people[index % people.count].email,
            priority: Self.priorities[Int.random(in: 0..<Self.priorities.count, using: &random)],
            labels: index % 4 == 0 ? ["enterprise"] : [],
            fields: [("customer", customer)])
    }

    private mutating func handOver(_ task: inout TrackedTask, number: Int) throws {
        let owner = people[task.owner]
        let receiverIndex = (task.owner + Int.random(in: 1..<people.count, using: &random)) % people.count
        let receiver = people[receiverIndex]
        let stage = min(task.stage + 1, Self.stages.count - 1)
        let brief = Brief(markdown: """
            ## Summary
            Handoff \(number + 1) of \(task.id): the customer is waiting on the next step.
            ## Open items
            Confirm the contact and the promised date.
            ## Risks
            The customer escalates if the date slips.
            ## Next steps
            Call the customer this week.
            """)
        try handoff(as: owner).perform(.offer(to: receiver.email, stage: Self.stages[stage], brief: brief), on: task.id)
        try handoff(as: receiver).perform(.accept(readback: "Next step is a call this week; confirm contact and date first."), on: task.id)
        task.owner = receiverIndex
        task.stage = stage
        task.handoffs += 1
    }

    /// The handoff commands as `person`, acting at the next tick of the synthetic clock.
    private mutating func handoff(as person: Person) -> Handoff {
        clock += step
        return Handoff(context: HandoffContext(directory: repository, environment: person.environment(at: clock)))
    }
}
