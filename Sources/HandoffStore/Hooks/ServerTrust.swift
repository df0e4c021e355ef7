import Foundation
import GitKit
import HandoffModel

/// What a server repository trusts besides its own git: the trust root pinned in
/// `handoff/trust-root` of its git directory, and the ref namespaces beyond branches and tags
/// that its administrator allows (`git config handoff.allowRefs 'refs/notes/*'`).
struct ServerTrust {
    /// The pinned trust root; nil until `hooks install --server` or the first accepted push pins it.
    let trustRoot: ObjectID?
    /// Patterns of other refs a push may update (fnmatch, e.g. `refs/notes/*`).
    let allowedRefs: [String]
    private let record: RecordedTrustRoot

    /// Reads the settings of `repository`.
    /// - Throws: `HandoffError` when the config cannot be read or the pinned root is malformed.
    init(repository: Repository, config: GitConfig) throws(HandoffError) {
        record = RecordedTrustRoot(gitDirectory: repository.gitDirectory)
        trustRoot = try record.read()
        let patterns = try git({ () throws(GitError) in try config.string("handoff.allowRefs") }) ?? ""
        allowedRefs = patterns.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }

    /// True when a push may update `reference` at all: a branch, a tag, or an allowed namespace;
    /// never `refs/replace/`, which changes what git shows for other commits.
    func allows(_ reference: String) -> Bool {
        if reference.hasPrefix("refs/replace/") { return false }
        if reference.hasPrefix("refs/heads/") || reference.hasPrefix("refs/tags/") { return true }
        return allowedRefs.contains { fnmatch($0, reference, 0) == 0 }
    }

    /// Writes `root` as the pinned trust root.
    /// - Throws: `HandoffError.environment` when the file cannot be written.
    func pin(_ root: ObjectID) throws(HandoffError) {
        try record.record(root)
    }
}
