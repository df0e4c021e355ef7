import Foundation
import GitKit
import HandoffCore
import TestSupport
import Testing

/// A failure underneath keeps its cause: code that decides by it (a locked file, a missing
/// object) reads libgit2's code, not the words of the message.
@Suite struct ErrorCauseTests {
    @Test("a libgit2 failure keeps the GitError, with its code and what was being done")
    func gitCause() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        let head = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = team.repository + "/.git/objects/" + head.prefix(2) + "/" + head.dropFirst(2)
        #expect(FileManager.default.fileExists(atPath: object), "the tip is a loose object")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: object)
        try Data("not zlib".utf8).write(to: URL(fileURLWithPath: object))
        do {
            try alice.perform(.note(text: "n"), on: id)
            Issue.record("a note on a corrupt tip must fail")
        } catch {
            let cause = try #require(error.gitError, "\(error.message)")
            #expect(cause.code < 0)
            #expect(error.message.contains(cause.operation), "\(error.message) / \(cause.operation)")
        }
    }

    @Test("a signing failure keeps the signer's error")
    func signingCause() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        try FileManager.default.removeItem(atPath: team.admin.key.privateKeyPath)
        do {
            try alice.perform(.note(text: "n"), on: id)
            Issue.record("a note without a signing key must fail")
        } catch {
            #expect(error.kind == .environment)
            #expect(error.cause is SigningError, "\(error.message): \(String(describing: error.cause))")
        }
    }
}
