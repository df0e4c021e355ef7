@testable import GitKit
import Testing

/// Three-way merges of one file, as `git merge-file` makes them.
@Suite struct MergeFileTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("changes to different lines merge cleanly")
    func clean() throws {
        let result = try MergeFile.merge(
            base: bytes("one\ntwo\nthree\nfour\nfive\n"),
            ours: bytes("ONE\ntwo\nthree\nfour\nfive\n"),
            theirs: bytes("one\ntwo\nthree\nfour\nFIVE\nsix\n"))
        #expect(result.isClean)
        #expect(text(result.contents) == "ONE\ntwo\nthree\nfour\nFIVE\nsix\n")
    }

    @Test("the same change on both sides merges cleanly")
    func sameChange() throws {
        let result = try MergeFile.merge(base: bytes("a\nb\n"), ours: bytes("a\nB\n"), theirs: bytes("a\nB\n"))
        #expect(result.isClean)
        #expect(text(result.contents) == "a\nB\n")
    }

    @Test("a change on one side only is taken as it is")
    func oneSided() throws {
        let base = bytes("a\r\nb\r\n")
        let result = try MergeFile.merge(base: base, ours: base, theirs: bytes("a\r\nb\r\nc\r\n"))
        #expect(result.isClean)
        #expect(result.contents == bytes("a\r\nb\r\nc\r\n"))
    }

    @Test("different changes to the same line conflict, with both sides between markers")
    func conflict() throws {
        let result = try MergeFile.merge(
            base: bytes("state: open\nowner: alice\n"),
            ours: bytes("state: open # mine\nowner: alice\n"),
            theirs: bytes("state: offered\nowner: alice\n"))
        #expect(!result.isClean)
        let merged = text(result.contents)
        #expect(merged.contains("<<<<<<<"))
        #expect(merged.contains("======="))
        #expect(merged.contains(">>>>>>>"))
        #expect(merged.contains("state: open # mine\n"))
        #expect(merged.contains("state: offered\n"))
        #expect(merged.hasSuffix("owner: alice\n"))
    }

    @Test("empty inputs merge to empty")
    func empty() throws {
        let result = try MergeFile.merge(base: [], ours: [], theirs: [])
        #expect(result.isClean)
        #expect(result.contents.isEmpty)
    }
}
