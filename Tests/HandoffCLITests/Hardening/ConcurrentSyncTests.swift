import Foundation
import HandoffCore
import TestSupport
import Testing

/// `sync` beside another handoff command in the same clone, both run as the built binary, as a
/// user starts them from two terminals: they take turns on the branch lock, neither mistakes the
/// other's index update for changes the user staged, and nothing either of them wrote is lost.
///
/// Each round is the situation a tester reported ("sync beside an accept fails 7 times in 12 with
/// 'has staged changes'"): a teammate's offer to bob waits upstream, another offer to him is
/// already in his clone, and the teammate also noted on that task upstream, so sync has to move
/// the very file the racing command changes.
@Suite struct ConcurrentSyncTests {
    static let rounds = 12
    /// Microseconds between the two starts, cycled through the rounds (a process starts in a few ms).
    static let delays: [UInt32] = [0, 2_000, 10_000, 30_000]

    @Test("sync racing accept or note in one clone, 12 rounds: no spurious 'staged changes', nothing lost, index in step")
    func syncBesideAcceptAndNote() throws {
        let fixture = try SyncFixture()
        let alice = fixture.handoff(fixture.team.admin)
        let bob = fixture.bob
        var owned: String?
        var bothLanded = 0
        // Offers already in bob's clone, one a round.
        let locals = try (1...Self.rounds).map { round in
            let id = try alice.newTask(NewTaskRequest(title: "Local offer \(round)", stage: "sales")).task.id
            try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
            return id
        }
        _ = try alice.sync()
        Self.expectSuccess(try Self.run(["sync"], as: bob, in: fixture), "bob's first sync")
        for (local, round) in zip(locals, 1...Self.rounds) {
            // Odd rounds race an accept of the local offer, even ones a note on the task bob
            // accepted last; the teammate notes the same task upstream.
            let racing = round.isMultiple(of: 2) ? owned ?? local : local
            try alice.perform(.note(text: "upstream note \(round)"), on: racing)
            // A teammate's offer to bob that only upstream has.
            let upstream = try alice.newTask(NewTaskRequest(title: "Upstream offer \(round)", stage: "sales")).task.id
            try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: upstream)
            _ = try alice.sync()

            let isAccept = racing == local
            let text = isAccept ? "read back \(round)" : "racing note \(round)"
            let other = isAccept ? ["accept", local, "--readback", text] : ["note", racing, "-m", text]
            let delay = Self.delays[round % Self.delays.count]
            let syncFirst = round % 3 != 0
            let first = try Self.start(syncFirst ? ["sync"] : other, as: bob, in: fixture)
            usleep(delay)
            let second = try Self.start(syncFirst ? other : ["sync"], as: bob, in: fixture)
            let outputs = (try first.wait(), try second.wait())
            let (synced, handed) = syncFirst ? outputs : (outputs.1, outputs.0)
            let label = "round \(round) (\(other[0]), sync \(syncFirst ? "first" : "second"), \(delay) µs)"
            Self.expectHonest(synced, "\(label), sync")
            Self.expectHonest(handed, "\(label), \(other[0])")
            if synced.status == 0 && handed.status == 0 { bothLanded += 1 }
            if isAccept, handed.status == 0 { owned = local }

            try Self.expectInStep(fixture, label)
            let file = try Self.committed(racing, at: "HEAD", in: fixture.bobClone, fixture)
            if handed.status == 0 { #expect(file.contains(text), "\(label): HEAD lacks what \(other[0]) wrote") }
            if synced.status == 0 { #expect(file.contains("upstream note \(round)"), "\(label): HEAD lacks the teammate's note") }
            Self.expectSuccess(try Self.run(["sync"], as: bob, in: fixture), "\(label): the sync after")
            try Self.expectInStep(fixture, label)
            let pushed = try Self.committed(racing, at: "main", in: fixture.server, fixture)
            #expect(pushed.contains("upstream note \(round)"), "\(label): the server lost the teammate's note")
            if handed.status == 0 { #expect(pushed.contains(text), "\(label): the server lacks what \(other[0]) wrote") }
        }
        // Losing a race is allowed; losing most of them would make the commands useless side by side.
        #expect(bothLanded >= Self.rounds / 2, "only \(bothLanded) of \(Self.rounds) rounds had both commands succeed")
        #expect(try fixture.verifyServer().status == 0)
        let fsck = try fixture.fsck(fixture.bobClone)
        #expect(fsck.status == 0, "fsck: \(fsck.stderrText)")
    }

    @Test("sync beside an accept killed after it moved the branch: sync finishes the accept's update instead of refusing with 'staged changes'")
    func syncBesideKilledAccept() throws {
        let fixture = try SyncFixture()
        let alice = fixture.handoff(fixture.team.admin)
        let bob = fixture.bob
        let id = try alice.newTask(NewTaskRequest(title: "Offered", stage: "sales")).task.id
        try alice.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: id)
        _ = try alice.sync()
        _ = try fixture.handoff(bob, in: fixture.bobClone).sync()
        try alice.perform(.note(text: "upstream note"), on: id)
        _ = try alice.sync()
        // The git sync runs: its first fetch starts, and waits for, an accept in the same clone that
        // strace kills as it opens index.lock, after the branch moved and before the index followed.
        let folder = fixture.team.root.appendingPathComponent("git-with-a-killed-accept")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let marker = folder.appendingPathComponent("done").path
        let script = """
            #!/bin/sh
            if [ "$1" = fetch ] && [ ! -e '\(marker)' ]; then
              touch '\(marker)'
              '\(try TestKeys.executable("strace"))' -f -o /dev/null -e trace=openat -e inject=openat:signal=KILL -P "$PWD/.git/index.lock" \\
                '\(TestTeam.handoffBinary)' accept \(id) --readback 'read back before the kill'
            fi
            exec '\(try TestKeys.executable("git"))' "$@"
            """
        try Data(script.utf8).write(to: folder.appendingPathComponent("git"))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.appendingPathComponent("git").path)
        var environment = bob.environment
        environment["PATH"] = folder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")

        let synced = try RunningProcess(TestTeam.handoffBinary, ["sync"], environment: environment, directory: fixture.bobClone).wait()
        #expect(FileManager.default.fileExists(atPath: marker), "the accept was not started")
        #expect(synced.status == 0 && !synced.stderrText.contains("staged"), "\(synced.stderrText)")
        let file = try Self.committed(id, at: "HEAD", in: fixture.bobClone, fixture)
        #expect(file.contains("owner: \(bob.email)") && file.contains("read back before the kill") && file.contains("upstream note"), "\(file)")
        try Self.expectInStep(fixture, "after sync")
        #expect(try Self.committed(id, at: "main", in: fixture.server, fixture).contains("read back before the kill"))
        #expect(try fixture.verifyServer().status == 0)
    }

