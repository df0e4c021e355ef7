import Foundation
@testable import GitKit
import Testing

/// A working file is read instead of the object database only when its bytes are the blob's.
@Suite struct WorkingTreeBlobsTests {
    @Test("a working file is read only while it holds exactly the blob, and never past the limit")
    func onlyTheBlob() throws {
        let git = try GitTestRepository()
        let folder = git.path + "/tasks/2026-11"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let content = Array("---\nid: HO-1\n---\nbody\n".utf8)
        try Data(content).write(to: URL(fileURLWithPath: folder + "/HO-1.md"))
        let blob = ObjectID(hashingBlob: content)
        #expect(try git.gitText(["hash-object", "tasks/2026-11/HO-1.md"]).trimmingCharacters(in: .whitespacesAndNewlines) == blob.hex)
        let repository = try git.open()
        let reader = try #require(WorkingTreeBlobs(repository: repository, limit: 64))
        let directory = try #require(reader.folder("tasks/2026-11"))
        #expect(directory.withBytes(of: blob, named: "HO-1.md") { Array($0) } == content)
        #expect(directory.withBytes(of: ObjectID(hashingBlob: Array("other".utf8)), named: "HO-1.md") { _ in true } == nil)
        #expect(directory.withBytes(of: blob, named: "HO-2.md") { _ in true } == nil, "a missing file")
        try FileManager.default.createSymbolicLink(atPath: folder + "/HO-3.md", withDestinationPath: "HO-1.md")
        #expect(directory.withBytes(of: blob, named: "HO-3.md") { _ in true } == nil, "a symbolic link is not followed")
        try FileManager.default.createDirectory(atPath: folder + "/HO-4.md", withIntermediateDirectories: true)
        #expect(directory.withBytes(of: blob, named: "HO-4.md") { _ in true } == nil, "a folder")
        let small = try #require(WorkingTreeBlobs(repository: repository, limit: content.count - 1)?.folder("tasks/2026-11"))
        #expect(small.withBytes(of: blob, named: "HO-1.md") { _ in true } == nil, "a file over the limit")
        #expect(reader.folder("tasks/2026-12") == nil)
    }

    @Test("a bare repository has no working tree to read")
    func bare() throws {
        let git = try GitTestRepository(bare: true)
        #expect(WorkingTreeBlobs(repository: try git.open(), limit: 64) == nil)
    }
}
