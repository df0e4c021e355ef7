import GitKit
import HandoffModel
import HandoffStore

/// What a shift handover (or accepting one) did, task by task: each task moved is one signed
/// commit of its own, so a failure stops only its own task.
public struct HandoverResult: Sendable {
    /// One task that moved, and its commit.
    public struct Moved: Sendable {
        /// The task after the operation.
        public let task: HandoffTask
        /// The commit that recorded it.
        public let commit: ObjectID
    }

    /// One task that did not move, and why.
    public struct Failed: Sendable {
        /// The task's ID.
        public let id: String
        /// Why (the operation's refusal or failure, in one line).
        public let reason: String
    }

    /// The tasks that moved, in ID order.
    public let moved: [Moved]
    /// The tasks that did not, in ID order.
    public let failed: [Failed]
}

extension Handoff {
    /// A shift handover: offers every open task the current user owns to `receiver` (into
    /// `stage`, or each task's next stage of theirs), each with `brief` and, under
    /// `## This task`, the task's own line from `lines` (by ID) when there is one. Each offer is
    /// its own signed commit, checked by the same rules as `offer`.
    /// - Throws: `HandoffError` when the repository cannot be read or the user holds nothing;
    ///   a refused task does not throw, it is in `failed`.
    public func handOver(to receiver: String, stage: String?, brief: Brief, lines: [String: String]) throws(HandoffError) -> HandoverResult {
        let me = try currentEmail()
        let held = try list(TaskFilter(owner: me, state: .open))
        guard !held.isEmpty else { throw .refused("\(me) holds no open task; there is nothing to hand over") }
        let known = Set(held.map(\.task.id))
        for id in lines.keys where !known.contains(id) {
            throw .usage("--line names \(id), which is not an open task of yours; nothing was offered")
        }
        return runEach(held.map(\.task)) { task throws(HandoffError) in
            let target: String
            if let stage { target = stage } else { target = try defaultOfferStage(for: task, to: receiver) }
            let taskBrief = lines[task.id].map { brief.adding(section: "This task", text: $0) } ?? brief
            let result = try perform(.offer(to: receiver, stage: target, brief: taskBrief), on: task.id)
            return (result.task, result.commit)
        }
    }

    /// Accepts every offer `sender` made to the current user, each with `readback`, each its
    /// own signed commit.
    /// - Throws: `HandoffError` when the repository cannot be read or no offer from `sender` waits.
    public func acceptAll(from sender: String, readback: String?) throws(HandoffError) -> HandoverResult {
        let me = try currentEmail()
        let offers = try list(TaskFilter(state: .offered, offeredTo: me)).filter { $0.task.offer?.from.caseInsensitiveEquals(sender) ?? false }
        guard !offers.isEmpty else { throw .refused("no offer from \(sender) waits for \(me); 'handoff inbox' lists what does") }
        return runEach(offers.map(\.task)) { task throws(HandoffError) in
            let result = try perform(.accept(readback: readback), on: task.id)
            return (result.task, result.commit)
        }
    }

    /// Runs `operation` on each task, collecting what moved and what was refused.
    private func runEach(_ tasks: [HandoffTask], _ operation: (HandoffTask) throws(HandoffError) -> (task: HandoffTask, commit: ObjectID)) -> HandoverResult {
        var moved = [HandoverResult.Moved]()
        var failed = [HandoverResult.Failed]()
        for task in tasks {
            do throws(HandoffError) {
                let result = try operation(task)
                moved.append(HandoverResult.Moved(task: result.task, commit: result.commit))
            } catch {
                failed.append(HandoverResult.Failed(id: task.id, reason: error.message))
            }
        }
        return HandoverResult(moved: moved, failed: failed)
    }
}
