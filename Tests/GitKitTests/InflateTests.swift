import Foundation
@testable import GitKit
import Testing

/// Inflating git's zlib streams: the bytes git stored, and nil for a stream that is corrupt,
/// cut short or of another size than announced.
@Suite struct InflateTests {
    /// A loose object file as git writes it (the zlib stream of "blob <size>\0<content>") and
    /// what it inflates to.
    private func looseObject(_ content: [UInt8]) throws -> (stream: [UInt8], inflated: [UInt8]) {
        let repo = try GitTestRepository()
        let id = try repo.gitText(["hash-object", "-w", "--stdin"], stdin: content).trimmingCharacters(in: .whitespacesAndNewlines)
        let file = "\(repo.path)/.git/objects/\(id.prefix(2))/\(id.dropFirst(2))"
        let stream = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        return (stream, Array("blob \(content.count)\0".utf8) + content)
    }

    private static let contents: [[UInt8]] = [
        [],
        Array("---\nid: HO-1\n---\n".utf8),
        Array(String(repeating: "owner: alice@example.com\n", count: 400).utf8),
        (0..<70_000).map { _ in UInt8.random(in: 0...255) },
    ]

    @Test("a stream inflates to git's bytes, with or without the next entry behind it", arguments: contents)
    func inflates(content: [UInt8]) throws {
        let (stream, inflated) = try looseObject(content)
        for input in [stream, stream + [0x78, 0x9c, 1, 2, 3, 4, 5, 6, 7, 8]] {
            #expect(input.withUnsafeBytes { Inflate.exactly(inflated.count, from: $0) } == inflated)
            #expect(input.withUnsafeBytes { Inflate.all($0, limit: 1 << 20) } == inflated)
        }
    }

    @Test("a stream of another size than announced, cut short or corrupt gives nothing", arguments: contents)
    func refuses(content: [UInt8]) throws {
        let (stream, inflated) = try looseObject(content)
        for size in [inflated.count - 1, inflated.count + 1] {
            #expect(stream.withUnsafeBytes { Inflate.exactly(size, from: $0) } == nil)
        }
        let cut = Array(stream.dropLast(5))
        #expect(cut.withUnsafeBytes { Inflate.exactly(inflated.count, from: $0) } == nil)
        #expect(cut.withUnsafeBytes { Inflate.all($0, limit: 1 << 20) } == nil)
        // The last four bytes are the checksum of the inflated bytes.
        var badChecksum = stream
        badChecksum[badChecksum.count - 1] ^= 0x01
        #expect(badChecksum.withUnsafeBytes { Inflate.exactly(inflated.count, from: $0) } == nil)
        #expect(badChecksum.withUnsafeBytes { Inflate.all($0, limit: 1 << 20) } == nil)
        #expect(stream.withUnsafeBytes { Inflate.all($0, limit: inflated.count - 1) } == nil)
    }
}
