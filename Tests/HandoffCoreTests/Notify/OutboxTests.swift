import Foundation
@testable import HandoffNotify
import TestSupport
import Testing

/// The outbox's own promises: a key queues once, a key that could name another file queues
/// nothing, and back-off grows to six hours and stays there.
@Suite struct OutboxTests {
    static func entry(_ key: String) -> Outbox.Entry {
        let notice = Notice(kind: .reminder, key: key, recipient: "bob@example.com", task: "HO-1", subject: "s", body: "b", time: 1, event: nil)
        return Outbox.Entry(notice: notice, channel: "email", queuedAt: 1, order: 0, attempts: 0, nextAttempt: 1, lastError: nil)
    }

    @Test("the same key queues once; a key with a slash or a space queues nothing and writes nothing")
    func keys() throws {
        let folder = try TestKeys.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = Outbox(gitDirectory: folder.path + "/")
        #expect(try outbox.enqueue([Self.entry("r.HO-1.1.1.ab"), Self.entry("r.HO-1.1.1.ab")]) == 1)
        #expect(try outbox.enqueue([Self.entry("r.HO-1.1.1.ab")]) == 0)
        for bad in ["../../hooks/post-receive", "r.HO-1 x", ""] {
            #expect(throws: DeliveryError.self) { try outbox.enqueue([Self.entry(bad)]) }
        }
        #expect(outbox.waiting().map(\.name) == ["r.HO-1.1.1.ab.email"])
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/hooks"))
    }

    @Test("back-off: 1 minute, doubling, at most 6 hours")
    func backOff() {
        #expect((1...12).map { Outbox.backOff(afterAttempts: $0) } == [60, 120, 240, 480, 960, 1_920, 3_840, 7_680, 15_360, 21_600, 21_600, 21_600])
        #expect(Outbox.backOff(afterAttempts: 1_000) == 21_600)
    }
}
