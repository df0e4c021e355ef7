import GitKit
import HandoffModel
import HandoffStore

extension Handoff {
    /// Checks the commits of `range` (default: the current branch's history) against the rules.
    /// - Throws: `HandoffError.usage` for an unknown trust root; other errors when history cannot be read.
    public func verify(range: String? = nil, trustRoot: String? = nil, useCache: Bool = true) throws(HandoffError) -> VerifyReport {
        let workspace = try Workspace(context: context)
        let repository = workspace.repository
        let root = try trustRoot.map { revision throws(HandoffError) in
            do throws(GitError) {
                return try repository.resolveCommit(revision)
            } catch {
                throw .usage("--trust-root \(revision) is not a commit here: \(error.message)")
            }
        }
        return try Verifier(repository: repository, environment: context.environment)
            .verify(range: range, trustRoot: root, useCache: useCache)
    }
}
