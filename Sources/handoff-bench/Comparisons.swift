import Foundation
import HandoffCore

/// The measurements of one size, each against what a user would otherwise do with plain git,
/// on the same data and in the same run. Reads come first, while both copies still hold the
/// same commits; then the comparisons that commit.
struct Comparisons {
    /// The cached repository and its team.
    let reference: ReferenceRepository
    /// The session's copies.
    let bench: Workbench
    /// The `handoff` executable built beside this one.
    let handoffBinary: String
    /// Runs git, handoff and Python.
    let shell: Subprocess
    /// Timed runs per measurement.
    let runs: Int
    /// Where the PyYAML script is written.
    let cache: String

    /// Notes collected while measuring, printed under the table.
    private(set) var notes = [String]()

    /// A set of comparisons over `bench`.
    init(reference: ReferenceRepository, bench: Workbench, handoffBinary: String, shell: Subprocess, runs: Int, cache: String) {
        self.reference = reference
        self.bench = bench
        self.handoffBinary = handoffBinary
        self.shell = shell
        self.runs = runs
        self.cache = cache
    }

    /// Measures everything and returns the table.
    /// - Throws: `BenchError` or `HandoffError` when an operation fails (a failure is never timed).
    mutating func table() throws -> Table {
        var rows = [Row]()
        log("  verify…")
        rows.append(try verify())
        log("  list…")
        rows += try list()
        log("  Backlog.md list…")
        if let row = try backlog() { rows.append(row) }
        log("  log…")
        rows.append(try history())
        log("  accept…")
        rows.append(try accept())
        log("  pre-commit hook…")
        rows.append(try hook())
        log("  push to a server with the pre-receive hook…")
        rows.append(try push())
        let manifest = reference.manifest
        let title = "### \(reference.size.name): \(Format.count(manifest.tasks)) tasks, \(Format.count(manifest.handoffCommits)) signed handoff commits "
            + "(\(Format.count(manifest.commits)) commits, \(manifest.people) people with Ed25519 keys)"
        let medians = runs == 1
            ? "One run of each measurement; ratio = ours ÷ plain git way."
            : "Medians of \(runs) runs (3 when a run takes over \(Int(Timing.slow)) s); ratio = ours ÷ plain git way."
        let memory = FileManager.default.isExecutableFile(atPath: Subprocess.timeProgram)
            ? "Peak memory: an extra, untimed run of the same command under `/usr/bin/time -f %M` (for hooks: the largest of git and the hook)."
            : "Peak memory: n/a, GNU time is not installed (apt-get install time)."
        return Table(title: title, rows: rows, notes: [medians, memory] + notes, runs: runs)
    }

    /// Records a note for under the table.
    mutating func note(_ text: String) {
        notes.append(text)
    }

    /// The team member with `email`.
    /// - Throws: `BenchError` when nobody has it.
    func person(_ email: String) throws -> Person {
        guard let person = reference.people.first(where: { $0.email.caseInsensitiveCompare(email) == .orderedSame }) else {
            throw BenchError("\(email) is not one of the reference team")
        }
        return person
    }

    /// The handoff commands in our copy, as `person`, at the real time.
    func handoff(as person: Person) -> Handoff {
        Handoff(context: HandoffContext(directory: bench.ours, environment: person.environment))
    }

    /// Runs the `handoff` binary in our copy as `person`; fails unless it exits 0.
    func runHandoff(_ arguments: [String], as person: Person) throws -> ProcessResult {
        try shell.check(handoffBinary, arguments, in: bench.ours, environment: person.environment)
    }

    /// The peak memory in kilobytes of one extra, untimed run of the `handoff` binary in our copy
    /// as `person`; nil without GNU time.
    /// - Throws: `BenchError` when it fails (exit status other than `allowing`).
    func handoffMemory(_ arguments: [String], as person: Person, allowing allowed: Set<Int32> = [0]) throws -> (kilobytes: Int?, result: ProcessResult?) {
        guard let result = try shell.peakMemory(handoffBinary, arguments, in: bench.ours, environment: person.environment) else {
            return (nil, nil)
        }
        guard allowed.contains(result.status) else {
            throw BenchError("handoff \(arguments.joined(separator: " ")) exited \(result.status):\n\(result.errors)")
        }
        return (result.peakKilobytes, result)
    }

    /// Runs git in `directory` as `person`; fails unless it exits 0.
    func runGit(_ arguments: [String], in directory: String, as person: Person) throws -> ProcessResult {
        try shell.check("git", arguments, in: directory, environment: person.environment)
    }
}
