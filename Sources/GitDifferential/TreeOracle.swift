import Foundation
import GitKit

/// The tree check: whenever `RawTree` (through `Repository.treeEntries`) accepts a tree,
/// `git ls-tree` lists the same entries (mode normalised as libgit2 normalises it, kind, id,
/// name) in the same order, a lookup by each name finds that entry, and `git fsck --strict`
/// finds nothing wrong with the tree.
struct TreeOracle {
    /// The repository holding the trees.
    let scratch: ScratchRepository

    /// Compares GitKit's reading of `trees` (written as `ids`) with git's; returns how many
    /// GitKit accepted, and every disagreement.
    /// - Throws: `DifferentialFailure` when git or the repository cannot be opened.
    func check(_ trees: [[UInt8]], ids: [ObjectID], fsck: [ObjectID: [String]]) throws -> (accepted: Int, disagreements: [Disagreement]) {
        let repository: Repository
        do {
            repository = try Repository.open(at: scratch.path)
        } catch {
            throw DifferentialFailure("GitKit cannot open the scratch repository: \(error)")
        }
        var accepted = 0
        var disagreements = [Disagreement]()
        for (index, id) in ids.enumerated() {
            func disagree(_ ours: String, _ git: String) {
                disagreements.append(Disagreement(check: "tree", id: id, bytes: trees[index], ours: ours, git: git))
            }
            let entries: [TreeEntry]
            do {
                entries = try repository.treeEntries(id)
            } catch {
                // A refusal is always allowed; a failure that does not call the tree malformed is not a refusal.
                if !error.isMalformedObject { disagree("failed without calling the tree malformed: \(error)", "-") }
                continue
            }
            accepted += 1
            if let problems = fsck[id] { disagree("accepted", Disagreement.fsckPrefix + problems.joined(separator: " | ")) }
            let listing = try scratch.git(["ls-tree", "-z", id.hex])
            guard listing.status == 0 else {
                disagree("accepted", "git ls-tree failed: \(String(decoding: listing.stderr, as: UTF8.self))")
                continue
            }
            let theirs = listing.stdout.split(separator: 0x00).map(Self.gitEntry)
            let ours = entries.map(Self.describe)
            if ours != theirs.map(\.text) {
                disagree(ours.joined(separator: " | "), theirs.map(\.text).joined(separator: " | "))
                continue
            }
            for (entry, their) in zip(entries, theirs) where Array(entry.name.utf8) == their.name {
                let found = try? repository.treeEntry(at: entry.name, in: id)
                if found != entry { disagree("looking up '\(entry.name)' found \(found.map(Self.describe) ?? "nothing")", "ls-tree lists it") }
            }
        }
        return (accepted, disagreements)
    }

    /// `mode kind id name`, the mode in octal.
    private static func describe(_ entry: TreeEntry) -> String {
        let kind =
            switch entry.kind {
            case .blob: "blob"
            case .tree: "tree"
            case .commit: "commit"
            case .other: "other"
            }
        return "\(String(entry.mode, radix: 8)) \(kind) \(entry.id.hex) \(entry.name)"
    }

    /// One `git ls-tree -z` record (`mode type id<TAB>name`) in `describe`'s form, the mode
    /// normalised as libgit2's `normalize_filemode` (`RawTree.normalizedMode`) does, and the
    /// name's bytes.
    private static func gitEntry(_ record: ArraySlice<UInt8>) -> (text: String, name: [UInt8]) {
        guard let tab = record.firstIndex(of: 0x09) else { return ("unparsed: \(String(decoding: record, as: UTF8.self))", []) }
        let fields = record[..<tab].split(separator: 0x20)
        let name = Array(record[(tab + 1)...])
        guard fields.count == 3, let mode = UInt32(String(decoding: fields[0], as: UTF8.self), radix: 8) else {
            return ("unparsed: \(String(decoding: record, as: UTF8.self))", name)
        }
        let text = "\(String(RawTree.normalizedMode(mode), radix: 8)) \(String(decoding: fields[1], as: UTF8.self)) \(String(decoding: fields[2], as: UTF8.self)) \(String(decoding: name, as: UTF8.self))"
        return (text, name)
    }
}
