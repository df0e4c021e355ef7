import Foundation
import GitKit
import HandoffModel
import HandoffStore

/// What a working clone needs so that its person makes handoffs and reviews them with plain git:
/// the client hooks, the task-file merge driver, `gpg.ssh.allowedSignersFile` at the repository's
/// own `.handoff/allowed_signers` (so `git log --show-signature` and `git verify-commit` check
/// against the team's policy) and `commit.gpgsign` (so hand-made commits are signed).
///
/// The one owner of that setup: `init` (for its author) and `hooks install` (for everyone who
/// clones) both call `apply`, and `doctor` checks the same keys and values.
public struct CloneSetup: Sendable {
    /// One setting written to the clone's `.git/config`.
    public struct Setting: Sendable, Equatable {
        /// The git config key, e.g. `commit.gpgsign`.
        public let key: String
        /// The value written.
        public let value: String
    }

    /// The settings written, in order.
    public let configured: [Setting]
    /// The hook scripts installed.
    public let hooks: [String]

    /// The key git reads to verify SSH signatures.
    static let allowedSignersKey = "gpg.ssh.allowedSignersFile"
    /// The key that makes plain `git commit` sign.
    static let signCommitsKey = "commit.gpgsign"

    /// The allowed-signers file git should read in the clone whose working tree is `root`
    /// (which ends in `/`): the policy checked out there.
    static func allowedSignersFile(root: String) -> String {
        root + PolicyFiles.allowedSigners
    }

    /// Installs the client hooks calling `binary`, configures the merge driver, and points git's
    /// signing and verifying at the repository's policy, all in the clone's own `.git/config`.
    /// Does not touch `gpg.format` or `user.signingkey`: those are the person's own.
    /// - Throws: `HandoffError.usage` without a working tree, `.refused` when a hook handoff did
    ///   not write is in the way (checked before anything is changed), `.environment` when
    ///   `.git/config` or the hooks folder cannot be written.
    static func apply(in workspace: Workspace, binary: String) throws(HandoffError) -> CloneSetup {
        guard let root = workspace.workingDirectory else {
            throw .usage("this is a bare repository; install the server hook with 'handoff hooks install --server'")
        }
        try HookScripts.checkInstallable(HookScripts.client, in: workspace.repository, config: workspace.config)
        let signing = [
            Setting(key: allowedSignersKey, value: allowedSignersFile(root: root)),
            Setting(key: signCommitsKey, value: "true"),
        ]
        for setting in signing {
            try git({ () throws(GitError) in try GitConfig.setLocal(setting.key, setting.value, in: workspace.repository) })
        }
        let merge = try MergeDriver.configure(in: workspace.repository, binary: binary).map { Setting(key: $0.key, value: $0.value) }
        let hooks = try HookScripts.install(HookScripts.client, in: workspace.repository, config: workspace.config, binary: binary)
        return CloneSetup(configured: signing + merge, hooks: hooks)
    }
}
