import GitKit
import HandoffModel

/// One member's OpenPGP key file in a policy: its blob id, which names its keyring, and its text.
public struct OpenPGPKeyFile: Sendable {
    /// The blob's id.
    public let id: ObjectID
    /// The armored public key.
    public let armored: [UInt8]
}

/// The OpenPGP keys of a policy tree: `.handoff/openpgp/<email>.asc`.
enum OpenPGPKeyFiles {
    /// The key files of `tree` by member email; empty when it has no `.handoff/openpgp` folder.
    /// Entries that are not regular `.asc` files are left out (`PathRules` refuses them).
    /// - Throws: `HandoffError.git` when the repository cannot be read.
    static func read(tree: ObjectID, repository: Repository) throws(HandoffError) -> [String: OpenPGPKeyFile] {
        guard let folder = try git({ () throws(GitError) in try repository.treeEntry(at: PolicyFiles.openPGPKeys, in: tree) }),
            folder.kind == .tree
        else { return [:] }
        var keys = [String: OpenPGPKeyFile]()
        for entry in try git({ () throws(GitError) in try repository.treeEntries(folder.id) }) {
            guard entry.kind == .blob, entry.mode == 0o100644, let email = PolicyFiles.openPGPKeyOwner(ofName: entry.name) else { continue }
            keys[email] = OpenPGPKeyFile(id: entry.id, armored: try git({ () throws(GitError) in try repository.blobContents(entry.id) }))
        }
        return keys
    }
}
