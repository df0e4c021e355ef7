import Foundation
import GitKit
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore
import TestSupport
import Testing

/// `RawCommit` reads a commit exactly as git does, or refuses it: git itself is the oracle
/// (`git hash-object --literally` writes each crafted object, `git log --format` and
/// `git interpret-trailers --parse` say what git reads).
@Suite struct RawCommitTests {
    private static let tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    private static let parent = "1111111111111111111111111111111111111111"
    private static let author = "author Zoë Ünal <zoe@example.com> 1700000000 +0130\n"
    private static let committer = "committer Zoë Ünal <zoe@example.com> 1700000000 -0800\n"

    /// What `git log` reads of commit `hex`: tree, parents, author and committer names, emails
    /// and times, one per line.
    private static let gitFormat = "%T%n%P%n%an%n%ae%n%at%n%cn%n%ce%n%ct"

    private func ourReading(_ commit: RawCommit) -> String {
        [commit.tree.hex, commit.parents.map(\.hex).joined(separator: " "), commit.author.name, commit.author.email,
         String(commit.author.time.seconds), commit.committer.name, commit.committer.email, String(commit.committer.time.seconds)]
            .joined(separator: "\n") + "\n"
    }

    /// Writes `bytes` as a commit object, unchecked, into `team`'s repository; its id.
    private func write(_ bytes: [UInt8], in team: TestTeam) throws -> String {
        let output = try TestKeys.run(
            "git", ["-C", team.repository, "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            environment: team.admin.environment, stdin: bytes)
        try TestKeys.check(output, "git hash-object")
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("signed handoff commits made by the tool read as git reads them, trailers included")
    func realCommits() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Café — ünïcode", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "on it"), on: id)
        for hex in try team.commits() {
            let bytes = Array(try team.gitText(["cat-file", "commit", hex]).utf8)
            let commit = try RawCommit(id: try #require(ObjectID(hex: hex)), bytes: bytes)
            #expect(ourReading(commit) == (try team.gitText(["log", "-1", "--format=\(Self.gitFormat)", hex])))
            #expect(commit.signature?.hasPrefix("-----BEGIN SSH SIGNATURE-----") == true)
            #expect(commit.trailerAmbiguity == nil)
            let gitTrailers = try team.gitText(["log", "-1", "--format=%(trailers:only,unfold)", hex]).split(separator: "\n").map(String.init)
            #expect(commit.trailers.map { "\($0.key): \($0.value)" } == gitTrailers)
        }
    }

    @Test("a commit git could read another way is refused: repeated or misplaced tree, parent, author, committer; odd identities, signatures, encodings")
    func refusedCommits() throws {
        let (tree, parent, author, committer) = (Self.tree, Self.parent, Self.author, Self.committer)
        let refused: [(String, [UInt8])] = [
            ("a second tree line after the committer", Array("tree \(tree)\nparent \(parent)\n\(author)\(committer)tree \(parent)\n\nx\n".utf8)),
            ("two tree lines", Array("tree \(tree)\ntree \(parent)\n\(author)\(committer)\nx\n".utf8)),
            ("a parent after the committer", Array("tree \(tree)\n\(author)\(committer)parent \(parent)\n\nx\n".utf8)),
            ("a parent after the author", Array("tree \(tree)\n\(author)parent \(parent)\n\(committer)\nx\n".utf8)),
            ("two authors", Array("tree \(tree)\n\(author)\(author)\(committer)\nx\n".utf8)),
            ("two committers", Array("tree \(tree)\n\(author)\(committer)committer M <m@x> 1 +0000\n\nx\n".utf8)),
            ("two <…> pairs", Array("tree \(tree)\n\(author)committer Mallory <m@x> <alice@example.com> 1700000000 +0000\n\nx\n".utf8)),
            ("a > in the name", Array("tree \(tree)\n\(author)committer Mal>lory <m@x> 1700000000 +0000\n\nx\n".utf8)),
            ("no space before the email", Array("tree \(tree)\n\(author)committer Mallory<m@x> 1700000000 +0000\n\nx\n".utf8)),
            ("a date with a leading zero", Array("tree \(tree)\n\(author)committer M <m@x> 01700000000 +0000\n\nx\n".utf8)),
            ("a date past 64 bits", Array("tree \(tree)\n\(author)committer M <m@x> 99999999999999999999 +0000\n\nx\n".utf8)),
            ("no zone", Array("tree \(tree)\n\(author)committer M <m@x> 1700000000\n\nx\n".utf8)),
            ("a tab in the name", Array("tree \(tree)\n\(author)committer M\tX <m@x> 1700000000 +0000\n\nx\n".utf8)),
            ("upper-case hex", Array("tree \(tree.uppercased())\n\(author)\(committer)\nx\n".utf8)),
            ("a NUL byte in a header", Array("tree \(tree)\n\(author)\(committer)x-extra a".utf8) + [0] + Array("b\n\nx\n".utf8)),
            ("a NUL byte in the message", Array("tree \(tree)\n\(author)\(committer)\nx".utf8) + [0] + Array("y\n".utf8)),
            ("two signatures", Array("tree \(tree)\n\(author)\(committer)gpgsig a\n b\ngpgsig c\n d\n\nx\n".utf8)),
            ("a gpgsig-sha256 signature", Array("tree \(tree)\n\(author)\(committer)gpgsig-sha256 a\n b\n\nx\n".utf8)),
            ("an encoding other than UTF-8", Array("tree \(tree)\n\(author)\(committer)encoding ISO-8859-1\n\nx\n".utf8)),
            ("invalid UTF-8 in a name", Array("tree \(tree)\nauthor A".utf8) + [0xFF, 0xFE] + Array(" <a@b> 1 +0000\n\(committer)\nx\n".utf8)),
            ("a continuation line right after the committer", Array("tree \(tree)\n\(author)\(committer) stray\n\nx\n".utf8)),
            ("CRLF line ends", Array("tree \(tree)\r\n\(author)\(committer)\r\nx\r\n".utf8)),
            ("no tree", Array("\(author)\(committer)\nx\n".utf8)),
            ("no committer", Array("tree \(tree)\n\(author)\nx\n".utf8)),
            ("a header line cut at the end", Array("tree \(tree)\n\(author)\(committer)mergetag x".utf8)),
            ("empty", []),
        ]
        let id = try #require(ObjectID(hex: String(repeating: "2", count: 40)))
        for (label, bytes) in refused {
            #expect(throws: HandoffError.self, "\(label)") { try RawCommit(id: id, bytes: bytes) }
        }
    }

    @Test("what is read is what git reads: crafted commits with extra headers, signatures, odd names and no message")
    func readAsGitReads() throws {
        let team = try TestTeam()
        let (tree, author, committer) = (try team.gitText(["rev-parse", "HEAD^{tree}"]).trimmingCharacters(in: .whitespacesAndNewlines), Self.author, Self.committer)
        let head = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let accepted: [(String, String)] = [
            ("plain", "tree \(tree)\nparent \(head)\n\(author)\(committer)\nsubject\n"),
            ("signed", "tree \(tree)\n\(author)\(committer)gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n\nsubject\n\nKey: value\n"),
            ("no message", "tree \(tree)\n\(author)\(committer)"),
            ("extra headers", "tree \(tree)\n\(author)\(committer)encoding UTF-8\nmergetag x\n y\n\nx\n"),
            ("an empty name", "tree \(tree)\nauthor  <a@b> 5 +0000\ncommitter  <a@b> 5 -0100\n\nx\n"),
            ("spaces in the name", "tree \(tree)\nauthor A  B   <a@b> 5 +0000\ncommitter A  B   <a@b> 0 +1400\n\nx\n"),
            ("an empty email", "tree \(tree)\nauthor A <> 5 +0000\ncommitter A <> 5 +0000\n\nx\n"),
            ("two parents", "tree \(tree)\nparent \(head)\nparent \(head)\n\(author)\(committer)\nmerge\n"),
        ]
        for (label, text) in accepted {
            let hex = try write(Array(text.utf8), in: team)
            let commit = try RawCommit(id: try #require(ObjectID(hex: hex)), bytes: Array(text.utf8))
            #expect(ourReading(commit) == (try team.gitText(["log", "-1", "--format=\(Self.gitFormat)", hex])), "\(label)")
            // The signed bytes are the object without the signature header and its continuation lines.
            var inSignature = false
            let unsigned = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
                inSignature = line.hasPrefix("gpgsig ") || (inSignature && line.hasPrefix(" "))
                return !inSignature
            }
            #expect(String(decoding: commit.payload, as: UTF8.self) == unsigned.joined(separator: "\n"), "\(label)")
        }
    }

    @Test("trailers are read as git interpret-trailers --parse reads them, or the commit says git could read them differently")
    func trailersAsGitReadsThem() throws {
        let team = try TestTeam()
        let messages = [
            "handoff: accept HO-1\n\nOnboard ACME\n\nHandoff-Task: HO-1\nHandoff-Action: accept\n",
            "s\n\nHandoff-Task: HO-1\nHandoff-Action: accept  \n\n\n",
            "s\n\nbody\n\nSigned-off-by: A <a@b>\nsome words\nHandoff-Action: accept\n",
            "s\n\nHandoff-Task: HO-1\nHandoff-To: bob@example.com\n  evil@example.com\n",
            "s\n\nHandoff-Task : HO-1\nHandoff-Action: accept\n",
            "s\n\nHandoff-Task: HO-1\n# a comment\nHandoff-Action: accept\n",
            "s\n\nHandoff-Task: HO-1\n---\nHandoff-Action: accept\n",
            "s\r\n\r\nHandoff-Task: HO-1\r\nHandoff-Action: accept\r\n",
            "\n\nHandoff-Task: HO-1\nHandoff-Action: accept\n",
            "s\n\nHandoff-Task: HO-1\nHandoff-Action: accept\n\n# trailing comment\n",
            "s\n\nHandoff-Task: HO-1\nHandoff-Action: accept\nConflicts:\n",
            "s\nHandoff-Action: accept\n\nKey: value\n",
            "Handoff-Task: HO-1\nHandoff-Action: accept\n",
            "s\n\nhandoff-task: HO-1\nHANDOFF-ACTION: accept\n",
            "s\n\nHandoff-Task:HO-1\nHandoff-Action:\taccept\n",
            "s\n\nbody\n\nKey: value\nnot a trailer\n",
            "s\n\nSigned-off-by: A <a@b>\nwords\nmore words\n",
        ]
        for message in messages {
            let read = CommitTrailers(message: Array(message.utf8)[...], guarding: "handoff-")
            let parsed = try team.git(["interpret-trailers", "--parse"], stdin: message)
            try TestKeys.check(parsed, "git interpret-trailers")
            let gits = parsed.stdoutText.split(separator: "\n").map(String.init)
            let ours = read.trailers.map { "\($0.key): \($0.value)" }
            if read.ambiguity == nil {
                #expect(ours.filter { $0.lowercased().hasPrefix("handoff-") } == gits.filter { $0.lowercased().hasPrefix("handoff-") }, "\(message.debugDescription)")
                if ours.contains(where: { $0.lowercased().hasPrefix("handoff-") }) { #expect(ours == gits, "\(message.debugDescription)") }
            }
        }
        let ambiguous = messages.filter { CommitTrailers(message: Array($0.utf8)[...], guarding: "handoff-").ambiguity != nil }
        #expect(ambiguous.count == 12, "\(ambiguous.map(\.debugDescription))")
    }
}

/// Titles go into handoff's own commit messages: one that git would read as the end of the
/// message, a comment or a trailer must not make handoff's own commits unverifiable.
@Suite struct TitleInMessageTests {
    @Test("titles that look like '---', '#' or a Handoff- trailer still give commits git and verify read alike")
    func misleadingTitles() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        for title in ["--- urgent", "#1 priority", "Handoff-Task: HO-EVIL", "handoff-action: accept"] {
            let id = try alice.newTask(NewTaskRequest(title: title, stage: "sales")).task.id
            try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
            let message = try team.gitText(["log", "-1", "--format=%B"])
            let parsed = try team.git(["interpret-trailers", "--parse"], stdin: message)
            #expect(parsed.stdoutText.contains("Handoff-Task: \(id)\n") && !parsed.stdoutText.contains("HO-EVIL"), "\(title): \(parsed.stdoutText)")
        }
        #expect(try alice.verify(useCache: false).violations == [])
    }
}
