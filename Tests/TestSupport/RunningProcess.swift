import Foundation

/// A program started without waiting for it, so tests can run several at once or kill one
/// half-way. Its output goes to files in a scratch folder that `wait()` reads and removes.
public final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    private let scratch: URL
    private let exited: DispatchSemaphore

    /// Starts `program` (a path) with `arguments` in `directory` with exactly `environment`.
    /// - Throws: when the program cannot be started.
    public init(_ program: String, _ arguments: [String], environment: [String: String], directory: String) throws {
        scratch = try TestKeys.temporaryDirectory()
        for name in ["stdout", "stderr"] { try Data().write(to: scratch.appendingPathComponent(name)) }
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: scratch.appendingPathComponent("stdout"))
        process.standardError = try FileHandle(forWritingTo: scratch.appendingPathComponent("stderr"))
        exited = Process.exitSignal(of: process)
        try process.run()
    }

    /// Kills the process with SIGKILL (it cannot catch or block that).
    public func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for the process to end.
    /// - Returns: its exit status (or the signal that ended it, negated) and its output.
    public func wait() throws -> TestKeys.Output {
        exited.wait()
        exited.signal()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let status = process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
        return TestKeys.Output(
            status: status, stdout: Array(try Data(contentsOf: scratch.appendingPathComponent("stdout"))),
            stderr: Array(try Data(contentsOf: scratch.appendingPathComponent("stderr"))))
    }
}

extension TestTeam {
    /// Starts the built `handoff` binary as `person` in the repository, without waiting.
    public func startHandoff(_ arguments: [String], as person: TestPerson) throws -> RunningProcess {
        try RunningProcess(Self.handoffBinary, arguments, environment: person.environment, directory: repository)
    }

    /// Runs the built `handoff` binary as `person` in the repository and waits for it.
    public func runHandoff(_ arguments: [String], as person: TestPerson) throws -> TestKeys.Output {
        try startHandoff(arguments, as: person).wait()
    }
}

extension Process {
    /// A semaphore signalled once `process` (not started yet) has exited. Waiting on it returns
    /// about 5 ms after the exit; `waitUntilExit` polls its run loop and returns about 30 ms
    /// after it, which every test that runs programs paid many times.
    static func exitSignal(of process: Process) -> DispatchSemaphore {
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        return exited
    }
}
