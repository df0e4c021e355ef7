import Foundation
import GitKit
import HandoffModel
import HandoffSigning

/// Reads handoff events from history: each commit's trailers, the log entry it appended, and its
/// signature judged against its parent's policy.
package struct HistoryReader {
    let repository: Repository
    let environment: [String: String]
    private let policies: PolicyCache

    /// A reader of `repository`'s history. It reads through the object files (a handle of its
    /// own, see `Repository.readingObjectFiles`): every commit's header and root folders are
    /// read, and the files with their tree cache answer faster than libgit2 parsing one object
    /// at a time. The tree cache (16 MB) holds the latest version of every month folder of a
    /// large repository (100 folders of 1,000 tasks take about 5 MB), so that comparing a
    /// commit with its parent for the event index reads only the folder's new version, and
    /// reads it relative to the old one.
    /// - Throws: `HandoffError` when the repository cannot be opened again.
    package init(repository: Repository, environment: [String: String]) throws(HandoffError) {
        let reading = try git({ () throws(GitError) in try repository.readingObjectFiles(deltaBaseBudget: 16 << 20, treeCacheBudget: 32 << 20) })
        self.repository = reading
        self.environment = environment
        policies = PolicyCache(repository: reading)
    }

    /// How much of each commit an event is read from.
    package enum Detail {
        /// Trailers, the log text the commit appended, and the signature checked against policy.
        case full
        /// Trailers and committer only: what a report counts. Signatures show as `unchecked`.
        case trailers
    }

    /// Every handoff event (commits with a `Handoff-Action` trailer) reachable from HEAD, oldest first.
    package func events(since: Int64? = nil, detail: Detail = .full) throws(HandoffError) -> [HandoffEvent] {
        let ids = try git({ () throws(GitError) in try repository.commits(in: nil) })
        if detail == .trailers {
            let path = repository.workingDirectory ?? repository.gitDirectory
            return try ParallelTrailerEvents.events(
                of: ids, since: since, open: { () throws(GitError) in try Repository.open(at: path) },
                event: Self.trailerEvent).compactMap { $0 }
        }
        var events = [HandoffEvent]()
        for id in ids {
            let commit = try RawCommit(id: id, bytes: try git({ () throws(GitError) in try repository.rawObject(id) }))
            if let since, commit.committer.time.seconds < since { continue }
            guard let action = commit.trailerValues(.action).first else { continue }
            events.append(try event(commit, action: action, path: nil))
        }
        return events
    }

    /// An event from the commit's trailers and committer alone, without reading trees or keys.
    private static func trailerEvent(_ commit: RawCommit, action: String) -> HandoffEvent {
        HandoffEvent(
            commit: commit.id.hex, task: commit.trailerValues(.task).first, action: action,
            actor: commit.committer.email, time: commit.committer.time.iso8601, timestamp: commit.committer.time.seconds,
            from: commit.trailerValues(.from).first, to: commit.trailerValues(.to).first,
            fromStage: commit.trailerValues(.fromStage).first, toStage: commit.trailerValues(.toStage).first,
            details: nil, signature: "unchecked", fingerprint: nil, problem: nil)
    }

    /// The events of one task: its handoff commits and hand-made commits that changed its file
    /// (its entry differs from the first parent's), oldest first.
    ///
    /// Which commits changed the file comes from the event index (see `EventIndex`), which
    /// lists what each commit changed, so a warm `log` reads no tree of the commits that did
    /// not; commits it lacks are compared here and added to it. Only finding them relies on
    /// it: each event's commit, signature and text are read from git.
    package func events(of location: TaskLocation) throws(HandoffError) -> [HandoffEvent] {
        let history = try git({ () throws(GitError) in try repository.commits(in: nil) })
        // A shallow or grafted repository's reader reads no object files: its commits' parents
        // are not the ones they record, so what they changed is not kept.
        let index = repository.objectFiles == nil ? nil : EventIndex(commonDirectory: repository.commonDirectory)
        var events = [HandoffEvent]()
        for id in try TaskFileCommits.changing(location.path, in: history, of: repository, index: index) {
            let commit = try RawCommit(id: id, bytes: try git({ () throws(GitError) in try repository.rawObject(id) }))
            let recorded = commit.trailerValues(.action).first
            let action: String
            if commit.trailerValues(.task).first == location.id || recorded == Action.import.rawValue {
                action = recorded ?? HandoffEvent.handEdit
            } else {
                action = commit.parents.count > 1 ? HandoffEvent.merge : HandoffEvent.handEdit
            }
            events.append(try event(commit, action: action, path: location.path))
        }
        return events
    }

    func event(_ commit: RawCommit, action: String, path: String?) throws(HandoffError) -> HandoffEvent {
        let parentTree = try commit.parents.first.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
        var status = "no-policy"
        var fingerprint: String?
        var problem: String?
        if let armored = commit.signature, armored.hasPrefix("-----BEGIN SSH SIGNATURE-----") {
            fingerprint = (try? SSHSignature(armored: armored))?.publicKey.fingerprint
        }
        var policy: Policy?
        do throws(HandoffError) {
            if let parentTree { policy = try policies.policy(of: parentTree) }
            if policy == nil { policy = try policies.policy(of: commit.tree) }
        } catch {
            problem = error.message
        }
        if commit.signature == nil {
            status = "unsigned"
        } else if let policy {
            switch SignatureCheck.check(commit, against: policy, environment: environment) {
            case .good: status = "good"
            case .goodOpenPGP(let primary):
                status = "good"
                fingerprint = primary
            case .bad(let reason):
                status = "bad"
                problem = reason
            }
        }
        return HandoffEvent(
            commit: commit.id.hex, task: commit.trailerValues(.task).first ?? path.map(HandEditRules.taskID(of:)),
            action: action, actor: commit.committer.email, time: commit.committer.time.iso8601,
            timestamp: commit.committer.time.seconds,
            from: commit.trailerValues(.from).first, to: commit.trailerValues(.to).first,
            fromStage: commit.trailerValues(.fromStage).first, toStage: commit.trailerValues(.toStage).first,
            details: try details(commit, parentTree: parentTree, path: path),
            signature: status, fingerprint: fingerprint, problem: problem)
    }

    /// The text appended to the task's log by this commit (after its `###` heading).
    private func details(_ commit: RawCommit, parentTree: ObjectID?, path: String?) throws(HandoffError) -> String? {
        var taskFile = path
        if taskFile == nil { taskFile = try taskPath(commit, parentTree: parentTree) }
        guard let taskFile, let new = try body(at: taskFile, tree: commit.tree) else { return nil }
        var old = ""
        if let parentTree, let parentBody = try body(at: taskFile, tree: parentTree) { old = parentBody }
        let details = RecordedOperation.appendedDetails(oldBody: old, newBody: new)
        return details?.isEmpty == false ? details : nil
    }

    private func taskPath(_ commit: RawCommit, parentTree: ObjectID?) throws(HandoffError) -> String? {
        guard commit.trailerValues(.task).first != nil else { return nil }
        return try TreeChanges.between(parentTree, commit.tree, under: [TaskLocation.root], in: repository)
            .first { HandEditRules.isTaskPath($0.path) }?.path
    }

    private func body(at path: String, tree: ObjectID) throws(HandoffError) -> String? {
        guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
        let bytes = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
        return (try? TaskDocument(bytes: bytes, path: path))?.body
    }
}
