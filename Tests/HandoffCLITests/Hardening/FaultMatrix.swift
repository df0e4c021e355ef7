import Testing

/// The commands the fault matrix runs: each one commits (and `sync` also fetches and pushes).
enum FaultedCommand: String, CaseIterable, Sendable {
    case new, offer, accept, note, sync
}

/// How strace faults the chosen system call.
enum Fault: String, Sendable {
    /// SIGKILL as the call starts: the call does not happen, nor anything after it.
    case kill
    /// The call fails with ENOSPC, as on a full disk.
    case noSpace

    /// strace's `inject=` action.
    var injection: String {
        switch self {
        case .kill: "signal=KILL"
        case .noSpace: "error=ENOSPC"
        }
    }
}

/// What a fault leaves behind, which the case checks.
enum FaultOutcome: String, Sendable {
    /// The branch did not move: a command that ends by itself exits non-zero and says nothing was committed.
    case nothingLanded
    /// The branch moved: a command that ends by itself exits 0, prints what it made, and warns
    /// that the working tree lags; a killed one's commit is announced by the next command.
    case landed
    /// sync only: the branch moved to the synced commits, the push did not land; it exits non-zero saying so.
    case landedNotPushed
    /// sync only: the branch moved and the push landed, though git failed afterwards; it reports the push.
    case pushed
}

/// Which call strace faults: the `occurrence`-th call of `syscall` that names `target` (strace
/// `-P`, which matches a rename's source path only), counted per process.
enum FaultTarget: Sendable, CustomStringConvertible {
    /// A path inside the repository (alice's, for sync).
    case repository(String)
    /// A path inside sync's bare server repository, where `git receive-pack` writes.
    case server(String)
    /// The temporary file beside the task file the command changes (`.ID.md.handoff-tmp`).
    case workingTemporary
    /// Any path (the call is chosen by its number alone), when the path is not known in
    /// advance; `expected` is part of the path the faulted call must name.
    case numbered(expected: String)

    var description: String {
        switch self {
        case .repository(let path): path
        case .server(let path): "server:" + path
        case .workingTemporary: "tasks/…/.ID.md.handoff-tmp"
        case .numbered(let expected): "…" + expected + "…"
        }
    }
}

/// One step of a command as the system sees it, and what faulting it leaves.
struct FaultStep: Sendable {
    let name: String
    let syscall: String
    let target: FaultTarget
    let occurrence: Int
    /// What each fault tried at this step leaves.
    let outcomes: [(Fault, FaultOutcome)]
    /// True when the call is one a `git` process that sync runs makes (fetch, push): killing
    /// it leaves handoff running, to say what happened.
    let byGit: Bool
    /// How many times the program makes the same call again when it fails, which ENOSPC fails too.
    let retries: Int
    /// sync only: alice fetched before, so sync's fetch writes nothing (no tracking ref, no objects).
    let fetchedFirst: Bool

    init(
        _ name: String, _ syscall: String, _ target: FaultTarget, number occurrence: Int = 1, retries: Int = 0,
        _ outcomes: [(Fault, FaultOutcome)], byGit: Bool = false, fetchedFirst: Bool = false
    ) {
        self.name = name
        self.syscall = syscall
        self.target = target
        self.occurrence = occurrence
        self.retries = retries
        self.outcomes = outcomes
        self.byGit = byGit
        self.fetchedFirst = fetchedFirst
    }

    /// A step where both faults leave `outcome`.
    init(
        _ name: String, _ syscall: String, _ target: FaultTarget, number occurrence: Int = 1, retries: Int = 0,
        both outcome: FaultOutcome, byGit: Bool = false, fetchedFirst: Bool = false
    ) {
        self.init(
            name, syscall, target, number: occurrence, retries: retries, [(.kill, outcome), (.noSpace, outcome)],
            byGit: byGit, fetchedFirst: fetchedFirst)
    }
}

/// One case of the matrix: a command, a step, a fault and what it must leave.
struct FaultCase: Sendable, CustomTestStringConvertible {
    let command: FaultedCommand
    let step: FaultStep
    let fault: Fault
    let outcome: FaultOutcome

    var testDescription: String {
        "\(command.rawValue): \(step.name) (\(step.syscall) #\(step.occurrence) on \(step.target)) \(fault == .kill ? "killed" : "ENOSPC") → \(outcome.rawValue)"
    }
}

