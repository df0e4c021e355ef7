import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 1: commit objects git and handoff could read differently (SPEC §4 rule 7). Every one is
    /// pushed to the server's main and given to `verify` in a fresh clone; every one must be refused.
    @Suite struct Commits {
        @Test("two tree headers: git checks out the first (forged owner and key), a reader of the last sees no change")
        func twoTreesForgedFirst() throws {
            let f = try AttackFixture()
            let forged = try f.forgedTree(in: f.malloryRepo)
            let identity = "M <m@x> 1764000000 +0000"
            let commit = try f.commit(headers: [
                "tree \(forged)", "parent \(f.base)", "author \(identity)", "committer \(identity)",
                "tree \(try f.tree(of: f.base, in: f.malloryRepo))",
            ], message: "x\n", in: f.malloryRepo)
            // What git itself reads: the forged tree.
            #expect(try f.git(f.malloryRepo, ["rev-parse", "\(commit)^{tree}"]) == forged)
            try f.expectAttackRefused(commit, from: f.malloryRepo, as: f.mallory, rules: AttackFixture.headerRules)
        }

        @Test("two tree headers the other way round: git reads the parent's tree, a reader of the last the forged one")
        func twoTreesForgedLast() throws {
            let f = try AttackFixture()
            let forged = try f.forgedTree(in: f.malloryRepo)
            let identity = AttackFixture.identity(f.mallory)
            let commit = try f.commit(headers: [
                "tree \(try f.tree(of: f.base, in: f.malloryRepo))", "parent \(f.base)", "author \(identity)", "committer \(identity)",
                "tree \(forged)",
            ], message: "x\n", in: f.malloryRepo)
            // The forged tree travels in the same push (as a tag), so the server has it to read.
            try f.expectAttackRefused(commit, from: f.malloryRepo, as: f.mallory, rules: AttackFixture.headerRules,
                                      alsoPushing: ["\(forged):refs/tags/forged-tree"])
        }

        @Test("a parent header after the committer: git sees a root commit (the audit trail gone), a lenient reader a child of main")
        func parentAfterCommitter() throws {
            let f = try AttackFixture()
            let identity = AttackFixture.identity(f.bob)
            let commit = try f.bobCommit(tree: try f.bodyEditTree(in: f.bobRepo), headers: [
                "tree \(try f.bodyEditTree(in: f.bobRepo))", "author \(identity)", "committer \(identity)", "parent \(f.base)",
            ])
            #expect(try f.git(f.bobRepo, ["rev-list", "--count", commit]) == "1", "git should see a root commit")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules + ["parent", "history", "fast-forward"], force: true)
        }

        @Test("a parent header after the committer, pushed to a new branch (no fast-forward check to save us)")
        func parentAfterCommitterNewBranch() throws {
            let f = try AttackFixture()
            let identity = AttackFixture.identity(f.bob)
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let commit = try f.bobCommit(tree: tree, headers: ["tree \(tree)", "author \(identity)", "committer \(identity)", "parent \(f.base)"])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, ref: "refs/heads/feature", rules: AttackFixture.headerRules + ["parent"])
        }

        @Test("an author with two <…> pairs: git shows 'Mallory <m@x>', a last-'<' reader alice@example.com")
        func authorWithTwoEmails() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let commit = try f.bobCommit(tree: tree, headers: [
                "tree \(tree)", "parent \(f.base)", "author Mallory <m@x> <alice@example.com> 1764000000 +0000", "committer \(AttackFixture.identity(f.bob))",
            ])
            #expect(try f.git(f.bobRepo, ["log", "-1", "--format=%ae", commit]) == "m@x")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("a committer with two <…> pairs, signed by bob: git shows alice as committer, a last-'<' reader bob")
        func committerWithTwoEmails() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let commit = try f.bobCommit(tree: tree, headers: [
                "tree \(tree)", "parent \(f.base)", "author \(AttackFixture.identity(f.bob))", "committer Alice <alice@example.com> <bob@example.com> 1764000000 +0000",
            ])
            #expect(try f.git(f.bobRepo, ["log", "-1", "--format=%ce", commit]) == "alice@example.com")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("two committer lines (alice, then bob), signed by bob: libgit2 and git's date parsing take the first, git log's format the last")
        func twoCommitters() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let commit = try f.bobCommit(tree: tree, headers: [
                "tree \(tree)", "parent \(f.base)", "author \(AttackFixture.identity(f.bob))",
                "committer \(AttackFixture.identity(f.alice))", "committer \(AttackFixture.identity(f.bob))",
            ])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("alice's real gpgsig header copied onto different content (the forged tree)")
        func copiedSignature() throws {
            let f = try AttackFixture()
            let offer = try f.git(f.malloryRepo, ["rev-parse", "\(f.base)~1"])
            let original = try f.parts(of: offer, in: f.malloryRepo)
            #expect(original.headers.contains { $0.hasPrefix("committer Alice <alice@example.com>") }, "base~1 should be alice's offer")
            let headers = ["tree \(try f.forgedTree(in: f.malloryRepo))", "parent \(f.base)"] + original.headers.filter { $0.hasPrefix("author ") || $0.hasPrefix("committer ") }
            let commit = try f.commit(headers: headers + original.signature, message: original.message, in: f.malloryRepo)
            try f.expectAttackRefused(commit, from: f.malloryRepo, as: f.mallory, rules: AttackFixture.headerRules)
        }

        @Test("a second gpgsig header (mallory's signature of the same payload) after bob's good one")
        func secondSignature() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let identity = AttackFixture.identity(f.bob)
            let headers = AttackFixture.headers(tree: tree, parents: [f.base], author: identity, committer: identity)
            let message = "Context for the kick-off\n"
            let payload = Array((headers.joined(separator: "\n") + "\n\n" + message).utf8)
            let good = try f.sign(payload, with: f.bob.key)
            let other = try f.sign(payload, with: f.mallory.key)
            let commit = try f.commit(headers: headers + AttackFixture.signatureHeader(good) + AttackFixture.signatureHeader(other), message: message, in: f.bobRepo)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("a gpgsig-sha256 header inside the signed payload: git strips it before checking (Bad), a reader that keeps it says Good")
        func gpgsigSHA256Header() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let identity = AttackFixture.identity(f.bob)
            let decoy = try f.sign(Array("decoy".utf8), with: f.mallory.key)
            let headers = AttackFixture.headers(tree: tree, parents: [f.base], author: identity, committer: identity)
                + AttackFixture.signatureHeader(decoy, name: "gpgsig-sha256")
            let commit = try f.bobCommit(tree: tree, headers: headers)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("an 'encoding ISO-8859-1' header on bob's real note (git re-encodes the message it shows)")
        func encodingHeader() throws {
            let f = try AttackFixture()
            try f.handoff(f.bob, in: f.bobRepo).perform(.note(text: "Caf\u{e9} meeting moved"), on: f.bobsTask)
            let note = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let parts = try f.parts(of: note, in: f.bobRepo)
            var headerBytes = Array((parts.headers.joined(separator: "\n") + "\nencoding ISO-8859-1\n").utf8)
            headerBytes += []
            // The subject in Latin-1 (é as one byte 0xE9), the trailers as handoff wrote them.
            var message = Array(parts.message.utf8)
            if let subjectEnd = message.firstIndex(of: UInt8(ascii: "\n")) {
                message.insert(contentsOf: [0x20, 0x63, 0x61, 0x66, 0xE9], at: subjectEnd)
            }
            let commit = try f.signedCommit(headerBytes: headerBytes, rest: [UInt8(ascii: "\n")] + message, key: f.bob.key, in: f.bobRepo)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("a NUL byte in the committer header: C string readers stop at alice, a byte reader takes bob after it")
        func nulInHeader() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let bob = AttackFixture.identity(f.bob)
            let headerBytes = Array("tree \(tree)\nparent \(f.base)\nauthor \(bob)\ncommitter Alice <alice@example.com> 1764000000 +0000".utf8)
                + [0] + Array(" Bob <bob@example.com> 1764000000 +0000\n".utf8)
            let commit = try f.signedCommit(headerBytes: headerBytes, rest: Array("\nContext for the kick-off\n".utf8), key: f.bob.key, in: f.bobRepo)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("uppercase hex in the tree header (git accepts it; the object is not canonical)")
        func uppercaseTree() throws {
            let f = try AttackFixture()
            let tree = try f.bodyEditTree(in: f.bobRepo)
            let identity = AttackFixture.identity(f.bob)
            let commit = try f.bobCommit(tree: tree, headers: ["tree \(tree.uppercased())", "parent \(f.base)", "author \(identity)", "committer \(identity)"])
            #expect(try f.git(f.bobRepo, ["rev-parse", "\(commit)^{tree}"]) == tree, "git reads the uppercase tree id")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.headerRules)
        }

        @Test("uppercase hex forged tree, unsigned, by mallory (the issue's tree under a non-canonical id)")
        func uppercaseForgedTree() throws {
            let f = try AttackFixture()
            let commit = try f.malloryCommit(tree: try f.forgedTree(in: f.malloryRepo).uppercased())
            try f.expectAttackRefused(commit, from: f.malloryRepo, as: f.mallory, rules: AttackFixture.headerRules)
        }
    }
}
