import Foundation
import GitKit
import HandoffModel
import HandoffStore

extension Handoff {
    /// Installs the server hooks (pre-receive, post-receive) into a bare repository, or sets up
    /// the current clone as `setUpClone` does; the hooks call `binary` by absolute path.
    /// - Returns: the hook paths written.
    /// - Throws: `HandoffError.refused` when a hook handoff did not write is in the way.
    public func installHooks(server: Bool, binary: String = HookScripts.currentBinary) throws(HandoffError) -> [String] {
        guard server else { return try setUpClone(binary: binary).hooks }
        let workspace = try Workspace(context: context)
        return try HookScripts.install(HookScripts.server, in: workspace.repository, config: workspace.config, binary: binary)
    }

    /// The optional hooks (`HookScripts.optional`) of the client (or `server`) set that someone
    /// else's script holds here, which `hooks install` left alone.
    /// - Throws: `HandoffError` when the repository or its hooks folder cannot be read.
    public func keptForeignHooks(server: Bool) throws(HandoffError) -> [String] {
        let workspace = try Workspace(context: context)
        return try HookScripts.keptForeign(server ? HookScripts.server : HookScripts.client, in: workspace.repository, config: workspace.config)
    }

    /// Sets up the current clone as `init` set up its author's: the client hooks, the task-file
    /// merge driver, `gpg.ssh.allowedSignersFile` at this repository's `.handoff/allowed_signers`
    /// and `commit.gpgsign`, so plain `git log --show-signature` verifies and `git commit` signs.
    /// - Throws: `HandoffError.usage` in a bare repository, `.refused` when a hook handoff did not
    ///   write is in the way.
    public func setUpClone(binary: String = HookScripts.currentBinary) throws(HandoffError) -> CloneSetup {
        try CloneSetup.apply(in: try Workspace(context: context), binary: binary)
    }

    /// Sets up a bare server repository around its hook: pins the trust root (`trustRoot`, else
    /// the first commit of the current branch that brings a policy) and turns on
    /// `receive.fsckObjects`. Returns what was done, one line each.
    /// - Throws: `HandoffError` when the repository or the trust root cannot be read.
    public func setUpServer(trustRoot: String?) throws(HandoffError) -> [String] {
        try Hooks.setUpServer(try Workspace(context: context).repository, trustRoot: trustRoot)
    }

    /// A sentence telling the user to commit the `.gitattributes` line that sends task files to the
    /// merge driver, when this clone's working tree lacks it (repositories set up before the
    /// driver existed); nil when it is there or there is no working tree.
    public func mergeAttributesHint() throws(HandoffError) -> String? {
        let workspace = try Workspace(context: context)
        guard let root = workspace.workingDirectory else { return nil }
        let existing = FileManager.default.contents(atPath: root + ".gitattributes").map { String(decoding: $0, as: UTF8.self) }
        guard MergeDriver.attributes(adding: existing) != existing else { return nil }
        return "Add the line '\(MergeDriver.attributesLine)' to .gitattributes and commit it, so git merges task files with handoff's merge driver"
    }
}