/// The matrix: every step of every command, killed and failed with ENOSPC in turn.
enum FaultMatrix {
    /// What a handoff commit does, in order (`CommitWriter`): the objects, the journal, the
    /// branch (libgit2: lock, reflog, write, rename), the working file (temporary file, rename),
    /// the index (`index.lock`, rename), and the journal's removal. `new`'s task file has a
    /// random name, so its working-file steps are chosen by number.
    static func commitSteps(for command: FaultedCommand) -> [FaultStep] {
        let isNew = command == .new
        var steps = [
            // Objects are written to a randomly named temporary file: the first write is the
            // blob, the fifth the commit (blob, month folder, tasks/, root tree, commit). When
            // a commit's write fails, libgit2 (git_odb_write) writes it once more through a
            // stream; blobs are written through a stream from the start.
            FaultStep("blob object written", "write", .numbered(expected: ".git/objects/tmp_object"), number: 1, both: .nothingLanded),
            FaultStep("commit object written", "write", .numbered(expected: ".git/objects/tmp_object"), number: 5, retries: 1, both: .nothingLanded),
            FaultStep("journal opened", "openat", .repository(".git/.handoff-sync.handoff-tmp"), both: .nothingLanded),
            FaultStep("journal written", "write", .repository(".git/.handoff-sync.handoff-tmp"), both: .nothingLanded),
            FaultStep("journal renamed into place", "rename", .repository(".git/.handoff-sync.handoff-tmp"), both: .nothingLanded),
            FaultStep("branch lock opened", "openat", .repository(".git/refs/heads/main.lock"), both: .nothingLanded),
            FaultStep("reflog opened", "openat", .repository(".git/logs/refs/heads/main"), both: .nothingLanded),
            FaultStep("branch lock written", "write", .repository(".git/refs/heads/main.lock"), both: .nothingLanded),
            FaultStep("branch lock renamed over the branch", "rename", .repository(".git/refs/heads/main.lock"), both: .nothingLanded),
        ]
        if isNew {
            // Writes: five objects, the journal, two reflogs, the branch lock, then the task file;
            // renames: the journal, the branch lock, then the task file.
            steps += [
                FaultStep("working file written", "write", .numbered(expected: ".handoff-tmp"), number: 10, both: .landed),
                FaultStep("working file renamed into place", "rename", .numbered(expected: ".handoff-tmp"), number: 3, both: .landed),
            ]
        } else {
            steps += [
                FaultStep("working file's temporary opened", "openat", .workingTemporary, both: .landed),
                FaultStep("working file written", "write", .workingTemporary, both: .landed),
                FaultStep("working file renamed into place", "rename", .workingTemporary, both: .landed),
            ]
        }
        steps += [
            FaultStep("index.lock opened", "openat", .repository(".git/index.lock"), both: .landed),
            FaultStep("index written", "write", .repository(".git/index.lock"), both: .landed),
            FaultStep("index.lock renamed over the index", "rename", .repository(".git/index.lock"), both: .landed),
            FaultStep("journal removed", "unlink", .repository(".git/handoff-sync"), [(.kill, .landed)]),
        ]
        return steps
    }

    /// What `sync` does that can fail: the fetch (git updates the tracking ref), the replay (a
    /// backup ref, then the re-signed commit's objects), moving the branch and working tree as
    /// a commit does, and the push (the server moves its branch, then git updates the local
    /// tracking ref). Killing a git process leaves handoff running.
    ///
    /// The replay's steps are chosen by number among handoff's `link` calls (libgit2 links a
    /// finished object or ref into place), after a fetch that has nothing to write; only
    /// kills: libgit2 renames when a link fails, and handoff's writes cannot be counted (its
    /// threads' wake-ups are writes too).
    static let syncSteps = [
        FaultStep("fetch updates the tracking ref", "openat", .repository(".git/refs/remotes/origin/main.lock"), both: .nothingLanded, byGit: true),
        FaultStep("backup ref linked into place", "link", .numbered(expected: ".git/refs/handoff/backup/"), number: 1, [(.kill, .nothingLanded)], fetchedFirst: true),
        FaultStep(
            "replayed commit object linked into place", "link", .numbered(expected: ".git/objects/tmp_object"), number: 6, [(.kill, .nothingLanded)],
            fetchedFirst: true),
        FaultStep("journal opened", "openat", .repository(".git/.handoff-sync.handoff-tmp"), both: .nothingLanded),
        FaultStep("journal renamed into place", "rename", .repository(".git/.handoff-sync.handoff-tmp"), both: .nothingLanded),
        FaultStep("branch lock opened", "openat", .repository(".git/refs/heads/main.lock"), both: .nothingLanded),
        FaultStep("branch lock renamed over the branch", "rename", .repository(".git/refs/heads/main.lock"), both: .nothingLanded),
        FaultStep("working file's temporary opened", "openat", .workingTemporary, [(.kill, .landed), (.noSpace, .pushed)]),
        FaultStep("working file renamed into place", "rename", .workingTemporary, [(.kill, .landed), (.noSpace, .pushed)]),
        FaultStep("index.lock opened", "openat", .repository(".git/index.lock"), [(.kill, .landed), (.noSpace, .pushed)]),
        FaultStep("index.lock renamed over the index", "rename", .repository(".git/index.lock"), [(.kill, .landed), (.noSpace, .pushed)]),
        FaultStep("journal removed", "unlink", .repository(".git/handoff-sync"), [(.kill, .landed)]),
        // receive-pack names the lock through "./".
        FaultStep("server moves its branch", "openat", .server("./refs/heads/main.lock"), both: .landedNotPushed, byGit: true),
        FaultStep("push updates the tracking ref", "openat", .repository(".git/refs/remotes/origin/main.lock"), both: .pushed, byGit: true, fetchedFirst: true),
    ]

    /// Every case.
    static let cases: [FaultCase] = FaultedCommand.allCases.flatMap { command in
        (command == .sync ? syncSteps : commitSteps(for: command)).flatMap { step in
            step.outcomes.map { FaultCase(command: command, step: step, fault: $0.0, outcome: $0.1) }
        }
    }
}
