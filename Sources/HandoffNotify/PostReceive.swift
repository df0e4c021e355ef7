import Foundation
import GitKit
import HandoffModel
import HandoffStore
import ProgramRunner

/// The server's post-receive hook: queues a message for each handoff that landed on the
/// repository's main branch (the branch HEAD names), then starts `handoff notify` detached to
/// deliver them, and returns: a push never waits for a mail relay or a webhook, and never fails
/// because of one.
public enum PostReceive {
    /// Handles git's `old new ref` lines; `binary` is the handoff executable to start for
    /// delivery. Returns what to tell the one who pushed.
    /// - Throws: `HandoffError` when the repository cannot be read or the outbox written.
    public static func run(updates: String, environment: [String: String], binary: String, now: Int64) throws(HandoffError) -> [String] {
        let repository = try git({ () throws(GitError) in try Repository.openFromEnvironment() })
        guard case .branch(let branch, _) = try git({ () throws(GitError) in try repository.head() }) else { return [] }
        var queued = 0
        for line in updates.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, String(fields[2]) == branch,
                let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])), new != .zero
            else { continue }
            queued += try Notifier.queue(from: old == .zero ? nil : old, to: new, in: repository, environment: environment, now: now)
        }
        guard queued > 0 else { return [] }
        let config = try git({ () throws(GitError) in try GitConfig.load(for: repository, environment: environment) })
        let channels = try git({ () throws(GitError) in try ServerChannels(config: config) })
        guard channels.deliversInBackground else {
            return ["\(queued) message\(queued == 1 ? "" : "s") queued; 'handoff notify' on the server delivers them"]
        }
        do throws(ProgramRunner.Failure) {
            try ProgramRunner.launchDetached(binary, ["notify", "--quiet"], environment: deliveryEnvironment(environment), directory: repository.commonDirectory)
        } catch {
            return ["\(queued) message\(queued == 1 ? "" : "s") queued, but delivery could not start (\(error.message)); run 'handoff notify' on the server"]
        }
        return ["\(queued) message\(queued == 1 ? "" : "s") queued for delivery"]
    }

    /// The hook's environment without git's per-hook variables (`GIT_DIR` relative to the hook,
    /// the quarantine, the push options), which would mislead a process that outlives the hook.
    static func deliveryEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.filter { !$0.key.hasPrefix("GIT_") }
    }
}
