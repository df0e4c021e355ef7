import GitKit
import HandoffModel
import HandoffStore

/// The handoff commands, as the CLI (or a test) calls them: each opens the repository of its
/// context, checks the rules, and makes at most one signed commit.
public struct Handoff: Sendable {
    /// Where the commands run and with what environment.
    public let context: HandoffContext

    /// Commands for `context`.
    public init(context: HandoffContext) {
        self.context = context
    }

    /// Applies `operation` to the task `query` names and commits it, signed.
    /// - Returns: the task after the operation, the new commit, and how many sign-offs the task
    ///   still waits for before it moves (`approvals: N`; 0 when none).
    /// - Throws: `HandoffError` saying why the operation is refused or failed; nothing is written then.
    @discardableResult
    public func perform(_ operation: TaskOperation, on query: String) throws(HandoffError) -> (task: HandoffTask, commit: ObjectID, signOffsLeft: Int) {
        let workspace = try Workspace(context: context)
        let identity = try workspace.identity()
        do throws(HandoffError) {
            let landed = try CommitWriter(workspace: workspace).commit(as: identity, signer: workspace.signer) { snapshot throws(HandoffError) in
                try planned(operation, on: query, in: snapshot, by: identity)
            }
            return (landed.result.task, landed.commit, landed.result.signOffsLeft)
        } catch {
            throw Self.told(error, of: workspace.upstreamNews(of: query))
        }
    }

    /// Checks `operation` on the task `query` names as `perform` would, without committing:
    /// what a command asks before it opens an editor, so nobody writes for an operation that
    /// cannot succeed.
    /// - Throws: `HandoffError` saying why `perform` would refuse it.
    public func check(_ operation: TaskOperation, on query: String) throws(HandoffError) {
        let workspace = try Workspace(context: context)
        do throws(HandoffError) {
            try planned(operation, on: query, in: try workspace.snapshot(), by: try workspace.identity())
        } catch {
            throw Self.told(error, of: workspace.upstreamNews(of: query))
        }
    }

    /// `error`, with the advice to sync when it refuses something the remote-tracking branch
    /// already holds newer commits of: the clone is out of date, and the user is told so.
    private static func told(_ error: HandoffError, of news: UpstreamNews?) -> HandoffError {
        guard let news, error.kind == .refused || error.kind == .usage else { return error }
        return HandoffError(error.kind, error.message + "; " + news.advice, cause: error.cause)
    }

    /// The commit `operation` makes on `snapshot` by `identity`, the task after it, and the
    /// sign-offs it still waits for.
    @discardableResult
    private func planned(
        _ operation: TaskOperation, on query: String, in snapshot: Snapshot, by identity: Identity
    ) throws(HandoffError) -> (PlannedCommit, (task: HandoffTask, signOffsLeft: Int)) {
        let workflow = try snapshot.workflow()
        let (location, document) = try snapshot.task(query)
        let task = try HandoffTask(document: document)
        if let limit = workflow.wipLimit {
            // An offer counts against its receiver; a queue offer against whoever claims it.
            switch operation {
            case .offer(let offer) where Offer.queueStage(of: offer.receiver) == nil:
                try checkWorkInProgress(of: offer.receiver, limit: limit, snapshot: snapshot)
            case .claim:
                try checkWorkInProgress(of: identity.email, limit: limit, snapshot: snapshot)
            case .offer, .accept, .decline, .withdraw, .note, .close, .reopen, .reassign, .approve:
                break
            }
        }
        let outcome = try TaskTransitions.apply(operation, to: document, workflow: workflow, actor: identity.email, at: identity.time)
        let message = CommitMessage.forOperation(operation.kind, task: task, outcome: outcome)
        return (PlannedCommit(changes: [FileChange(path: location.path, contents: outcome.document.bytes)], message: message),
                (outcome.task, workflow.remainingSignOffs(of: outcome.task)))
    }

    private func checkWorkInProgress(of email: String, limit: Int, snapshot: Snapshot) throws(HandoffError) {
        var held = 0
        for location in try snapshot.taskLocations() {
            let task = try HandoffTask(document: try snapshot.document(at: location))
            if task.isOffered(to: email) || (task.owner.caseInsensitiveEquals(email) && (task.state == .open || task.state == .offered)) {
                held += 1
            }
        }
        if held >= limit {
            throw .refused("\(email) already holds \(held) tasks and offers (WIP limit \(limit)); offer to someone else or wait until they finish one")
        }
    }
}
