import Foundation
import HandoffCore
import TestSupport
import Testing

/// `handoff` processes killed with SIGKILL at random moments never break the repository: fsck
/// stays clean, the branch is at the old or the new commit, and the next command finishes (with
/// a message) any working-tree update the killed one left half done.
@Suite struct CrashSafetyTests {
    static let kills = 100

    @Test("100 handoffs killed at random moments leave fsck clean, the branch at old or new, and verify clean")
    func killedAtRandomMoments() throws {
        let team = try TestTeam()
        let id = try CLI.newTask("Survives crashes", in: team)
        let path = try ConcurrentHandoffTests.path(of: id, in: team)
        let usual = try Self.usualDuration(of: ["note", id, "-m", "calibration"], in: team)
        let before = try team.commits().count
        var landed = 0
        var repairs = 0
        var staleLocks = 0
        for round in 1...Self.kills {
            let old = try team.gitText(["rev-parse", "main"])
            let delay = UInt32.random(in: 0...usual)
            let process = try team.startHandoff(["note", id, "-m", "killed note \(round)"], as: team.admin)
            usleep(delay)
            process.kill()
            _ = try process.wait()
            let fsck = try team.git(["fsck", "--strict"])
            #expect(fsck.status == 0, "round \(round), killed after \(delay) µs: \(fsck.stderrText)")
            let new = try team.gitText(["rev-parse", "main"])
            if new != old {
                #expect(try team.gitText(["rev-parse", "main~1"]) == old, "round \(round): main moved more than one commit")
                #expect(try team.gitText(["show", "main:\(path)"]).contains("killed note \(round)\n"))
                landed += 1
            }
            let dirty = try !team.gitText(["status", "--porcelain"]).isEmpty
            var next = try team.runHandoff(["note", id, "-m", "check \(round)"], as: team.admin)
            if next.status != 0, next.stderrText.contains("index.lock exists") {
                staleLocks += 1
                try FileManager.default.removeItem(atPath: team.repository + "/.git/index.lock")
                next = try team.runHandoff(["note", id, "-m", "check \(round)"], as: team.admin)
            }
            #expect(next.status == 0, "round \(round), killed after \(delay) µs: \(next.stderrText)")
            if dirty {
                #expect(next.stderrText.contains("was interrupted after commit"), "round \(round): \(next.stderrText)")
                repairs += 1
            }
            #expect(try team.gitText(["status", "--porcelain"]).isEmpty, "round \(round): not clean after the next command")
        }
        try ConcurrentHandoffTests.expectHealthy(team)
        #expect(try team.commits().count == before + landed + Self.kills, "one commit per landed note and per check")
        print("crash safety: \(Self.kills) kills within \(usual) µs, \(landed) landed, \(repairs) repaired, \(staleLocks) stale index locks")
    }

    /// The longest of three uninterrupted runs of `arguments`, in microseconds.
    static func usualDuration(of arguments: [String], in team: TestTeam) throws -> UInt32 {
        var longest: UInt64 = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            let output = try team.runHandoff(arguments, as: team.admin)
            try TestKeys.check(output, "handoff \(arguments.joined(separator: " "))")
            longest = max(longest, (DispatchTime.now().uptimeNanoseconds - start) / 1000)
        }
        return UInt32(longest)
    }
}