    /// Starts the built binary as `person` in bob's clone.
    static func start(_ arguments: [String], as person: TestPerson, in fixture: SyncFixture) throws -> RunningProcess {
        try RunningProcess(TestTeam.handoffBinary, arguments, environment: person.environment, directory: fixture.bobClone)
    }

    /// Runs the built binary as `person` in bob's clone and waits for it.
    static func run(_ arguments: [String], as person: TestPerson, in fixture: SyncFixture) throws -> TestKeys.Output {
        try start(arguments, as: person, in: fixture).wait()
    }

    /// A command succeeded, or failed saying it lost a race and should be run again; never a
    /// refusal about staged changes (bob stages nothing), never a crash.
    static func expectHonest(_ output: TestKeys.Output, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.stderrText.contains("staged"), "\(label): \(output.stderrText)", sourceLocation: sourceLocation)
        guard output.status != 0 else { return }
        #expect(output.status == 1, "\(label): exit \(output.status): \(output.stderrText)", sourceLocation: sourceLocation)
        #expect(output.stderrText.contains("again"), "\(label): \(output.stderrText)", sourceLocation: sourceLocation)
    }

    static func expectSuccess(_ output: TestKeys.Output, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 0, "\(label): \(output.stderrText)", sourceLocation: sourceLocation)
    }

    /// Bob's index and working tree hold exactly HEAD: nothing staged, modified or left behind.
    static func expectInStep(_ fixture: SyncFixture, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try fixture.gitText(fixture.bobClone, ["status", "--porcelain"], as: fixture.bob)
        #expect(status.isEmpty, "\(label): git status: \(status)", sourceLocation: sourceLocation)
        let journal = fixture.bobClone + "/.git/handoff-sync"
        #expect(!FileManager.default.fileExists(atPath: journal), "\(label): a journal was left", sourceLocation: sourceLocation)
    }

    /// The task file of `id` as `revision` holds it in the repository at `directory`.
    static func committed(_ id: String, at revision: String, in directory: String, _ fixture: SyncFixture) throws -> String {
        let files = try fixture.gitText(directory, ["ls-tree", "-r", "--name-only", revision, "tasks"], as: fixture.bob).split(separator: "\n")
        let path = try #require(files.first { $0.hasSuffix("/\(id).md") })
        return try fixture.gitText(directory, ["show", "\(revision):\(path)"], as: fixture.bob)
    }
}
