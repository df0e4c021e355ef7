import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 2: messages whose trailers `git interpret-trailers --parse` reads differently from a
    /// strict `Key: value` reader. Each starts from bob's real, signed `handoff note`, keeps its
    /// tree and headers, swaps the message and signs again with bob's key: a reader that finds no
    /// trailers sees an allowed hand edit (a note added to the body), while git's tools (and `git
    /// log --grep '^Handoff-Action: …'`) see a handoff event. Every one must be refused.
    @Suite struct Trailers {
        /// bob's note on his task re-signed with `message`; returns the commit and git's trailers.
        private func noteWithMessage(_ f: AttackFixture, _ makeMessage: (String) -> String) throws -> (commit: String, gitTrailers: String) {
            try f.handoff(f.bob, in: f.bobRepo).perform(.note(text: "Kick-off moved to Monday."), on: f.bobsTask)
            let note = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let parts = try f.parts(of: note, in: f.bobRepo)
            let message = makeMessage(f.bobsTask)
            let commit = try f.signedCommit(headers: parts.headers, message: message, key: f.bob.key, in: f.bobRepo)
            let trailers = try f.git(f.bobRepo, ["interpret-trailers", "--parse"], stdin: Array(message.utf8))
            return (commit, trailers)
        }

        /// Pushes and verifies `commit`, after checking git does read handoff trailers in it.
        private func expectRefused(_ f: AttackFixture, _ attack: (commit: String, gitTrailers: String), sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(attack.gitTrailers.contains("Handoff-"), "git interpret-trailers should read handoff trailers here, read:\n\(attack.gitTrailers)", sourceLocation: sourceLocation)
            try f.expectAttackRefused(attack.commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.trailerRules + ["message"], sourceLocation: sourceLocation)
        }

        @Test("Signed-off-by + a non-trailer line + Handoff-Action: accept: git keeps the block (25% rule), a strict reader drops it")
        func signedOffByBlock() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\n\nSigned-off-by: Bob <bob@example.com>\nthis line is not a trailer\nHandoff-Task: \(id)\nHandoff-Action: accept\nHandoff-To: bob@example.com\n"
            }
            #expect(attack.gitTrailers.contains("Handoff-Action: accept"))
            try expectRefused(f, attack)
        }

        @Test("a continuation line folded into Handoff-To: git reads one value 'bob@example.com carol@example.com'")
        func foldedContinuation() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\n\nHandoff-Task: \(id)\nHandoff-Action: offer\nHandoff-To: bob@example.com\n  carol@example.com\n"
            }
            #expect(attack.gitTrailers.contains("carol@example.com"))
            try expectRefused(f, attack)
        }

        @Test("'Handoff-Task : X' with a space before the colon: git reads the trailer, a strict reader none")
        func spaceBeforeColon() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\n\nHandoff-Task : \(id)\nHandoff-Action : accept\n"
            }
            try expectRefused(f, attack)
        }

        @Test("a comment line (#) inside the trailer block: git skips it and keeps the trailers")
        func commentLine() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\n\nHandoff-Task: \(id)\n# not a trailer\nHandoff-Action: accept\n"
            }
            try expectRefused(f, attack)
        }

        @Test("a '---' line after the trailers: git stops the message there and reads the trailers above it")
        func dividerLine() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\n\nHandoff-Task: \(id)\nHandoff-Action: accept\n---\nnothing to see\n"
            }
            try expectRefused(f, attack)
        }

        @Test("'---' before the trailers: a strict reader sees a real note operation, git sees no trailers at all")
        func dividerBeforeTrailers() throws {
            let f = try AttackFixture()
            try f.handoff(f.bob, in: f.bobRepo).perform(.note(text: "Kick-off moved to Monday."), on: f.bobsTask)
            let note = try f.git(f.bobRepo, ["rev-parse", "HEAD"], as: f.bob)
            let parts = try f.parts(of: note, in: f.bobRepo)
            let subject = String(parts.message.prefix { $0 != "\n" })
            let trailers = parts.message.components(separatedBy: "\n\n").last ?? ""
            let message = "\(subject)\n\n---\n\n\(trailers)"
            let commit = try f.signedCommit(headers: parts.headers, message: message, key: f.bob.key, in: f.bobRepo)
            let gitReading = try f.git(f.bobRepo, ["interpret-trailers", "--parse"], stdin: Array(message.utf8))
            #expect(!gitReading.contains("Handoff-"), "git should read no trailers after '---', read:\n\(gitReading)")
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.trailerRules + ["message"])
        }

        @Test("CRLF line endings: git trims the CR and reads the trailers; a character reader sees one paragraph")
        func crlfMessage() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\r\n\r\nHandoff-Task: \(id)\r\nHandoff-Action: accept\r\nHandoff-To: bob@example.com\r\n"
            }
            try expectRefused(f, attack)
        }

        @Test("CRLF on bob's real note: the operation is recorded, but its trailer values end in a carriage return")
        func crlfRealNote() throws {
            let f = try AttackFixture()
            let attack = try noteWithMessage(f) { id in
                "handoff: note \(id)\r\n\r\nHandoff-Task: \(id)\r\nHandoff-Action: note\r\n"
            }
            try expectRefused(f, attack)
        }
    }
}
