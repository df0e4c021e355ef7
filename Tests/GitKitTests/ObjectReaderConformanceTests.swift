import Foundation
@testable import GitKit
import Testing

/// Every `ObjectReader` — libgit2 through `Repository`, `Repository` reading its object files
/// first, and `QuickRepository` — answers for every object exactly what git itself answers
/// (`git cat-file`, `git ls-tree -z`, `git rev-parse ID^{tree}`), on loose objects and on packs
/// with deltas: one suite, so a reader cannot drift from git or from the others.
@Suite struct ObjectReaderConformanceTests {
    enum Reader: String, CaseIterable, CustomStringConvertible {
        case libgit2, objectFiles, quick
        var description: String { rawValue }
    }

    enum Shape: String, CaseIterable, CustomStringConvertible {
        case loose, packedWithDeltas
        var description: String { rawValue }
    }

    @Test("each reader gives git's answer for every commit, tree and blob", arguments: Reader.allCases, Shape.allCases)
    func conformance(reader kind: Reader, shape: Shape) throws {
        let repo = try GitTestRepository.withEditedHistory()
        if shape == .packedWithDeltas {
            _ = try repo.gitText(["repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        }
        let reader = try open(kind, repo)
        let listed = try repo.listedObjects()
        #expect(listed.count > 40)
        for (id, type) in listed {
            switch type {
            case "commit":
                let tree = try repo.gitText(["rev-parse", "\(id.hex)^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(try reader.commitTree(id).hex == tree, "\(kind) commit \(id.short)")
            case "tree":
                #expect(try gitEntries(of: id, in: repo) == reader.treeEntries(id).map(Self.lsTreeLine), "\(kind) tree \(id.short)")
            case "blob":
                #expect(try reader.blobContents(id) == repo.git(["cat-file", "blob", id.hex]).stdout, "\(kind) blob \(id.short)")
            default:
                Issue.record("unexpected \(type) \(id.hex)")
            }
        }
    }

    @Test("each reader refuses a missing object and an object of another kind", arguments: Reader.allCases)
    func refusals(reader kind: Reader) throws {
        let repo = try GitTestRepository.withEditedHistory()
        let reader = try open(kind, repo)
        let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        #expect(throws: GitError.self) { try reader.blobContents(missing) }
        #expect(throws: GitError.self) { try reader.treeEntries(missing) }
        let commit = try repo.resolve("HEAD")
        #expect(throws: GitError.self) { try reader.blobContents(commit) }
        #expect(throws: GitError.self) { try reader.treeEntries(commit) }
    }

    private func open(_ kind: Reader, _ repo: GitTestRepository) throws -> any ObjectReader {
        switch kind {
        case .libgit2:
            return try repo.open()
        case .objectFiles:
            return try Repository.open(at: repo.path, reading: ObjectReading(objectFiles: ObjectFiles(folder: repo.path + "/.git/objects")))
        case .quick:
            return try #require(QuickRepository.open(workingDirectory: repo.path, indexFile: nil))
        }
    }

    /// `git ls-tree -z` of tree `id`, one `mode type id<TAB>name` line per entry.
    private func gitEntries(of id: ObjectID, in repo: GitTestRepository) throws -> [String] {
        try repo.gitText(["ls-tree", "-z", id.hex]).split(separator: "\0").map(String.init)
    }

    private static func lsTreeLine(_ entry: TreeEntry) -> String {
        let type = switch entry.kind {
        case .tree: "tree"
        case .blob: "blob"
        case .commit: "commit"
        default: "other"
        }
        return String(format: "%06o", entry.mode) + " \(type) \(entry.id.hex)\t\(entry.name)"
    }
}
