import GitKit
import HandoffModel
import HandoffStore

/// What waits for one person, as `inbox` shows it.
public struct Inbox: Sendable {
    /// Who it is for.
    public let email: String
    /// Offers waiting for their accept or decline.
    public let waitingForMe: [TaskEntry]
    /// Open tasks they own (without a pending offer).
    public let holding: [TaskEntry]
    /// Their offers waiting for someone else.
    public let offeredByMe: [TaskEntry]
}

extension Handoff {
    /// The tasks of the current branch that match `filter`, sorted by ID (and path, should two
    /// files claim one ID). Month folders summarised before are read from the summary cache
    /// whole; the others are summarised and filtered a whole folder at a time on every core,
    /// reading only the task files that changed (from the working tree when the file there is
    /// the committed blob).
    /// - Throws: `HandoffError` when the repository or a task file cannot be read.
    public func list(_ filter: TaskFilter = TaskFilter()) throws(HandoffError) -> [TaskEntry] {
        let workspace = try Workspace(context: context)
        let snapshot = try workspace.snapshot()
        let now = context.now()
        let cache = TaskSummaryCache(gitDirectory: workspace.repository.gitDirectory)
        let folders = try snapshot.taskFolders()
        var found = [FolderMatches]()
        var missing = [TaskFolder]()
        for folder in folders {
            if let rows = cache.rows(ofFolder: folder.tree) {
                found.append(rows.matches(filter, now: now, in: folder))
            } else {
                missing.append(folder)
            }
        }
        if !missing.isEmpty {
            let live = Set(folders.map(\.tree))
            let earlier = cache.earlierRows(live: live)
            cache.prepare()
            let directory = context.directory
            let summarized = try ParallelWork.map(
                count: missing.count, minimumPerWorker: 1, run: 1,
                open: { () throws(GitError) in try Repository.discover(from: directory) },
                prepare: { repository throws(HandoffError) in FolderSummarizer(repository: repository, cache: cache, earlier: earlier) },
                job: { _, summarizer, index throws(HandoffError) in
                    let folder = try summarizer.rows(of: missing[index])
                    return (matches: folder.rows.matches(filter, now: now, in: missing[index]), problems: folder.problems)
                })
            found += summarized.map(\.matches)
            for problem in summarized.flatMap(\.problems) {
                context.notice?("warning: \(problem); that task is left out until the file is fixed")
            }
            cache.prune(keeping: live)
        }
        var entries = found.flatMap(\.entries)
        for (id, path) in found.flatMap(\.undecoded) {
            let task = try HandoffTask(document: try snapshot.document(at: try snapshot.locate(id)))
            if filter.matches(task, now: now) { entries.append(TaskEntry(task: task, path: path)) }
        }
        return entries.sorted { ($0.task.id, $0.path) < ($1.task.id, $1.path) }
    }

    /// One task and its file.
    /// - Throws: `HandoffError` when no single task matches `query`.
    public func show(_ query: String) throws(HandoffError) -> (entry: TaskEntry, document: TaskDocument) {
        let workspace = try Workspace(context: context)
        let (location, document) = try workspace.snapshot().task(query)
        return (TaskEntry(task: try HandoffTask(document: document), path: location.path), document)
    }

    /// What waits for the current user, what they hold, and what they offered.
    /// - Throws: `HandoffError` when the identity or tasks cannot be read.
    public func inbox() throws(HandoffError) -> Inbox {
        let workspace = try Workspace(context: context)
        let email = try workspace.identity().email
        return Inbox(of: email, member: try workspace.snapshot().workflow().member(email), among: try list())
    }
}

extension Inbox {
    /// The inbox of `email` (their workflow entry `member`) among `entries`: offers waiting for
    /// them (queue offers of their stages too), open tasks they hold, offers they made.
    init(of email: String, member: Workflow.Member?, among entries: [TaskEntry]) {
        let active = entries.filter { $0.task.state == .open || $0.task.state == .offered }
        self.init(
            email: email,
            waitingForMe: active.filter { $0.task.awaits(email, member: member) },
            holding: active.filter { $0.task.owner.caseInsensitiveEquals(email) && $0.task.state == .open },
            offeredByMe: active.filter { $0.task.offer?.from.caseInsensitiveEquals(email) ?? false })
    }
}

extension Handoff {
    /// The stage an offer of `task` to `receiver` moves it into when none is given: the first
    /// declared transition out of its stage that the receiver works in, else its own stage.
    /// - Throws: `HandoffError.refused` when the receiver is in none of them.
    public func defaultOfferStage(for task: HandoffTask, to receiver: String) throws(HandoffError) -> String {
        let workflow = try Workspace(context: context).snapshot().workflow()
        guard let member = workflow.member(receiver) else {
            throw .refused("\(receiver) is not a member of this workflow; offer to a member or ask an admin to add them")
        }
        let targets = workflow.transitions.filter { $0.from == task.stage }.map(\.to)
        if let next = targets.first(where: { $0 != task.stage && member.stages.contains($0) }) { return next }
        if targets.contains(task.stage) && member.stages.contains(task.stage) { return task.stage }
        guard !targets.isEmpty else {
            throw .refused("the workflow has no transition from \(task.stage), so \(task.id) cannot be offered on; close it, or ask an admin to add a transition")
        }
        // No --stage could help here: every stage the task may go to is one they do not work in.
        let takers = workflow.members.filter { other in
            !other.email.caseInsensitiveEquals(task.owner) && other.stages.contains(where: targets.contains)
        }.map(\.email)
        let instead = takers.isEmpty
            ? "ask an admin to add \(targets[0]) to \(member.email)"
            : "offer to \(takers.prefix(3).joined(separator: " or ")) instead, or ask an admin to add \(targets[0]) to \(member.email)"
        throw .refused("\(member.email) works in \(member.stages.joined(separator: ", ")), and \(task.stage) may go to \(targets.joined(separator: ", ")); \(instead)")
    }
}

extension Handoff {
    /// The workflow of the current branch.
    /// - Throws: `HandoffError` when the repository has none or it cannot be read.
    public func workflow() throws(HandoffError) -> Workflow {
        try Workspace(context: context).snapshot().workflow()
    }

    /// The current user's email, as git would record it.
    /// - Throws: `HandoffError.environment` when git has none.
    public func currentEmail() throws(HandoffError) -> String {
        try Workspace(context: context).identity().email
    }
}
