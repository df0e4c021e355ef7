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
        // A clone records the root its first clean verify of the whole branch found, and judges
        // later histories by it.
        let record = RecordedTrustRoot(gitDirectory: repository.gitDirectory)
        let recorded = try record.read()
        let report = try Verifier(repository: repository, environment: context.environment)
            .verify(range: range, trustRoot: root, recorded: recorded, useCache: useCache)
        if root == nil, recorded == nil, range == nil, report.violations.isEmpty, let found = report.trustRoot.flatMap(ObjectID.init(hex:)) {
            // The report is true either way; a root not recorded now is recorded by a later run.
            do throws(HandoffError) {
                try record.record(found)
            } catch {
                context.notice?("warning: \(error.message); the trust root is not recorded yet")
            }
        }
        return report
    }
}
