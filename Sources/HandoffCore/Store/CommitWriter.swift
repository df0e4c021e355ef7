import GitKit

/// One file a handoff commit writes.
public struct FileChange: Sendable {
    /// The path inside the repository.
    public let path: String
    /// Its new bytes.
    public let contents: [UInt8]

    /// A change that makes `path` hold `contents`.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }
}

/// Makes a signed commit on the current branch without touching unrelated files: new blobs and a
/// tree updated by path, the payload signed as git signs it, the branch moved only if it still
/// points where it did (compare-and-swap), then the working tree and index brought in step.
public struct CommitWriter {
    let workspace: Workspace

    /// Creates a writer for `workspace`.
    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Commits `changes` on top of `parent` (nil for the first commit) as `identity`, signed by `signer`.
    /// - Returns: the new commit's id.
    /// - Throws: `HandoffError.refused` when a local edit is in the way or the branch moved meanwhile;
    ///   `.environment` when signing or git fails. Nothing is written to the branch in either case.
    @discardableResult
    public func commit(
        _ changes: [FileChange], message: CommitMessage, branch: String, parent: ObjectID?,
        identity: Identity, signer: CommitSigner
    ) throws(HandoffError) -> ObjectID {
        let repository = workspace.repository
        let parentTree = try parent.map { id throws(HandoffError) in try git({ () throws(GitError) in try repository.commit(id).tree }) }
        let sync = workspace.workingDirectory.map { WorkingTreeSync(repository: repository, root: $0) }
        var plans = [WorkingTreeSync.Plan]()
        var updates = [TreeUpdate]()
        for change in changes {
            let base = try parentTree.flatMap { tree throws(HandoffError) in try baseBytes(change.path, tree: tree) }
            if let sync { plans.append(try sync.plan(path: change.path, base: base, committed: change.contents)) }
            let blob = try git({ () throws(GitError) in try repository.writeBlob(change.contents) })
            updates.append(TreeUpdate(path: change.path, blob: blob))
        }
        let tree = try git({ () throws(GitError) in try repository.updatedTree(parentTree, applying: updates) })
        let payload = try git({ () throws(GitError) in
            try repository.commitPayload(
                tree: tree, parents: parent.map { [$0] } ?? [], author: identity.author,
                committer: identity.committer, message: message.text)
        })
        let signature: String
        do {
            signature = try signer.sign(payload)
        } catch {
            throw .environment("could not sign the commit: \(error.message)")
        }
        let commit = try git({ () throws(GitError) in try repository.writeSignedCommit(payload: payload, signature: signature) })
        do {
            try repository.moveReference(branch, to: commit, expecting: parent, message: message.subject)
        } catch where error.isConcurrentUpdate {
            throw .refused("\(branch) moved while this command ran (another handoff landed); run it again")
        } catch {
            throw .environment(error.description)
        }
        try sync?.apply(plans)
        return commit
    }

    private func baseBytes(_ path: String, tree: ObjectID) throws(HandoffError) -> [UInt8]? {
        let repository = workspace.repository
        guard let entry = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) }) else { return nil }
        return try git({ () throws(GitError) in try repository.blobContents(entry.id) })
    }
}
