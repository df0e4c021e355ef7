import GitKit
import HandoffModel

/// pre-commit while a merge is being concluded (`MERGE_HEAD` exists): how the person resolved
/// the task files the two sides changed.
///
/// Taking one side's whole file is what `verify` and the server accept of a merge, so a staged
/// task file equal to the merged-in side's file is no hand edit. Keeping one's own side of a
/// file whose handoff fields upstream changed would drop upstream's handoff (a pending offer,
/// an accept) with no record of it: that is refused, with the way out that records both.
enum MergeResolution {
    /// What the merge's resolution means for pre-commit.
    struct Reading {
        /// Task files staged exactly as the merged-in side has them: accepted as they are.
        var takenFromThem = Set<String>()
        /// One line per upstream handoff the resolution would drop.
        var problems = [String]()
    }

    /// Reads the resolution of the merge of `mergeHead` into the commit `head` (tree `headTree`).
    /// - Throws: `HandoffError` when the trees or the index cannot be read.
    static func read(repository: Repository, head: ObjectID, headTree: ObjectID, mergeHead: ObjectID) throws(HandoffError) -> Reading {
        let theirTree = try git({ () throws(GitError) in try repository.commit(mergeHead).tree })
        let baseTree = try git({ () throws(GitError) in try repository.mergeBase(head, mergeHead) }).map { id throws(HandoffError) in
            try git({ () throws(GitError) in try repository.commit(id).tree })
        }
        var reading = Reading()
        for change in try TreeChanges.between(headTree, theirTree, under: [TaskLocation.root], in: repository) where HandEditRules.isTaskPath(change.path) {
            let staged = try git({ () throws(GitError) in try repository.indexEntry(at: change.path) })?.id
            if staged != nil, staged == change.new?.id {
                reading.takenFromThem.insert(change.path)
                continue
            }
            guard staged == change.old?.id, let ours = change.old, let theirs = change.new else { continue }
            let base = try baseTree.flatMap { tree throws(HandoffError) in try git({ () throws(GitError) in try repository.treeEntry(at: change.path, in: tree) }) }
            guard base?.id != theirs.id else { continue }
            if let dropped = try droppedHandoff(ours: ours.id, theirs: theirs.id, path: change.path, repository: repository) {
                reading.problems.append(
                    "\(change.path) keeps your side and drops upstream's handoff (\(dropped)); run 'git merge --abort' and 'handoff sync', which replays your handoffs after upstream's and says which no longer apply, or take upstream's file: git checkout --theirs \(change.path) && git add \(change.path)")
            }
        }
        return reading
    }

    /// Upstream's handoff state of a task file, in words, when it differs from ours in a field
    /// only handoff commands change; nil when upstream changed no such field.
    private static func droppedHandoff(ours: ObjectID, theirs: ObjectID, path: String, repository: Repository) throws(HandoffError) -> String? {
        func task(_ id: ObjectID) -> HandoffTask? {
            guard let bytes = try? git({ () throws(GitError) in try repository.blobContents(id) }) else { return nil }
            return (try? TaskDocument(bytes: bytes, path: path)).flatMap { try? HandoffTask(document: $0) }
        }
        guard let their = task(theirs) else { return nil }
        let our = task(ours)
        guard our?.state != their.state || our?.owner != their.owner || our?.stage != their.stage || our?.offer != their.offer else { return nil }
        if let offer = their.offer { return "\(offer.from) offered it to \(offer.to) into \(offer.stage)" }
        return "\(their.owner) holds it in \(their.stage), \(their.state.rawValue)"
    }
}
