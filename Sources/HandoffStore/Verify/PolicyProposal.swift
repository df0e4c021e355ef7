import GitKit
import HandoffModel

/// A change of the policy waiting for its admins' sign-offs, under `policy_approvals: N`.
///
/// It lives in the tree, so every clone and the server judge it from the history alone:
///
///     .handoff/proposals/ID/content/files/PATH   the new bytes of each policy file it changes
///     .handoff/proposals/ID/content/base         "PATH BLOB" per file: what it replaces
///     .handoff/proposals/ID/content/reason       why (optional)
///     .handoff/proposals/ID/approvals            one admin's address per line, each added by
///                                                a commit that admin signed
///     .handoff/proposals/ID/applied              who applied it, once it took effect
///
/// `ID` is the id of the `content` tree, so a sign-off is bound to exactly those bytes and
/// that base: no merge can pair one proposal's approvals with another's files.
package struct PolicyProposal: Sendable, Equatable {
    /// The id of its `content` tree, in hex.
    package let id: String
    /// The policy files it changes, by path, with their new blobs.
    package let files: [String: ObjectID]
    /// The blob each of those files had when it was proposed (nil: the file did not exist).
    package let base: [String: ObjectID?]
    /// Why, as the proposer wrote it.
    package let reason: String?
    /// The admins who signed off, in order (the proposer first).
    package let approvals: [String]
    /// Who applied it; nil while it waits.
    package let applied: String?

    /// The folder of proposal `id`.
    package static func folder(_ id: String) -> String { PolicyFiles.proposals + "/" + id }

    /// The proposal `id` in `tree`; nil when the tree has none by that id.
    /// - Throws: `HandoffError.invalidFile` when it is malformed (a message a violation can quote).
    package static func read(_ id: String, in tree: ObjectID, repository: Repository) throws(HandoffError) -> PolicyProposal? {
        let folder = folder(id)
        guard let root = try git({ () throws(GitError) in try repository.treeEntry(at: folder, in: tree) }) else { return nil }
        guard root.kind == .tree else { throw .invalidFile(folder, "is not a folder") }
        var content: ObjectID?
        var approvals = [String]()
        var applied: String?
        for entry in try git({ () throws(GitError) in try repository.treeEntries(root.id) }) {
            switch (entry.name, entry.kind) {
            case ("content", .tree): content = entry.id
            case ("approvals", .blob): approvals = try lines(entry, folder + "/approvals", repository)
            case ("applied", .blob): applied = try lines(entry, folder + "/applied", repository).first
            default: throw .invalidFile(folder + "/" + entry.name, "does not belong in a proposal (content/, approvals, applied)")
            }
        }
        guard let content else { throw .invalidFile(folder, "has no content/ folder") }
        guard content.hex == id else { throw .invalidFile(folder, "is named for content \(id.prefix(12)), but its content/ is \(content.short)") }
        var files = [String: ObjectID]()
        var base = [String: ObjectID?]()
        var reason: String?
        for entry in try git({ () throws(GitError) in try repository.treeEntries(content) }) {
            let path = folder + "/content/" + entry.name
            switch (entry.name, entry.kind) {
            case ("files", .tree): try collect(entry.id, prefix: "", into: &files, repository: repository, folder: path)
            case ("base", .blob):
                for line in try lines(entry, path, repository) {
                    let parts = line.split(separator: " ")
                    guard parts.count == 2 else { throw .invalidFile(path, "has a line that is not 'PATH BLOB'") }
                    if parts[1] == "-" {
                        base[String(parts[0])] = .some(nil)
                    } else if let blob = ObjectID(hex: String(parts[1])) {
                        base[String(parts[0])] = blob
                    } else {
                        throw .invalidFile(path, "names '\(parts[1])', which is not a blob id")
                    }
                }
            case ("reason", .blob): reason = String(decoding: try git({ () throws(GitError) in try repository.blobContents(entry.id) }), as: UTF8.self)
            default: throw .invalidFile(path, "does not belong in a proposal's content (files/, base, reason)")
            }
        }
        guard !files.isEmpty else { throw .invalidFile(folder, "changes no file") }
        guard Set(files.keys) == Set(base.keys) else { throw .invalidFile(folder + "/content/base", "must name exactly the files the proposal changes") }
        for path in files.keys where !PathRules.isPolicy(path) || path.hasPrefix(PolicyFiles.proposals + "/") {
            throw .invalidFile(folder, "would change \(path), which is not a policy file a proposal may change")
        }
        return PolicyProposal(id: id, files: files, base: base, reason: reason, approvals: approvals, applied: applied)
    }

    /// The `content` of a proposal changing `files` (path → new bytes) from `base` (path → the
    /// blob it replaces): its files, and the id it will have.
    package static func content(
        files: [String: [UInt8]], base: [String: ObjectID?], reason: String?, repository: Repository
    ) throws(HandoffError) -> (id: String, files: [(path: String, bytes: [UInt8])]) {
        var content = files.map { (path: "files/" + $0.key, bytes: $0.value) }
        let baseText = base.keys.sorted().map { "\($0) \(base[$0].flatMap { $0?.hex } ?? "-")" }.joined(separator: "\n") + "\n"
        content.append(("base", Array(baseText.utf8)))
        if let reason, !reason.trimmed.isEmpty { content.append(("reason", Array((reason.trimmed + "\n").utf8))) }
        var updates = [TreeUpdate]()
        for file in content {
            updates.append(TreeUpdate(path: file.path, blob: try git({ () throws(GitError) in try repository.writeBlob(file.bytes) })))
        }
        let tree = try git({ () throws(GitError) in try repository.updatedTree(nil, applying: updates) })
        return (tree.hex, content.sorted { $0.path < $1.path })
    }

    /// The admins of `workflow` among `people`, each counted once.
    package static func admins(_ people: [String], of workflow: Workflow) -> Set<String> {
        Set(people.map { $0.lowercased() }.filter { workflow.isAdmin($0) })
    }

    private static func lines(_ entry: TreeEntry, _ path: String, _ repository: Repository) throws(HandoffError) -> [String] {
        guard entry.mode == 0o100644 else { throw .invalidFile(path, "is not a regular file") }
        let bytes = try git({ () throws(GitError) in try repository.blobContents(entry.id) })
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    private static func collect(
        _ tree: ObjectID, prefix: String, into files: inout [String: ObjectID], repository: Repository, folder: String
    ) throws(HandoffError) {
        for entry in try git({ () throws(GitError) in try repository.treeEntries(tree) }) {
            let path = prefix + entry.name
            switch entry.kind {
            case .tree: try collect(entry.id, prefix: path + "/", into: &files, repository: repository, folder: folder)
            case .blob where entry.mode == 0o100644: files[path] = entry.id
            default: throw .invalidFile(folder + "/" + path, "is not a regular file")
            }
        }
    }
}
