import Foundation
import HandoffCore
import TestSupport
import Testing

/// A repository ready for one faulted command, and how to run that command under strace.
final class FaultScenario {
    /// alice's repository (and, for sync, the server and bob's clone).
    let team: TestTeam
    /// The sync fixture, for `sync`.
    let fixture: SyncFixture?
    /// Who runs the command.
    let person: TestPerson
    /// The command's arguments.
    let arguments: [String]
    /// The task file the command changes; nil for `new`.
    let taskPath: String?
    /// The branch's tip before the command.
    let base: String
    /// The subject prefix of the commit the command makes, e.g. `handoff: note `.
    let subject: String
    /// Where strace writes what it saw.
    let log: String

    /// The text of the note `note` and `sync` record (sync: alice's unpushed note).
    static let noteText = "note written through a fault"
    /// bob's note, which sync brings from the server.
    static let upstreamNote = "bob's note from upstream"

    /// Sets up what `command` needs: a task alice owns (offered to bob for `accept`), or for
    /// `sync` an unpushed note of alice's and one of bob's on the server, fetched already when
    /// `fetchFirst`.
    init(_ command: FaultedCommand, fetchFirst: Bool = false) throws {
        if command == .sync {
            let fixture = try SyncFixture()
            let alice = fixture.team.admin
            try fixture.handoff(fixture.bob, in: fixture.bobClone).perform(.note(text: Self.upstreamNote), on: fixture.second)
            _ = try fixture.handoff(fixture.bob, in: fixture.bobClone).sync()
            try fixture.handoff(alice).perform(.note(text: Self.noteText), on: fixture.second)
            if fetchFirst { try TestKeys.check(try fixture.team.git(["fetch", "-q", "origin"]), "git fetch") }
            self.fixture = fixture
            team = fixture.team
            person = alice
            arguments = ["sync"]
            taskPath = try fixture.path(of: fixture.second)
            subject = ""
        } else {
            fixture = nil
            team = try TestTeam()
            let bob = try team.person("bob", stages: ["onboarding"])
            let alice = team.handoff(as: team.admin)
            let id = try alice.newTask(NewTaskRequest(title: "Survives faults", stage: "sales")).task.id
            taskPath = try alice.show(id).entry.path
            person = command == .accept ? bob : team.admin
            switch command {
            case .new: arguments = ["new", "Made through a fault", "--stage", "sales"]
            case .offer: arguments = ["offer", id, "--to", bob.email, "-m", TestBriefs.completeMarkdown]
            case .accept:
                try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
                arguments = ["accept", id, "--readback", "Onboarding next, SSO open, launch date fixed."]
            case .note, .sync: arguments = ["note", id, "-m", Self.noteText]
            }
            subject = "handoff: \(command.rawValue) "
        }
        base = try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        log = team.root.appendingPathComponent("strace.log").path
    }

    /// The absolute path strace's `-P` gets for `target`, or nil for a call chosen by number.
    func path(of target: FaultTarget) -> String? {
        switch target {
        case .repository(let path): team.repository + "/" + path
        case .server(let path): (fixture?.server ?? "") + "/" + path
        case .workingTemporary:
            taskPath.map { team.repository + "/" + ($0 as NSString).deletingLastPathComponent + "/." + ($0 as NSString).lastPathComponent + ".handoff-tmp" }
        case .numbered: nil
        }
    }

    /// What the faulted call must name: the path, or part of it for a call chosen by number.
    func expectedPath(of target: FaultTarget) -> String {
        if case .numbered(let expected) = target { return expected }
        return path(of: target) ?? ""
    }

    /// Runs the command under strace, faulting `step` with `fault`.
    func runFaulted(_ step: FaultStep, _ fault: Fault) throws -> TestKeys.Output {
        var arguments = ["-f", "-y", "-o", log, "-e", "trace=\(step.syscall)"]
        if let path = path(of: step.target) { arguments += ["-P", path] }
        // A full disk stays full: ENOSPC also fails the call's retries.
        let calls = fault == .kill || step.retries == 0 ? "\(step.occurrence)" : "\(step.occurrence)..\(step.occurrence + step.retries)"
        arguments += ["-e", "inject=\(step.syscall):\(fault.injection):when=\(calls)", TestTeam.handoffBinary] + self.arguments
        return try TestKeys.run("strace", arguments, environment: person.environment, currentDirectory: URL(fileURLWithPath: team.repository))
    }

    /// Runs the command again, without strace.
    func run() throws -> TestKeys.Output {
        try team.runHandoff(arguments, as: person)
    }

    /// The line of strace's log naming the call it faulted: the one marked INJECTED, or the
    /// last call of the process it killed.
    func faultedCall(_ step: FaultStep, _ fault: Fault) -> String? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map(String.init)
        if fault == .noSpace { return lines.first { $0.hasSuffix("(INJECTED)") } }
        // Every thread of the killed process reports its death; one of them made the call.
        let killed = Set(lines.filter { $0.hasSuffix("+++ killed by SIGKILL +++") }.compactMap { $0.split(separator: " ").first })
        return lines.last { line in line.split(separator: " ").first.map(killed.contains) == true && line.contains(step.syscall + "(") }
    }

    /// The branch's tip now.
    func head() throws -> String {
        try team.gitText(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Files a handoff command writes while it works and removes when it is done.
    func leftovers() -> [String] {
        var paths = [".git/handoff-sync", ".git/.handoff-sync.handoff-tmp", ".git/index.lock", ".git/refs/heads/main.lock"]
        if let temporary = path(of: .workingTemporary) { paths.append(String(temporary.dropFirst(team.repository.count + 1))) }
        return paths.filter { FileManager.default.fileExists(atPath: team.repository + "/" + $0) }
    }
}
