import Foundation
@testable import GitKit
import TestSupport
import Testing

/// Blobs, trees and signed commits written by GitKit, read back by real git.
@Suite struct ObjectTests {
    /// `git ls-tree -r` of `tree`, one "mode type id\tpath" line each.
    private func listing(_ tree: ObjectID, in repo: GitTestRepository) throws -> [String] {
        try repo.gitText(["ls-tree", "-r", "-t", tree.hex]).split(separator: "\n").map(String.init)
    }

    @Test("writeBlob stores what git cat-file reads, with git's id")
    func blobs() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let bytes = Array("hello\r\nworld\u{0}\u{ff}".utf8)
        let id = try opened.writeBlob(bytes)
        #expect(try repo.gitText(["hash-object", "--stdin"], stdin: bytes) == id.hex + "\n")
        #expect(Array(try repo.git(["cat-file", "blob", id.hex]).stdout) == bytes)
        #expect(try opened.blobContents(id) == bytes)
        #expect(try opened.blobContents(try opened.writeBlob([])) == [])
    }

    @Test("updatedTree adds, replaces and removes nested paths, and git ls-tree agrees")
    func updatedTree() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let one = try opened.writeBlob(Array("one\n".utf8))
        let two = try opened.writeBlob(Array("two\n".utf8))
        let script = try opened.writeBlob(Array("#!/bin/sh\n".utf8))

        let first = try opened.updatedTree(nil, applying: [
            TreeUpdate(path: "top.txt", blob: one),
            TreeUpdate(path: "tasks/2026-11/HO-1.md", blob: one),
            TreeUpdate(path: "tasks/2026-11/HO-2.md", blob: two),
            TreeUpdate(path: "bin/run", blob: script, mode: 0o100755),
        ])
        #expect(try listing(first, in: repo) == [
            "040000 tree \(try opened.treeEntry(at: "bin", in: first)!.id.hex)\tbin",
            "100755 blob \(script.hex)\tbin/run",
            "040000 tree \(try opened.treeEntry(at: "tasks", in: first)!.id.hex)\ttasks",
            "040000 tree \(try opened.treeEntry(at: "tasks/2026-11", in: first)!.id.hex)\ttasks/2026-11",
            "100644 blob \(one.hex)\ttasks/2026-11/HO-1.md",
            "100644 blob \(two.hex)\ttasks/2026-11/HO-2.md",
            "100644 blob \(one.hex)\ttop.txt",
        ])
        #expect(try repo.gitText(["cat-file", "-t", first.hex]) == "tree\n")

        let second = try opened.updatedTree(first, applying: [
            TreeUpdate(path: "tasks/2026-11/HO-1.md", blob: two),
            TreeUpdate(path: "tasks/2026-11/HO-2.md", blob: nil),
            TreeUpdate(path: "tasks/2026-12/HO-3.md", blob: one),
            TreeUpdate(path: "bin/run", blob: nil),
        ])
        let paths = try repo.gitText(["ls-tree", "-r", second.hex])
        #expect(paths == """
            100644 blob \(two.hex)\ttasks/2026-11/HO-1.md
            100644 blob \(one.hex)\ttasks/2026-12/HO-3.md
            100644 blob \(one.hex)\ttop.txt

            """)
        // The emptied folder is gone, the first tree is untouched, and git finds the trees sound.
        #expect(try opened.treeEntry(at: "bin", in: second) == nil)
        #expect(try opened.treeEntry(at: "bin/run", in: first)?.mode == 0o100755)
        #expect(try opened.treeEntries(second).map(\.name) == ["tasks", "top.txt"])
        #expect(try opened.treeEntries(second).map(\.kind) == [.tree, .blob])
        #expect(try repo.git(["fsck", "--strict", "--no-dangling"]).status == 0)
    }

    @Test("updatedTree refuses a blob that does not exist (strict object creation)")
    func updatedTreeMissingBlob() throws {
        let repo = try GitTestRepository()
        let missing = try #require(ObjectID(hex: "1111111111111111111111111111111111111111"))
        #expect(throws: GitError.self) {
            try repo.open().updatedTree(nil, applying: [TreeUpdate(path: "a.txt", blob: missing)])
        }
    }

    @Test("a commit signed by ssh-keygen over commitPayload verifies with git, and its id is git's hash of its bytes")
    func signedCommit() throws {
        let repo = try GitTestRepository()
        let keys = repo.root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let key = try TestKeys.ed25519(in: keys, comment: "tess@example.com")
        let signers = keys.appendingPathComponent("allowed_signers").path
        try Data("tess@example.com namespaces=\"git\" \(key.publicKey)\n".utf8).write(to: URL(fileURLWithPath: signers))

        let parent = try repo.commitWithGit("parent")
        let opened = try repo.open()
        let tree = try opened.updatedTree(
            try opened.commit(parent).tree, applying: [TreeUpdate(path: "tasks/HO-1.md", blob: try opened.writeBlob(Array("hi\n".utf8)))])
        let author = Person(name: "Tess Tester", email: "tess@example.com", time: 1_764_000_000, offsetMinutes: 60)
        let committer = Person(name: "Tess Tester", email: "tess@example.com", time: 1_764_000_100, offsetMinutes: -330)
        let message = "handoff: test\n\nBody with ünïcode.\n\nHandoff-Task: HO-1\n"
        let payload = try opened.commitPayload(tree: tree, parents: [parent], author: author, committer: committer, message: message)
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.hasPrefix("tree \(tree.hex)\nparent \(parent.hex)\n"))
        #expect(text.contains("author Tess Tester <tess@example.com> 1764000000 +0100\n"))
        #expect(text.contains("committer Tess Tester <tess@example.com> 1764000100 -0530\n"))
        #expect(text.hasSuffix("\n\n" + message))

        let payloadPath = keys.appendingPathComponent("payload").path
        try Data(payload).write(to: URL(fileURLWithPath: payloadPath))
        try TestKeys.check(
            TestKeys.run("ssh-keygen", ["-Y", "sign", "-f", key.privateKeyPath, "-n", "git", payloadPath], environment: repo.environment),
            "ssh-keygen -Y sign")
        let armored = try String(contentsOfFile: payloadPath + ".sig", encoding: .utf8)
        let signature = armored.hasSuffix("\n") ? String(armored.dropLast()) : armored
        let commit = try opened.writeSignedCommit(payload: payload, signature: signature)

        let verify = try repo.git(["-c", "gpg.ssh.allowedSignersFile=\(signers)", "verify-commit", "-v", commit.hex])
        #expect(verify.status == 0, "verify-commit: \(verify.stderrText)")
        #expect(verify.stderrText.contains("Good \"git\" signature for tess@example.com"))

        let raw = try repo.git(["cat-file", "commit", commit.hex]).stdout
        #expect(try opened.rawObject(commit) == raw)
        #expect(try repo.gitText(["hash-object", "-t", "commit", "--stdin"], stdin: raw) == commit.hex + "\n")
        #expect(String(decoding: raw, as: UTF8.self).contains("\ngpgsig -----BEGIN SSH SIGNATURE-----\n "))
        #expect(try repo.gitText(["log", "-1", "--format=%B", commit.hex]) == message + "\n")
        #expect(try opened.commit(commit).parents == [parent])
        #expect(try opened.commit(commit).tree == tree)

        // A branch moved to it with compare-and-swap is what git log shows.
        try opened.moveReference("refs/heads/main", to: commit, expecting: parent, message: "handoff: test")
        #expect(try repo.gitText(["-c", "gpg.ssh.allowedSignersFile=\(signers)", "log", "-1", "--format=%G? %GS"]) == "G tess@example.com\n")
    }

    @Test("a tampered payload's signature does not verify")
    func tamperedPayload() throws {
        let repo = try GitTestRepository()
        let keys = repo.root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let key = try TestKeys.ed25519(in: keys, comment: "tess@example.com")
        let signers = keys.appendingPathComponent("allowed_signers").path
        try Data("tess@example.com namespaces=\"git\" \(key.publicKey)\n".utf8).write(to: URL(fileURLWithPath: signers))
        let opened = try repo.open()
        let tree = try opened.updatedTree(nil, applying: [TreeUpdate(path: "a", blob: try opened.writeBlob([0x61]))])
        let person = Person(name: "Tess", email: "tess@example.com", time: 1_764_000_000)
        let payload = try opened.commitPayload(tree: tree, parents: [], author: person, committer: person, message: "signed\n")
        let payloadPath = keys.appendingPathComponent("payload").path
        try Data(payload).write(to: URL(fileURLWithPath: payloadPath))
        try TestKeys.check(
            TestKeys.run("ssh-keygen", ["-Y", "sign", "-f", key.privateKeyPath, "-n", "git", payloadPath], environment: repo.environment),
            "ssh-keygen -Y sign")
        let signature = try String(contentsOfFile: payloadPath + ".sig", encoding: .utf8).trimmingCharacters(in: .newlines)
        let other = try opened.commitPayload(tree: tree, parents: [], author: person, committer: person, message: "tampered\n")
        let commit = try opened.writeSignedCommit(payload: other, signature: signature)
        let verify = try repo.git(["-c", "gpg.ssh.allowedSignersFile=\(signers)", "verify-commit", commit.hex])
        #expect(verify.status != 0)
    }

    @Test("commitPayload refuses a parent that does not exist")
    func missingParent() throws {
        let repo = try GitTestRepository()
        let opened = try repo.open()
        let tree = try opened.updatedTree(nil, applying: [])
        let person = Person(name: "Tess", email: "tess@example.com", time: 0)
        let missing = try #require(ObjectID(hex: "2222222222222222222222222222222222222222"))
        #expect {
            try opened.commitPayload(tree: tree, parents: [missing], author: person, committer: person, message: "x\n")
        } throws: { error in
            (error as? GitError)?.isNotFound == true
        }
    }
}
