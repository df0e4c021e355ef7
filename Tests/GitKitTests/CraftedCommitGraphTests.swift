import Foundation
@testable import GitKit
import Testing

/// Commit-graphs rewritten by an attacker: chunk offsets, their order, duplicates and the
/// fan-out are checked as git checks them, so a graph git refuses is not read, and commits are
/// read from their objects instead.
@Suite struct CraftedCommitGraphTests {
    /// The chunks of a commit-graph file, to be written back in another layout.
    private struct Graph {
        var chunks: [(id: String, bytes: [UInt8])]

        init(_ bytes: [UInt8]) {
            chunks = (0..<Int(bytes[6])).map { index in
                let entry = 8 + index * 12
                let start = Int(CraftedFiles.uint32(bytes, at: entry + 8)), end = Int(CraftedFiles.uint32(bytes, at: entry + 20))
                return (String(decoding: bytes[entry..<entry + 4], as: UTF8.self), Array(bytes[start..<end]))
            }
        }

        /// The file: header, table of contents (offsets moved by `shifts`, the terminating entry
        /// last), chunks, and its checksum.
        func bytes(shifts: [Int: Int] = [:]) throws -> [UInt8] {
            var file = Array("CGPH".utf8) + [1, 1, UInt8(chunks.count), 0]
            var offset = 8 + (chunks.count + 1) * 12
            for (index, chunk) in chunks.enumerated() {
                file += Array(chunk.id.utf8) + CraftedFiles.bigEndian(UInt64(offset + (shifts[index] ?? 0)))
                offset += chunk.bytes.count
            }
            file += [0, 0, 0, 0] + CraftedFiles.bigEndian(UInt64(offset + (shifts[chunks.count] ?? 0)))
            return try CraftedFiles.sealed(chunks.reduce(file) { $0 + $1.bytes } + [UInt8](repeating: 0, count: 20))
        }
    }

    /// A repository with a commit-graph written by git, the graph's path, and its chunks.
    private func graphed() throws -> (repo: GitTestRepository, path: String, graph: Graph) {
        let repo = try GitTestRepository.withEditedHistory()
        _ = try repo.gitText(["commit-graph", "write", "--reachable"])
        let path = repo.path + "/.git/objects/info/commit-graph"
        return (repo, path, Graph(try CraftedFiles.read(path)))
    }

    /// Every commit's tree and parents read through the object files are git's.
    private func expectGitsHeaders(_ repo: GitTestRepository) throws {
        let objects = ObjectFiles(folder: repo.path + "/.git/objects")
        for line in try repo.gitText(["log", "--format=%H %T %P"]).split(separator: "\n") {
            let ids = line.split(separator: " ").compactMap { ObjectID(hex: String($0)) }
            let header = objects.commitHeader(ids[0])
            #expect(header?.tree == ids[1] && header?.parents == Array(ids.dropFirst(2)), "\(ids[0].hex)")
        }
    }

    @Test("the graph rebuilt chunk by chunk reads as git wrote it (the tests' writer is faithful)")
    func rebuilt() throws {
        let (repo, path, graph) = try graphed()
        #expect(try graph.bytes() == (try CraftedFiles.read(path)))
        #expect(graph.chunks.map(\.id).starts(with: ["OIDF", "OIDL", "CDAT"]))
        try expectGitsHeaders(repo)
    }

    @Test("a last chunk that runs into the checksum or past the end of the file is refused")
    func chunkPastTheEnd() throws {
        let (repo, path, graph) = try graphed()
        for shift in [20, 21, 1 << 40] {
            try CraftedFiles.write(try graph.bytes(shifts: [graph.chunks.count: shift]), to: path)
            #expect(CommitGraph(path: path) == nil, "end moved by \(shift)")
            try expectGitsHeaders(repo)
        }
        // A chunk starting past the end (and the next one before it).
        try CraftedFiles.write(try graph.bytes(shifts: [1: 1 << 40]), to: path)
        #expect(CommitGraph(path: path) == nil)
    }

    @Test("a chunk offset that is not a multiple of four is refused, as git refuses it")
    func unalignedChunk() throws {
        let (repo, path, graph) = try graphed()
        try CraftedFiles.write(try graph.bytes(shifts: [1: 2]), to: path)
        #expect(CommitGraph(path: path) == nil)
        try expectGitsHeaders(repo)
    }

    @Test("a second commit-data chunk is refused, as git refuses a duplicate chunk, and git's trees are read")
    func duplicateChunk() throws {
        let (repo, path, original) = try graphed()
        var graph = original
        let data = try #require(graph.chunks.first { $0.id == "CDAT" }).bytes
        // The same entries with every tree replaced by the first commit's tree.
        var lying = data
        for entry in stride(from: 0, to: data.count, by: 36) { lying.replaceSubrange(entry..<entry + 20, with: data[0..<20]) }
        graph.chunks.append(("CDAT", lying))
        try CraftedFiles.write(try graph.bytes(), to: path)
        #expect(CommitGraph(path: path) == nil)
        try expectGitsHeaders(repo)
    }

    @Test("a fan-out out of order is refused, as git refuses it")
    func fanoutOutOfOrder() throws {
        let (repo, path, original) = try graphed()
        var graph = original
        let index = try #require(graph.chunks.firstIndex { $0.id == "OIDF" })
        let count = CraftedFiles.uint32(graph.chunks[index].bytes, at: 255 * 4)
        #expect(CraftedFiles.uint32(graph.chunks[index].bytes, at: 4) < count)
        graph.chunks[index].bytes.replaceSubrange(0..<4, with: CraftedFiles.bigEndian(count))
        try CraftedFiles.write(try graph.bytes(), to: path)
        #expect(CommitGraph(path: path) == nil)
        try expectGitsHeaders(repo)
    }
}
