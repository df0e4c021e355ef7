import Dispatch
import Foundation
@testable import GitKit
import Testing

/// Repository handles that read objects through `ObjectFiles` (verify's workers) must read
/// exactly what libgit2 reads, whatever the reader keeps of delta bases and however many
/// threads share it, and leave to libgit2 what the files do not hold.
@Suite struct ObjectFilesTests {
    @Test("two threads sharing one reader read every object as libgit2 does, with bases kept or evicted at once", arguments: [2_000, 64 << 20])
    func sharedReader(deltaBaseBudget: Int) throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        try repo.write("after the pack\n", to: "notes.txt")
        _ = try repo.gitText(["commit", "-q", "--no-gpg-sign", "-am", "loose"])
        let listed = try repo.listedObjects()
        let libgit2 = try repo.open()
        let expected = try listed.map { try libgit2.rawObject($0.id) }
        let shared = try #require(try repo.open().sharedObjectFiles(deltaBaseBudget: deltaBaseBudget))
        let path = repo.path
        let results = Results(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            results.store(worker) {
                let repository = try Repository.open(at: path, reading: ObjectReading(objectFiles: shared))
                // The second worker reads newest first, as the other end of a delta chain.
                let order = worker == 0 ? Array(listed.indices) : listed.indices.reversed()
                var read = [[UInt8]](repeating: [], count: listed.count)
                for index in order {
                    read[index] = listed[index].type == "blob" ? try repository.blobContents(listed[index].id) : try repository.rawObject(listed[index].id)
                }
                return read
            }
        }
        for worker in 0..<2 {
            #expect(try results.value(worker) == expected)
        }
    }

    @Test("commit headers read through the files are what libgit2 reads, and paths in trees what git ls-tree lists")
    func commitsAndPaths() throws {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=50"])
        let libgit2 = try repo.open()
        let files = try repo.open().readingObjectFiles(deltaBaseBudget: 1 << 20)
        #expect(files.objectFiles != nil)
        let commits = try libgit2.walkedCommits(in: nil)
        let paths = ["tasks", "tasks/2026-10", "tasks/2026-11/HO-3.md", "tasks/2026-11/HO-9.md", "notes.txt", "notes.txt/inner", "link",
                     "tool.sh", "tasks/2026-1", "tasks/2026-10/", "/tasks", "tasks//2026-10", "missing/HO-1.md"]
        for id in commits {
            let expected = try libgit2.commit(id)
            let read = try files.commit(id)
            #expect(read.tree == expected.tree && read.parents == expected.parents)
            for path in paths {
                let listed = path.split(separator: "/", omittingEmptySubsequences: false).contains("") ? ""
                    : try repo.gitText(["ls-tree", "--format=%(objectmode) %(objectname)", expected.tree.hex, "--", path])
                let found = try files.treeEntry(at: path, in: expected.tree)
                #expect(found.map { String(format: "%06o", $0.mode) + " " + $0.id.hex + "\n" } ?? "" == listed, "\(path)")
            }
        }
    }

    @Test("an object of another kind is refused, as libgit2 refuses it")
    func wrongKind() throws {
        let repo = try GitTestRepository.withEditedHistory()
        let repository = try repo.open().readingObjectFiles(deltaBaseBudget: 1 << 20)
        #expect(repository.objectFiles != nil)
        let tree = try repository.commit(try repository.resolveCommit("HEAD")).tree
        #expect(throws: GitError.self) { try repository.blobContents(tree) }
        #expect(throws: GitError.self) { try repository.treeDifferences(nil, try repository.resolveCommit("HEAD")) }
    }

    @Test("an object that only an alternate holds is read through libgit2")
    func alternates() throws {
        let origin = try GitTestRepository.withEditedHistory()
        let borrower = try GitTestRepository()
        try FileManager.default.createDirectory(atPath: borrower.path + "/.git/objects/info", withIntermediateDirectories: true)
        try (origin.path + "/.git/objects\n").write(toFile: borrower.path + "/.git/objects/info/alternates", atomically: true, encoding: .utf8)
        let repository = try borrower.open().readingObjectFiles(deltaBaseBudget: 1 << 20)
        #expect(repository.objectFiles != nil)
        let head = try origin.open().resolveCommit("HEAD")
        #expect(try repository.rawObject(head) == (try origin.open().rawObject(head)))
    }
}

/// What each worker of `concurrentPerform` returned or threw.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<[[UInt8]], any Error>?]

    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
    }

    func store(_ worker: Int, _ work: () throws -> [[UInt8]]) {
        let outcome = Result { try work() }
        lock.withLock { outcomes[worker] = outcome }
    }

    func value(_ worker: Int) throws -> [[UInt8]] {
        try lock.withLock { outcomes[worker] }!.get()
    }
}
