import Foundation
import GitKit
@testable import HandoffCore
import TestSupport
import Testing

/// `RawCommit` reads header lines as bytes; it must read every commit, well-formed or not, exactly
/// as the line-by-line text parser it replaced.
@Suite struct RawCommitTests {
    private static let tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    private static let parent = "1111111111111111111111111111111111111111"
    private static let id = ObjectID(hex: "2222222222222222222222222222222222222222")!

    /// Expects `bytes` to parse as the reference does, or to be refused where it refused.
    private func expectAgreement(_ bytes: [UInt8], _ label: String) {
        let reference = ReferenceCommitParser(bytes: bytes)
        let parsed = try? RawCommit(id: Self.id, bytes: bytes)
        #expect(parsed.map(ReferenceCommitParser.init) == reference, "\(label)")
    }

    @Test("signed handoff commits made by the tool parse as the text parser read them, trailers included")
    func realCommits() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Café — ünïcode", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "on it"), on: id)
        for hex in try team.commits() {
            let bytes = Array(try team.gitText(["cat-file", "commit", hex]).utf8)
            expectAgreement(bytes, hex)
            let commit = try RawCommit(id: ObjectID(hex: hex)!, bytes: bytes)
            #expect(commit.signature?.hasPrefix("-----BEGIN SSH SIGNATURE-----") == true)
            let gitTrailers = try team.gitText(["log", "-1", "--format=%(trailers:only,unfold)", hex])
                .split(separator: "\n").map(String.init)
            #expect(commit.trailers.map { "\($0.key): \($0.value)" } == gitTrailers)
        }
    }

    @Test("malformed and unusual headers: non-ASCII, invalid UTF-8, CRLF, combining marks, missing lines")
    func unusualHeaders() {
        let author = "author Zoë Ünal <zoe@example.com> 1700000000 +0130\n"
        let committer = "committer Zoë Ünal <zoe@example.com> 1700000000 -0800\n"
        let signature = "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n"
        let cases: [(String, [UInt8])] = [
            ("plain", Array("tree \(Self.tree)\nparent \(Self.parent)\n\(author)\(committer)\nsubject\n".utf8)),
            ("signed", Array("tree \(Self.tree)\n\(author)\(committer)\(signature)\nsubject\n\nKey: value\n".utf8)),
            ("no message", Array("tree \(Self.tree)\n\(author)\(committer)".utf8)),
            ("no tree", Array("\(author)\(committer)\nsubject\n".utf8)),
            ("bad tree", Array("tree nothex\n\(author)\(committer)\nsubject\n".utf8)),
            ("bad author", Array("tree \(Self.tree)\nauthor nobody\n\(committer)\nsubject\n".utf8)),
            ("CRLF", Array("tree \(Self.tree)\r\n\(author)\(committer)\r\nsubject\r\n".utf8)),
            ("tree then combining mark", Array("tree \(Self.tree)\ntree \u{301}\(Self.tree)\n\(author)\(committer)\nx\n".utf8)),
            ("gpgsig then combining mark", Array("tree \(Self.tree)\n\(author)\(committer)gpgsig a\n \u{301}b\n c\n\nx\n".utf8)),
            ("non-ASCII signature line", Array("tree \(Self.tree)\n\(author)\(committer)gpgsig é\n ü\n\nx\n".utf8)),
            ("invalid UTF-8 in a name", Array("tree \(Self.tree)\nauthor A".utf8) + [0xFF, 0xFE] + Array(" <a@b> 1 +0000\n\(committer)\nx\n".utf8)),
            ("invalid UTF-8 in a signature", Array("tree \(Self.tree)\n\(author)\(committer)gpgsig x".utf8) + [0xC3] + Array("\n y\n\nm\n".utf8)),
            ("continuation without gpgsig", Array("tree \(Self.tree)\n \(author)\(committer)\nx\n".utf8)),
            ("extra headers", Array("tree \(Self.tree)\n\(author)\(committer)encoding latin1\nmergetag x\n y\n\nx\n".utf8)),
            ("empty", []),
            ("only newlines", Array("\n\n\n".utf8)),
        ]
        for (label, bytes) in cases { expectAgreement(bytes, label) }
    }

    @Test("trailers read as bytes are the trailers read as characters, or left to them")
    func trailersAsBytes() {
        let pieces = ["\n", "\n\n", "Handoff-Task", "Key", ":", ": ", " ", "\t", "x", "HO-7K3QX", "é", "\u{301}", "\r\n", "Ä", "1", "_", "#"]
        var decided = 0
        for message in RandomTexts.make(20_000, from: pieces, longest: 16) {
            guard let plain = RawCommit.plainTrailers(message) else { continue }
            decided += 1
            #expect(plain.map { "\($0.key)=\($0.value)" } == RawCommit.characterTrailers(message).map { "\($0.key)=\($0.value)" }, "\(message.debugDescription)")
        }
        #expect(decided > 5_000, "most messages should be decided by bytes")
        let handoff = "handoff: accept HO-7K3QX (sales → onboarding)\n\nOnboard ACME Corp\n\nHandoff-Task: HO-7K3QX\nHandoff-Action: accept \n"
        #expect(RawCommit.plainTrailers(handoff).map { $0.map { "\($0.key)=\($0.value)" } } == ["Handoff-Task=HO-7K3QX", "Handoff-Action=accept"])
    }

    @Test("author and committer lines read as bytes are the lines read as characters, on 20,000 random ASCII lines")
    func signersAsBytes() throws {
        let pieces = ["Tess", " ", "\t", "<", ">", "tess@example.com", "1700000000", "+0100", "-0130", "x", "0", "-", "+", "\r"]
        let tree = "tree " + String(repeating: "a", count: 40) + "\n"
        for line in RandomTexts.make(20_000, from: pieces, longest: 10) {
            let object = Array((tree + "author \(line)\ncommitter \(line)\n\nmessage\n").utf8)
            let expected = RawCommit.characterSigner(line[...])
            let commit = try? RawCommit(id: try #require(ObjectID(hex: String(repeating: "b", count: 40))), bytes: object)
            #expect(commit?.author == expected, "\(line.debugDescription)")
            #expect(commit?.committer == expected, "\(line.debugDescription)")
        }
    }
}
