import GitKit
import HandoffModel
import HandoffSigning

extension Repository {
    /// Writes the commit of `tree` on `parents` with `message`, signed by `signer` over the
    /// payload git signs (the commit without its `gpgsig` header); the branch is not moved.
    /// - Parameter what: the commit, in the message of a failed signature ("the replayed commit").
    /// - Throws: `HandoffError.environment` when signing or writing fails.
    package func writeCommit(
        tree: ObjectID, parents: [ObjectID], author: Person, committer: Person, message: String,
        signedBy signer: CommitSigner, what: String
    ) throws(HandoffError) -> ObjectID {
        let payload = try git({ () throws(GitError) in
            try commitPayload(tree: tree, parents: parents, author: author, committer: committer, message: message)
        })
        let signature: String
        do {
            signature = try signer.sign(payload)
        } catch {
            throw .environment("could not sign \(what): \(error.message)", cause: error)
        }
        return try git({ () throws(GitError) in try writeSignedCommit(payload: payload, signature: signature) })
    }
}
