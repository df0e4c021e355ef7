import GitKit

extension Handoff {
    /// Installs the client hooks (pre-commit, commit-msg) and the task-file merge driver's config
    /// into the current clone, or the server hook (pre-receive) into a bare repository; they call
    /// `binary` by absolute path.
    /// - Returns: the paths written.
    /// - Throws: `HandoffError.refused` when a hook handoff did not write is in the way.
    public func installHooks(server: Bool, binary: String = HookScripts.currentBinary) throws(HandoffError) -> [String] {
        let workspace = try Workspace(context: context)
        if !server, workspace.repository.isBare {
            throw .usage("this is a bare repository; install the server hook with 'handoff hooks install --server'")
        }
        let written = try HookScripts.install(
            server ? HookScripts.server : HookScripts.client, in: workspace.repository, config: workspace.config, binary: binary)
        if !server { try MergeDriver.configure(in: workspace.repository, binary: binary) }
        return written
    }
}
