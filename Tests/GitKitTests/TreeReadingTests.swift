import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Trees are read as `git ls-tree` reads them, or refused when two readers could disagree:
/// each crafted tree is written by git itself (`hash-object --literally`).
@Suite struct TreeReadingTests {
    /// A tree record: mode, name, 20-byte id.
    private static func record(_ mode: String, _ name: String, _ id: ObjectID) -> [UInt8] {
        Array("\(mode) \(name)".utf8) + [0] + id.bytes
    }

    /// Writes `records` as a tree object, unchecked; its id.
    private static func write(_ records: [[UInt8]], in repo: GitTestRepository) throws -> ObjectID {
        let hex = try repo.gitText(["hash-object", "-t", "tree", "-w", "--literally", "--stdin"], stdin: records.flatMap { $0 })
        return try #require(ObjectID(hex: hex.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// A repository with one commit of one file: the file's blob and the commit's tree, to
    /// name in crafted trees.
    private static func repositoryWithABlobAndAFolder() throws -> (GitTestRepository, blob: ObjectID, folder: ObjectID) {
        let repo = try GitTestRepository()
        try repo.write("x\n", to: "a.md")
        _ = try repo.gitText(["add", "a.md"])
        _ = try repo.commitWithGit("one")
        return (repo, try repo.resolve("HEAD:a.md"), try repo.resolve("HEAD^{tree}"))
    }

    @Test("a tree git could read two ways is refused: repeated, unsorted, a file and a folder of one name, odd modes and names")
    func refusedTrees() throws {
        let (repo, blob, folder) = try Self.repositoryWithABlobAndAFolder()
        let refused: [(String, [[UInt8]])] = [
            ("two entries named tasks", [Self.record("40000", "tasks", folder), Self.record("40000", "tasks", folder)]),
            ("unsorted", [Self.record("100644", "b", blob), Self.record("100644", "a", blob)]),
            ("a file and a folder named tasks", [Self.record("100644", "tasks", blob), Self.record("40000", "tasks", folder)]),
            ("a file and a folder named tasks, names between them",
             [Self.record("100644", "tasks", blob), Self.record("100644", "tasks-a", blob), Self.record("100644", "tasks.b", blob), Self.record("40000", "tasks", folder)]),
            ("a zero-padded mode", [Self.record("040000", "tasks", folder)]),
            ("mode 100664", [Self.record("100664", "a", blob)]),
            ("a name with a slash", [Self.record("100644", "a/b", blob)]),
            ("a name '..'", [Self.record("40000", "..", folder)]),
            ("a name '.GIT'", [Self.record("40000", ".GIT", folder)]),
            ("a name 'git~1'", [Self.record("40000", "git~1", folder)]),
            ("a name '\u{200C}.git'", [Self.record("40000", "\u{200C}.git", folder)]),
            ("a name '.git:x'", [Self.record("40000", ".git:x", folder)]),
            ("a name 'x\\.git'", [Self.record("40000", "x\\.git", folder)]),
            ("a symbolic link '.gitmodules'", [Self.record("120000", ".gitmodules", blob)]),
            ("an entry whose id is all zeros", [Self.record("100644", "a", ObjectID.zero)]),
        ]
        for (label, records) in refused {
            let id = try Self.write(records, in: repo)
            let repository = try repo.open()
            let error = #expect(throws: GitError.self, "\(label)") { try repository.treeEntries(id) }
            #expect(error?.isMalformedObject == true, "\(label): \(String(describing: error))")
        }
    }

    @Test("well-formed trees read as git ls-tree lists them, and a new version that adds a twin name in its middle is refused")
    func readAsGitReads() throws {
        let (repo, blob, folder) = try Self.repositoryWithABlobAndAFolder()
        let names = (0..<200).map { String(format: "HO-%05d.md", $0) }
        let base = names.map { Self.record("100644", $0, blob) } + [Self.record("40000", "tasks", folder)]
        let id = try Self.write(base, in: repo)
        let listed = try repo.gitText(["ls-tree", id.hex]).split(separator: "\n").map(String.init)
        let read = try repo.open().treeEntries(id).map { String(format: "%06o", $0.mode) + " \($0.kind == .tree ? "tree" : "blob") \($0.id.hex)\t\($0.name)" }
        #expect(read == listed)
        // A new version read beside the old one, as a commit's folder is read beside its parent's.
        var twin = base
        twin.insert(Self.record("100644", "HO-00100.md", blob), at: 100)
        let twinID = try Self.write(twin, in: repo)
        let repository = try repo.open()
        #expect(throws: GitError.self) { try repository.treeDifferences(id, twinID) }
        var edited = base
        edited[100] = Self.record("100755", "HO-00100.md", blob)
        let editedID = try Self.write(edited, in: repo)
        let differences = try repository.treeDifferences(id, editedID)
        #expect(differences.map { $0.new?.name } == ["HO-00100.md"])
    }
}
