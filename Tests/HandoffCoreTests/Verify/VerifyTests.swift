import Foundation
import HandoffCore
@testable import HandoffStore
import TestSupport
import Testing

/// `verify` in-process: legitimate histories pass; each rule names the commit, task and fix.
@Suite struct VerifyTests {
    @Test("a full lifecycle with every operation verifies clean, and a second run uses the cache")
    func lifecycleClean() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["sales", "onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Everything", stage: "sales", labels: ["a"], fields: [("customer", "ACME")])).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.decline(reason: "busy"), on: id)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try alice.perform(.withdraw(reason: nil), on: id)
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        try team.handoff(as: bob).perform(.accept(readback: "got it"), on: id)
        try alice.perform(.note(text: "multi\nline\nnote"), on: id)
        try team.handoff(as: bob).perform(.close(resolution: "shipped"), on: id)
        try team.handoff(as: bob).perform(.reopen(reason: nil), on: id)
        try alice.perform(.reassign(to: team.admin.email, reason: "bob left"), on: id)
        try alice.removeMember(email: bob.email)
        let first = try alice.verify()
        #expect(first.violations == [])
        #expect(first.checked == 14)
        let second = try alice.verify()
        #expect(second.checked == 0 && second.cached == 14)
    }

    @Test("a CRLF task file with a BOM keeps verifying through handoffs")
    func crlfTask() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Windows", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        let crlf = "\u{FEFF}" + (try team.read(path)).replacingOccurrences(of: "\n", with: "\r\n")
        try team.write(crlf, to: path)
        #expect(try team.git(["commit", "-q", "-am", "crlf"]).status == 0)
        try alice.perform(.note(text: "still fine"), on: id)
        let committed = try team.gitText(["show", "HEAD:\(path)"])
        #expect(committed.hasPrefix("\u{FEFF}---\r\n"))
        #expect(committed.hasSuffix("still fine\r\n"))
        #expect(try alice.verify(useCache: false).violations == [])
    }

    @Test("a pinned trust root skips older history and checks what follows")
    func pinnedTrustRoot() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        _ = try alice.newTask(NewTaskRequest(title: "One", stage: "sales"))
        let root = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try alice.newTask(NewTaskRequest(title: "Two", stage: "sales"))
        let report = try alice.verify(trustRoot: root, useCache: false)
        #expect(report.checked == 1)
        #expect(report.trustRoot == root)
        #expect(throws: HandoffError.self) { try alice.verify(trustRoot: "no-such-commit") }
    }

    @Test("a trailer-less commit that edits the offer block is reported with the command to use")
    func handEditedOffer() throws {
        let team = try TestTeam()
        let bob = try team.person("bob", stages: ["onboarding"])
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        let path = try alice.show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "  to: bob@example.com", with: "  to: alice@example.com"), to: path)
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", "redirect"]).status == 0)
        let violations = try alice.verify(useCache: false).violations
        #expect(violations.count == 1)
        #expect(violations.first?.rule == .handEdit)
        #expect(violations.first?.task == id)
        #expect(violations.first?.line.contains("changes 'offer' by hand; use 'handoff offer', 'handoff withdraw' or 'handoff decline' instead") == true)
    }

    @Test("a handoff commit that also edits other lines is caught by recomputing the operation")
    func operationPlusExtraEdit() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "T", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        try alice.perform(.note(text: "legit"), on: id)
        let raw = try team.gitText(["log", "-1", "--format=%B"])
        try team.git(["reset", "-q", "--soft", "HEAD~1"])
        try team.write(try team.read(path).replacingOccurrences(of: "priority: normal", with: "priority: urgent"), to: path)
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", raw]).status == 0)
        let violations = try alice.verify(useCache: false).violations
        #expect(violations.map(\.rule) == [.transition])
        #expect(violations.first?.message.contains("not what 'note' by alice@example.com makes of the parent's file") == true)
    }
}

/// The verified cache is believed only when its sum is right.
@Suite struct VerifiedCacheTests {
    @Test("an id appended to the verified cache by hand is not believed: the bad commit is reported again")
    func appendedIDIsNotBelieved() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        let id = try alice.newTask(NewTaskRequest(title: "Cached", stage: "sales")).task.id
        let path = try alice.show(id).entry.path
        try team.write(try team.read(path).replacingOccurrences(of: "owner: alice@example.com", with: "owner: mallory@example.com"), to: path)
        #expect(try team.git(["commit", "-q", "--no-verify", "-am", "owner by hand"]).status == 0)
        let bad = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let first = try alice.verify()
        #expect(first.violations.contains { $0.commit == bad })
        let folder = team.repository + "/.git/handoff/verified/rules-\(VerifiedCache.rulesVersion)"
        let file = folder + "/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first))
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((bad + "\n").utf8))
        try handle.close()
        let second = try alice.verify()
        #expect(second.cached == 0 && second.violations.contains { $0.commit == bad }, "\(second)")
        let third = try alice.verify()
        #expect(third.cached > 0 && third.violations.contains { $0.commit == bad })
    }

    @Test("a torn verified cache, or one copied from another repository, is not believed: everything is checked again")
    func tornOrForeignCacheIsNotBelieved() throws {
        let team = try TestTeam()
        let alice = team.handoff(as: team.admin)
        _ = try alice.newTask(NewTaskRequest(title: "Cached", stage: "sales"))
        _ = try alice.verify()
        let folder = team.repository + "/.git/handoff/verified/rules-\(VerifiedCache.rulesVersion)"
        let file = folder + "/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first))
        #expect(try alice.verify().cached > 0, "the cache is used when intact")

        let whole = try Data(contentsOf: URL(fileURLWithPath: file))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: file))
        let afterTear = try alice.verify()
        #expect(afterTear.cached == 0 && afterTear.violations.isEmpty, "\(afterTear)")

        // A clone's cache: the same commits under the same trust root, with a valid sum under
        // the clone's own key, put in this repository's place.
        let clone = team.root.appendingPathComponent("clone").path
        #expect(try team.git(["clone", "-q", team.repository, clone]).status == 0)
        let cloned = Handoff(context: team.context(for: team.admin, directory: clone))
        #expect(try cloned.verify().checked > 0)
        #expect(try cloned.verify().cached > 0, "the clone believes its own cache")
        let otherFile = clone + "/.git/handoff/verified/rules-\(VerifiedCache.rulesVersion)/" + (file as NSString).lastPathComponent
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.copyItem(atPath: otherFile, toPath: file)
        let afterCopy = try alice.verify()
        #expect(afterCopy.cached == 0 && afterCopy.violations.isEmpty, "\(afterCopy)")
    }
}
