import Foundation
import HandoffCore
import TestSupport
import Testing

/// Several `handoff` processes on one repository at once, run as the built binary: none loses a
/// commit, and when they race for the same offer exactly one wins and the others say why.
@Suite struct ConcurrentHandoffTests {
    static let workers = 8
    static let notesPerWorker = 20

    @Test("8 processes × 20 notes on different tasks: all 160 commits land, verify and fsck are clean")
    func manyProcessesOnDifferentTasks() throws {
        let team = try TestTeam()
        let ids = try (0..<Self.workers).map { worker in try CLI.newTask("Task of worker \(worker)", in: team) }
        let before = try team.commits().count
        let loop = #"for i in $(seq 1 "$3"); do "$0" note "$1" -m "worker $2 note $i" || exit 1; done"#
        let processes = try ids.enumerated().map { worker, id in
            try RunningProcess(
                "/bin/sh", ["-c", loop, TestTeam.handoffBinary, id, "\(worker)", "\(Self.notesPerWorker)"],
                environment: team.admin.environment, directory: team.repository)
        }
        for (worker, process) in processes.enumerated() {
            let output = try process.wait()
            #expect(output.status == 0, "worker \(worker): \(output.stderrText)")
        }
        #expect(try team.commits().count == before + Self.workers * Self.notesPerWorker)
        for (worker, id) in ids.enumerated() {
            let shown = try team.gitText(["show", "HEAD:\(try Self.path(of: id, in: team))"])
            for note in 1...Self.notesPerWorker {
                #expect(shown.contains("worker \(worker) note \(note)\n"), "\(id) lacks note \(note)")
            }
        }
        try Self.expectHealthy(team)
    }

    @Test("8 processes accept the same offer at once: exactly one succeeds, the others exit 1 saying why")
    func raceForOneOffer() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let before = try team.commits().count
        let processes = try (0..<Self.workers).map { worker in
            try team.startHandoff(["accept", id, "--readback", "reader \(worker) takes it"], as: bob)
        }
        let outputs = try processes.map { try $0.wait() }
        let winners = outputs.filter { $0.status == 0 }
        #expect(winners.count == 1, "\(outputs.map(\.stderrText))")
        for loser in outputs where loser.status != 0 {
            #expect(loser.status == 1)
            #expect(loser.stderrText.hasPrefix("handoff: "), "\(loser.stderrText)")
            #expect(loser.stderrText.split(separator: "\n").count == 1, "\(loser.stderrText)")
            #expect(loser.stderrText.contains("\(id) has no pending offer"), "\(loser.stderrText)")
        }
        #expect(try team.commits().count == before + 1)
        #expect(try team.gitText(["show", "HEAD:\(try Self.path(of: id, in: team))"]).contains("owner: \(bob.email)"))
        try Self.expectHealthy(team)
    }

    @Test("a note and an accept racing on one task both land: the note is re-applied to the accepted task")
    func noteAndAcceptOnOneTask() throws {
        let (team, bob, id) = try CLI.teamWithTask()
        try CLI.offer(id, to: bob, in: team)
        let before = try team.commits().count
        var processes = try (0..<Self.workers - 1).map { worker in
            try team.startHandoff(["note", id, "-m", "racing note \(worker)"], as: team.admin)
        }
        processes.append(try team.startHandoff(["accept", id, "--readback", "got it"], as: bob))
        for process in processes {
            let output = try process.wait()
            #expect(output.status == 0, "\(output.stderrText)")
        }
        #expect(try team.commits().count == before + Self.workers)
        let file = try team.gitText(["show", "HEAD:\(try Self.path(of: id, in: team))"])
        #expect(file.contains("owner: \(bob.email)"))
        for worker in 0..<Self.workers - 1 { #expect(file.contains("racing note \(worker)")) }
        try Self.expectHealthy(team)
    }

    /// `handoff verify` (the binary) and `git fsck --strict` pass, and the working tree is clean.
    static func expectHealthy(_ team: TestTeam, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let verify = try team.runHandoff(["verify", "--no-cache"], as: team.admin)
        #expect(verify.status == 0, "verify: \(verify.stdoutText)\(verify.stderrText)", sourceLocation: sourceLocation)
        let fsck = try team.git(["fsck", "--strict"])
        #expect(fsck.status == 0, "fsck: \(fsck.stderrText)", sourceLocation: sourceLocation)
        #expect(try team.gitText(["status", "--porcelain"]).isEmpty, sourceLocation: sourceLocation)
    }

    /// The path of task `id` at HEAD.
    static func path(of id: String, in team: TestTeam) throws -> String {
        let files = try team.gitText(["ls-tree", "-r", "--name-only", "HEAD", "tasks"]).split(separator: "\n")
        return try #require(files.first { $0.hasSuffix("/\(id).md") }.map(String.init))
    }
}
